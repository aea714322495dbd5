import { InputError, NotFoundError } from '../../core/errors';
import { appendAudit } from '../audit';
import type { SuppressChannel } from '../consent/suppress';
import { suppress } from '../consent/suppress';
import { addressKey, nameKey } from '../normalise';
import { addSource } from '../sources';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import type { Basis } from '../vocabulary';
import { HASH_SPACES } from './identity';
import type { CleanChanges } from './rectify-input';
import { cleanChanges } from './rectify-input';
import type { RightsApp } from './requests';

export type { Changes } from './rectify-input';

export interface Rectified {
  /** The names of the fields changed, as in the audit entry (never their values). */
  readonly fields: readonly string[];
}

/**
 * Rectification (GDPR art. 16): corrects a person's fields, contact points and address in one
 * transaction; audited as 'contacts.rectify' with the changed field names only. New values get a
 * source of their own (kind 'manual', collected by `actor`, on the basis of the person's first
 * source), so the record still says where each value came from.
 */
export async function rectify(app: RightsApp, personId: number, changes: unknown, actor: string, now = Date.now()): Promise<Rectified> {
  const c = cleanChanges(changes, now);
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const p = await trx.selectFrom('people').select(['id', 'source_id']).where('id', '=', personId).executeTakeFirst();
      if (!p) throw new NotFoundError(`person ${personId}: no such person`);
      const fields = Object.keys(c.people);
      let sourceId: number | null = null;
      const source = async (): Promise<number> => (sourceId ??= await newSource(trx, personId, Number(p.source_id), actor, now));
      fields.push(...(await changePoints(trx, app, { personId, actor }, c, source, now)));
      if (c.address !== undefined) {
        await trx.deleteFrom('addresses').where('person_id', '=', personId).execute();
        if (c.address) await insertAddress(trx, personId, c.address, await source(), now);
        fields.push('address');
      }
      if (fields.length === 0) return { fields };
      await trx.updateTable('people').set({ ...c.people, updated_at: now }).where('id', '=', personId).execute();
      await updateBlockKey(trx, personId);
      await appendAudit(trx, app.store.dialect, { actor, action: 'contacts.rectify', subject: `person:${personId}`, detail: { fields } }, now);
      return { fields };
    });
}

async function newSource(trx: ContactsDb, personId: number, firstSource: number, actor: string, now: number): Promise<number> {
  const first = await trx.selectFrom('contact_sources').select('basis').where('id', '=', firstSource).executeTakeFirst();
  const s = await addSource(trx, { kind: 'manual', label: 'rectification (GDPR art. 16)', collectedAt: now, collector: actor, basis: (first?.basis ?? 'consent') as Basis, noticeVersion: null }, now);
  await trx.insertInto('person_sources').values({ person_id: personId, source_id: s.id, line: null, at: now }).execute();
  return s.id;
}

async function changePoints(trx: ContactsDb, app: RightsApp, who: { personId: number; actor: string }, c: CleanChanges, source: () => Promise<number>, now: number): Promise<string[]> {
  const personId = who.personId;
  const fields = new Set<string>();
  for (const r of c.removePoints) {
    const d = await trx.deleteFrom('contact_points').where('person_id', '=', personId).where('kind', '=', r.kind).where('value', '=', r.value).executeTakeFirst();
    if (Number(d.numDeletedRows) === 0) throw new InputError(`remove ${r.kind}: the person has no such ${r.kind}`);
    fields.add(`${r.kind}s`);
  }
  for (const a of c.addPoints) {
    const held = await trx.selectFrom('contact_points').select('person_id').where('kind', '=', a.kind).where('value', '=', a.value).executeTakeFirst();
    if (held && Number(held.person_id) === personId) continue;
    if (held) throw new InputError(`add ${a.kind}: already held by person ${held.person_id} (merge the two people instead)`);
    await trx.insertInto('contact_points').values({ person_id: personId, source_id: await source(), kind: a.kind, value: a.value, created_at: now }).execute();
    await suppressIfListed(trx, app, who, a, now);
    fields.add(`${a.kind}s`);
  }
  return [...fields];
}

/**
 * A value on the do-not-contact list (suppressed by keyed hash: someone objected with it) suppresses
 * whoever it is added to, on the channels listed, as an import bringing it does.
 */
async function suppressIfListed(trx: ContactsDb, app: RightsApp, who: { personId: number; actor: string }, point: { kind: 'email' | 'phone'; value: string }, now: number): Promise<void> {
  const hash = app.pseudonymiser.pseudonym(HASH_SPACES[point.kind], point.value);
  const listed = await trx.selectFrom('suppressed_values').select('channel').where('hash', '=', hash).execute();
  const items = listed.map((r) => ({ personId: who.personId, channel: r.channel as SuppressChannel, reason: 'on the do-not-contact list', actor: who.actor }));
  if (items.length) await suppress(trx, items, now);
}

async function insertAddress(trx: ContactsDb, personId: number, a: NonNullable<CleanChanges['address']>, sourceId: number, now: number): Promise<void> {
  const household = a.street && (a.postcode || a.city) ? addressKey(a.street, a.postcode ?? '', a.city ?? '', a.country) : null;
  await trx
    .insertInto('addresses')
    .values({ person_id: personId, source_id: sourceId, street: a.street, postcode: a.postcode, city: a.city, country: a.country, household, created_at: now })
    .execute();
}

/** The block the fuzzy matcher compares within, as the import computes it: the household, else the name. */
async function updateBlockKey(trx: ContactsDb, personId: number): Promise<void> {
  const r = await trx
    .selectFrom('people')
    .leftJoin('addresses', 'addresses.person_id', 'people.id')
    .select(['people.given_name', 'people.family_name', 'addresses.household'])
    .where('people.id', '=', personId)
    .executeTakeFirstOrThrow();
  const nk = r.given_name || r.family_name ? nameKey(r.given_name ?? '', r.family_name ?? '') : null;
  const blockKey = r.household ? `a:${r.household}` : nk ? `n:${nk}` : null;
  await trx.updateTable('people').set({ block_key: blockKey }).where('id', '=', personId).execute();
}
