import { writeFileSync } from 'node:fs';
import type { App } from '../../src/app/open';
import { recordConsents } from '../../src/contacts/consent/ledger';
import { reserveIds } from '../../src/contacts/ids';
import { addressKey, nameKey, postcodeKey } from '../../src/contacts/normalise';
import type { SourceInput } from '../../src/contacts/sources';
import { addSource } from '../../src/contacts/sources';
import { idOf } from './contacts-people';
import { contactsDb } from '../../src/contacts/tables';
import type { Channel } from '../../src/contacts/vocabulary';

/** Test people written straight into the contacts tables (no import pipeline), with their consents. */
export interface FixturePerson {
  readonly given: string;
  readonly family: string;
  readonly birthYear?: number;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
  readonly address?: { street: string; postcode: string; city: string };
  readonly tags?: readonly string[];
  readonly fields?: Readonly<Record<string, string>>;
  readonly activities?: readonly string[];
  readonly consents?: readonly (readonly [purpose: string, channel: Channel, granted: boolean])[];
}

export const DAY = 86_400_000;

export async function fixtureSource(app: App, over: Partial<SourceInput> = {}): Promise<number> {
  const input: SourceInput = { kind: 'signup', label: 'site form', collectedAt: Date.UTC(2024, 0, 10), collector: 'form:site', basis: 'consent', noticeVersion: 'v1', ...over };
  return (await contactsDb(app.store.db).transaction().execute((trx) => addSource(trx, input))).id;
}

/** Inserts one person from `sourceId` and returns their id. */
export async function insertPerson(app: App, p: FixturePerson, sourceId: number, at = Date.UTC(2024, 0, 10)): Promise<number> {
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(trx, 'people', 1);
      const household = p.address ? addressKey(p.address.street, p.address.postcode, p.address.city, 'FR') : null;
      const block = household ? `a:${household}` : `n:${nameKey(p.given, p.family)}`;
      await trx.insertInto('people').values({ id, given_name: p.given, family_name: p.family, birth_year: p.birthYear ?? null, gender: null, language: 'fr', support: 2, volunteer: 0, area: '34', block_key: block, source_id: sourceId, created_at: at, updated_at: at }).execute();
      await trx.insertInto('person_sources').values({ person_id: id, source_id: sourceId, line: id + 1, at }).execute();
      for (const e of p.emails ?? []) await trx.insertInto('contact_points').values({ person_id: id, source_id: sourceId, kind: 'email', value: e, created_at: at }).execute();
      for (const v of p.phones ?? []) await trx.insertInto('contact_points').values({ person_id: id, source_id: sourceId, kind: 'phone', value: v, created_at: at }).execute();
      if (p.address) {
        const a = p.address;
        await trx.insertInto('addresses').values({ person_id: id, source_id: sourceId, street: a.street, postcode: postcodeKey(a.postcode, 'FR'), city: a.city, country: 'FR', household, created_at: at }).execute();
      }
      for (const t of p.tags ?? []) await trx.insertInto('person_tags').values({ person_id: id, source_id: sourceId, tag_id: await idOf(trx, 'tags', t) }).execute();
      for (const [name, value] of Object.entries(p.fields ?? {})) await trx.insertInto('person_fields').values({ person_id: id, source_id: sourceId, field_id: await idOf(trx, 'fields', name), value, num: null }).execute();
      for (const detail of p.activities ?? []) {
        const aid = await reserveIds(trx, 'activities', 1);
        await trx.insertInto('activities').values({ id: aid, person_id: id, source_id: sourceId, kind: 'note', channel: 'door', at, actor: 'alice', detail }).execute();
      }
      const consents = (p.consents ?? []).map(([purpose, channel, granted]) => ({ personId: id, purpose, channel, granted, sourceId, at, actor: 'form:site', noticeVersion: 'v1' }));
      await recordConsents(trx, consents);
      return id;
    });
}

/** A list holding `ids`. */
export async function insertList(app: App, ids: readonly number[], channel: Channel = 'door'): Promise<number> {
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(trx, 'contact_lists', 1);
      await trx.insertInto('contact_lists').values({ id, name: 'walk list', purpose: 'canvassing', channel, assigned_to: 'bob', created_by: 'alice', created_at: Date.now(), expires_at: null }).execute();
      if (ids.length) await trx.insertInto('list_members').values(ids.map((person_id) => ({ list_id: id, person_id }))).execute();
      return id;
    });
}

/**
 * Writes a CSV export the way the platform does (header on line 1, one CRLF line per entry, a
 * person may have several) and registers it in contact_exports / export_lines.
 */
export async function writeExportFile(app: App, path: string, header: string, entries: readonly (readonly [personId: number, line: string])[]): Promise<number> {
  writeFileSync(path, [header, ...entries.map((e) => e[1])].map((l) => `${l}\r\n`).join(''), { mode: 0o600 });
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const id = await reserveIds(trx, 'contact_exports', 1);
      await trx.insertInto('contact_exports').values({ id, kind: 'csv', path, purpose: 'canvassing', channel: 'door', rows: entries.length, created_by: 'alice', created_at: Date.now() }).execute();
      await trx.insertInto('export_lines').values(entries.map(([person_id], i) => ({ export_id: id, line: i + 2, person_id }))).execute();
      return id;
    });
}
