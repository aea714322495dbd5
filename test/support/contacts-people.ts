import type { AnyDb } from '../../src/store';
import type { ConsentEntry } from '../../src/contacts/consent/ledger';
import { recordConsents } from '../../src/contacts/consent/ledger';
import type { Suppression } from '../../src/contacts/consent/suppress';
import { suppress } from '../../src/contacts/consent/suppress';
import { reserveIds } from '../../src/contacts/ids';
import { addSource } from '../../src/contacts/sources';
import type { ContactsDb } from '../../src/contacts/tables';
import { contactsDb } from '../../src/contacts/tables';

/** A person to insert directly (no import pipeline): values are stored as given, already normalised. */
export interface PersonSpec {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly area?: string;
  readonly support?: number;
  readonly birthYear?: number;
  readonly volunteer?: boolean;
  readonly language?: string;
  readonly gender?: string;
  readonly emails?: readonly string[];
  /** E.164, e.g. '+33612345678'. */
  readonly phones?: readonly string[];
  readonly address?: { street?: string; postcode?: string; city?: string; country?: string } | null;
  readonly tags?: readonly string[];
  readonly fields?: Readonly<Record<string, string | number>>;
}

async function testSource(trx: ContactsDb, now: number): Promise<number> {
  return (await addSource(trx, { kind: 'manual', label: 'test', collectedAt: now, collector: 'test', basis: 'consent', noticeVersion: null }, now)).id;
}

/** The id of a tag or field name, made when it is new. */
export async function idOf(trx: ContactsDb, table: 'tags' | 'fields', name: string): Promise<number> {
  const row = await trx.selectFrom(table).select('id').where('name', '=', name).executeTakeFirst();
  if (row) return Number(row.id);
  const id = await reserveIds(trx, table, 1);
  await trx.insertInto(table).values({ id, name }).execute();
  return id;
}

async function insertDetails(trx: ContactsDb, id: number, p: PersonSpec, source_id: number, now: number): Promise<void> {
  const points = [...(p.emails ?? []).map((value) => ({ kind: 'email', value })), ...(p.phones ?? []).map((value) => ({ kind: 'phone', value }))];
  if (points.length) await trx.insertInto('contact_points').values(points.map((x) => ({ ...x, person_id: id, source_id, created_at: now }))).execute();
  if (p.address) {
    const a = p.address;
    await trx
      .insertInto('addresses')
      .values({ person_id: id, source_id, street: a.street ?? null, postcode: a.postcode ?? null, city: a.city ?? null, country: a.country ?? null, household: null, created_at: now })
      .execute();
  }
  for (const tag of p.tags ?? []) await trx.insertInto('person_tags').values({ person_id: id, source_id, tag_id: await idOf(trx, 'tags', tag) }).execute();
  for (const [name, v] of Object.entries(p.fields ?? {})) {
    const num = typeof v === 'number' ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : null;
    await trx.insertInto('person_fields').values({ person_id: id, source_id, field_id: await idOf(trx, 'fields', name), value: String(v), num }).execute();
  }
}

/** Inserts people with their details in one transaction; returns their ids in order. */
export async function addPeople(db: AnyDb, people: readonly PersonSpec[], now = 1_700_000_000_000): Promise<number[]> {
  if (people.length === 0) return [];
  return contactsDb(db).transaction().execute(async (trx) => {
    const source_id = await testSource(trx, now);
    const first = await reserveIds(trx, 'people', people.length);
    const ids = people.map((_, i) => first + i);
    const rows = people.map((p, i) => ({
      id: ids[i]!,
      given_name: p.givenName ?? null,
      family_name: p.familyName ?? null,
      birth_year: p.birthYear ?? null,
      gender: p.gender ?? null,
      language: p.language ?? null,
      support: p.support ?? null,
      volunteer: p.volunteer ? 1 : 0,
      area: p.area ?? null,
      block_key: null,
      source_id,
      created_at: now,
      updated_at: now,
    }));
    await trx.insertInto('people').values(rows).execute();
    for (let i = 0; i < people.length; i++) await insertDetails(trx, ids[i]!, people[i]!, source_id, now);
    return ids;
  });
}

export type TestConsent = Pick<ConsentEntry, 'personId' | 'purpose' | 'channel' | 'granted' | 'at'>;

/** Records consent entries (through the ledger, as the app does) in one transaction. */
export async function addConsents(db: AnyDb, entries: readonly TestConsent[]): Promise<void> {
  await contactsDb(db).transaction().execute(async (trx) => {
    const sourceId = await testSource(trx, 1_700_000_000_000);
    await recordConsents(
      trx,
      entries.map((e) => ({ ...e, sourceId, actor: 'test', noticeVersion: null })),
    );
  });
}

/** Suppresses people on channels (or '*'), as the app does. */
export async function addSuppressions(db: AnyDb, items: readonly Pick<Suppression, 'personId' | 'channel'>[]): Promise<void> {
  await contactsDb(db).transaction().execute((trx) => suppress(trx, items.map((s) => ({ ...s, reason: 'test', actor: 'test' }))));
}
