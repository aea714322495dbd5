import { sql } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../core/errors';
import type { AnyDb, DialectName } from '../store';
import { appendAudit } from './audit';
import type { Scope } from './scope';
import { inScope } from './scope';
import type { ContactsDb } from './tables';
import { derivedPersonData } from './rights/derived';

export interface ReviewItem {
  readonly id: number;
  /**
   * erased: a row matching an erased person; signup: a sign-up asking for a consent the person withdrew;
   * shared: a person created apart from the one holding their row's email or phone, under another name.
   */
  readonly kind: 'fuzzy' | 'conflict' | 'shared' | 'erased' | 'signup' | 'withdrawn';
  readonly personId: number | null;
  readonly otherId: number | null;
  readonly score: number | null;
  readonly reason: string;
  readonly importId: number | null;
  readonly line: number | null;
  readonly status: string;
  readonly createdAt: number;
}

export type Decision = 'merge' | 'keep' | 'dismiss';

/** Open items of the review queue whose people are all in scope (erased-person flags: admins only). */
export async function listReview(db: ContactsDb, scope: Scope, options: { status?: string; limit?: number } = {}): Promise<ReviewItem[]> {
  const visible = db.selectFrom('people as p').select('p.id').where((eb) => inScope(eb, scope));
  let q = db.selectFrom('review_queue as r').selectAll().where('r.status', '=', options.status ?? 'open');
  // An organiser sees items about people of their areas: both people of a pair, or the one person of
  // an item about one (a sign-up or a grant held back, whose other_id is null). Erased rows name no one.
  if (scope.kind !== 'all') q = q.where('r.kind', '!=', 'erased').where('r.person_id', 'in', visible).where((eb) => eb.or([eb('r.other_id', 'is', null), eb('r.other_id', 'in', visible)]));
  const rows = await q.orderBy('r.id').limit(options.limit ?? 200).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as ReviewItem['kind'],
    personId: r.person_id === null ? null : Number(r.person_id),
    otherId: r.other_id === null ? null : Number(r.other_id),
    score: r.score,
    reason: r.reason,
    importId: r.import_id === null ? null : Number(r.import_id),
    line: r.line,
    status: r.status,
    createdAt: Number(r.created_at),
  }));
}

export interface Resolved {
  readonly id: number;
  readonly decision: Decision;
  /** The person kept, after a merge. */
  readonly survivor: number | null;
}

/**
 * Decides a review item: `merge` folds the newer person (`person_id`) into the one already known
 * (`other_id`): their contact points, address (if the known one has none), tags, fields,
 * activities, consent entries (re-pointed, not rewritten: the ledger keeps every entry, and the
 * state takes the latest of both), suppressions, lists, export lines and requests move over,
 * blanks are filled, and the newer person is deleted. `keep` records that they are two people;
 * `dismiss` closes a flag (an erased person's row that was not imported). Audited.
 */
