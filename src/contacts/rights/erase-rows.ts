import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { ContactsDb, ContactTables } from '../tables';
import { derivedPersonData } from './derived';

/**
 * The rows of erased people, deleted inside the caller's transaction. Every table that holds a
 * `person_id` is listed here; a new such table must be added too (the erasure test searches every
 * table of the store for the erased person's values and fails otherwise).
 *
 * Kept on purpose, holding ids only: `list_removals` (so that devices holding a list drop the
 * person at their next sync), `rights_requests` (proof that a request was answered),
 * `tombstones` (keyed hashes) and the audit log. `export_lines` are removed later, with the
 * lines of the files they point at (see exports-scrub.ts). Modules built on contacts erase their
 * own person data in the same transaction (see derived.ts).
 */
export const PERSON_TABLES = ['person_sources', 'contact_points', 'addresses', 'person_tags', 'person_fields', 'activities', 'consents', 'consent_state', 'suppressions', 'list_members'] as const;

export type EraseCounts = Record<string, number>;

const CHUNK = 500;

/** Deletes `ids` from every person table and returns how many rows went, per table. */
export async function deletePeopleRows(trx: ContactsDb, ids: readonly number[], now: number): Promise<EraseCounts> {
  const counts: EraseCounts = { people: 0, review_queue: 0, list_removals: 0, contact_sources: 0 };
  for (const t of PERSON_TABLES) counts[t] = 0;
  const derived = derivedPersonData();
  for (const d of derived) counts[d.name] = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    counts.list_removals! += await recordListRemovals(trx, chunk, now);
    const manual = await manualSourcesOf(trx, chunk);
    for (const t of PERSON_TABLES) counts[t]! += await deleteWhere(trx, t, chunk);
    counts.contact_sources! += await blankOwnSources(trx, manual);
    for (const d of derived) counts[d.name]! += await d.erase(trx, chunk);
    const r = await trx
      .deleteFrom('review_queue')
      .where((eb) => eb.or([eb('person_id', 'in', chunk), eb('other_id', 'in', chunk)]))
      .executeTakeFirst();
    counts.review_queue! += Number(r.numDeletedRows);
    const p = await trx.deleteFrom('people').where('id', 'in', chunk).executeTakeFirst();
    counts.people! += Number(p.numDeletedRows);
  }
  return counts;
}

async function deleteWhere(trx: ContactsDb, table: (typeof PERSON_TABLES)[number], ids: readonly number[]): Promise<number> {
  // Every PERSON_TABLES table has a person_id column; Kysely cannot see that through the union.
  const r = await trx
    .deleteFrom(table as 'person_sources')
    .where('person_id', 'in', ids)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The tables whose rows cite a source for a person. */
const CITING = ['consents', 'person_sources', 'activities'] as const;

/** Source `s` is cited by a row of these people (or of anyone, without `ids`). */
function cited(eb: ExpressionBuilder<ContactTables & { s: ContactTables['contact_sources'] }, 's'>, ids?: readonly number[]): Expression<SqlBool> {
  return eb.or(
    CITING.map((t) => {
      // Every CITING table has person_id and source_id; Kysely cannot see that through the union.
      const q = eb.selectFrom(`${t} as x` as 'consents as x').select('x.person_id').whereRef('x.source_id', '=', 's.id');
      return eb.exists(ids ? q.where('x.person_id', 'in', ids) : q);
    }),
  );
}

/** The manual sources (a consent recorded by hand, `--how "…"`) that cite these people: their label is free text, often a name. */
async function manualSourcesOf(trx: ContactsDb, ids: readonly number[]): Promise<number[]> {
  const rows = await trx.selectFrom('contact_sources as s').select('s.id').distinct().where('s.kind', '=', 'manual').where((eb) => cited(eb, ids)).execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Those of `sources` that no one else cites any longer lose their label (kind, dates, collector
 * and basis stay, as proof that something was recorded and on what ground).
 */
async function blankOwnSources(trx: ContactsDb, sources: readonly number[]): Promise<number> {
  if (sources.length === 0) return 0;
  const r = await trx
    .updateTable('contact_sources as s')
    .set({ label: 'erased' })
    .where('s.id', 'in', sources)
    .where((eb) => eb.not(cited(eb)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A removal per list membership, so that offline copies of the list drop the person. */
async function recordListRemovals(trx: ContactsDb, ids: readonly number[], now: number): Promise<number> {
  const members = await trx.selectFrom('list_members').select(['list_id', 'person_id']).where('person_id', 'in', ids).execute();
  const rows: ContactTables['list_removals'][] = members.map((m) => ({ list_id: Number(m.list_id), person_id: Number(m.person_id), at: now }));
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('list_removals').values(rows.slice(i, i + CHUNK)).execute();
  return rows.length;
}