export async function resolveReview(store: { db: ContactsDb | AnyDb; dialect: DialectName }, id: number, decision: Decision, actor: string, scope: Scope, now = Date.now()): Promise<Resolved> {
  const db = store.db as ContactsDb;
  return db.transaction().execute(async (trx) => {
    const item = (await listReview(trx, scope, { limit: 1_000_000 })).find((r) => r.id === id);
    if (!item) throw new NotFoundError(`review item ${id}: no open item with this number in your scope`);
    if (decision === 'merge' && (item.kind === 'erased' || item.personId === null || item.otherId === null)) throw new InputError(`review item ${id} flags a row that was not imported: it can only be dismissed`);
    const status = decision === 'merge' ? 'merged' : decision === 'keep' ? 'kept' : 'dismissed';
    // Decided once: of two decisions at once, the second waits for the first (PostgreSQL locks the
    // row) and then finds the item no longer open.
    const decided = await trx.updateTable('review_queue').set({ status, resolved_by: actor, resolved_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw new ConflictError(`review item ${id}: decided meanwhile by someone else; reload the queue`);
    let survivor: number | null = null;
    if (decision === 'merge') survivor = await merge(trx, item.otherId!, item.personId!, now);
    await appendAudit(trx, store.dialect, { actor, action: `contacts.review.${decision}`, subject: survivor === null ? `review:${id}` : `person:${survivor}`, detail: { review: id, kind: item.kind, merged: decision === 'merge' ? item.personId : null } }, now);
    return { id, decision, survivor };
  });
}

/** Folds `dup` into `keep` (see resolveReview) and returns `keep`. */
async function merge(trx: ContactsDb, keep: number, dup: number, now: number): Promise<number> {
  const [k, d] = await Promise.all([keep, dup].map((id) => trx.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst()));
  if (!k || !d) throw new InputError(`merge: person ${k ? dup : keep} no longer exists`);
  await trx
    .updateTable('people')
    .set({
      given_name: k.given_name ?? d.given_name,
      family_name: k.family_name ?? d.family_name,
      birth_year: k.birth_year ?? d.birth_year,
      gender: k.gender ?? d.gender,
      language: k.language ?? d.language,
      support: k.support ?? d.support,
      volunteer: Math.max(Number(k.volunteer), Number(d.volunteer)),
      area: k.area ?? d.area,
      updated_at: now,
    })
    .where('id', '=', keep)
    .execute();
  // Export files still hold dup's id on its lines: the erasure checks each line it removes against the id written.
  await trx.updateTable('export_lines').set({ written_id: dup }).where('person_id', '=', dup).where('written_id', 'is', null).execute();
  for (const table of ['contact_points', 'activities', 'consents', 'person_sources', 'export_lines'] as const) await trx.updateTable(table as 'consents').set({ person_id: keep }).where('person_id', '=', dup).execute();
  await trx.updateTable('rights_requests').set({ person_id: keep }).where('person_id', '=', dup).execute();
  // What modules built on contacts hold about dup (door events, a canvasser record) goes with the rest.
  for (const data of derivedPersonData()) await data.merge(trx, keep, dup);
  if (!(await trx.selectFrom('addresses').select('person_id').where('person_id', '=', keep).executeTakeFirst())) await trx.updateTable('addresses').set({ person_id: keep }).where('person_id', '=', dup).execute();
  await copyRows(trx, 'person_tags', ['tag_id', 'source_id'], keep, dup);
  await copyRows(trx, 'person_fields', ['field_id', 'value', 'num', 'source_id'], keep, dup);
  await copyRows(trx, 'suppressions', ['channel', 'reason', 'at', 'actor'], keep, dup);
  await copyRows(trx, 'list_members', ['list_id'], keep, dup);
  await sql`INSERT INTO consent_state (person_id, purpose, channel, granted, consent_id, at)
    SELECT ${keep}, purpose, channel, granted, consent_id, at FROM consent_state WHERE person_id = ${dup}
    ON CONFLICT (purpose, channel, person_id) DO UPDATE SET granted = excluded.granted, consent_id = excluded.consent_id, at = excluded.at
    WHERE excluded.at > consent_state.at OR (excluded.at = consent_state.at AND excluded.consent_id > consent_state.consent_id)`.execute(trx);
  for (const table of ['addresses', 'consent_state'] as const) await trx.deleteFrom(table).where('person_id', '=', dup).execute();
  await trx.updateTable('review_queue').set({ person_id: keep }).where('person_id', '=', dup).execute();
  await trx.updateTable('review_queue').set({ other_id: keep }).where('other_id', '=', dup).execute();
  await trx.updateTable('review_queue').set({ status: 'dismissed', resolved_at: now }).where('status', '=', 'open').whereRef('person_id', '=', 'other_id').execute();
  await trx.deleteFrom('people').where('id', '=', dup).execute();
  return keep;
}

/** Copies `dup`'s rows of a table to `keep` where `keep` has none for the same key, then deletes `dup`'s. */
async function copyRows(trx: ContactsDb, table: string, columns: readonly string[], keep: number, dup: number): Promise<void> {
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  await sql`INSERT INTO ${sql.table(table)} (person_id, ${cols}) SELECT ${keep}, ${cols} FROM ${sql.table(table)} WHERE person_id = ${dup} ON CONFLICT DO NOTHING`.execute(trx);
  await sql`DELETE FROM ${sql.table(table)} WHERE person_id = ${dup}`.execute(trx);
}
