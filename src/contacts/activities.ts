import { InputError, NotFoundError } from '../core/errors';
import type { DialectName, AnyDb } from '../store';
import { appendAudit } from './audit';
import { reserveIds } from './ids';
import { addSource } from './sources';
import type { ContactsDb } from './tables';
import { checkChannel } from './vocabulary';

export const ACTIVITY_KINDS = ['contact', 'response', 'event', 'donation', 'note'] as const;

export interface ActivityInput {
  readonly personId: number;
  /** contact (a call, a door knocked), response (an answer given), event (attended), donation, note. */
  readonly kind: (typeof ACTIVITY_KINDS)[number];
  readonly channel?: string | null;
  readonly at?: number;
  /** What happened, as the person recording it wrote it (kept with the person, erased with them). */
  readonly detail?: string | null;
  readonly actor: string;
}

/** Adds an entry to a person's activity history, with its own source (who recorded it, when), and audits it. */
export async function recordActivity(store: { db: AnyDb; dialect: DialectName }, input: ActivityInput, now = Date.now()): Promise<number> {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(input.kind)) throw new InputError(`activity kind: expected one of ${ACTIVITY_KINDS.join(', ')}, found ${JSON.stringify(input.kind)}`);
  if (input.channel) checkChannel(input.channel, 'activity channel');
  if (input.detail && input.detail.length > 4000) throw new InputError(`activity detail: expected at most 4,000 characters, found ${input.detail.length}`);
  const db = store.db as ContactsDb;
  return db.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('people').select('id').where('id', '=', input.personId).executeTakeFirst())) throw new NotFoundError(`person ${input.personId}: no such person`);
    const at = input.at ?? now;
    const source = await addSource(trx, { kind: 'manual', label: `${input.kind} recorded by ${input.actor}`, collectedAt: at, collector: input.actor, basis: 'legitimate_interest', noticeVersion: null }, now);
    const [id] = await insertActivities(trx, [{ personId: input.personId, sourceId: source.id, kind: input.kind, channel: input.channel ?? null, at, actor: input.actor, detail: input.detail ?? null }]);
    await trx.insertInto('person_sources').values({ person_id: input.personId, source_id: source.id, line: null, at: now }).execute();
    await appendAudit(trx, store.dialect, { actor: input.actor, action: 'contacts.activity', subject: `person:${input.personId}`, detail: { activity: id, kind: input.kind, channel: input.channel ?? null } }, now);
    return id!;
  });
}

/** An activity as stored, from a checked source (e.g. a canvass batch). */
export interface ActivityRow {
  readonly personId: number;
  readonly sourceId: number;
  readonly kind: (typeof ACTIVITY_KINDS)[number];
  readonly channel: string | null;
  readonly at: number;
  readonly actor: string;
  readonly detail: string | null;
}

/** Inserts activities inside the caller's transaction (no audit: the caller audits its own action); returns their ids. */
export async function insertActivities(trx: ContactsDb, rows: readonly ActivityRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const first = await reserveIds(trx, 'activities', rows.length);
  const values = rows.map((r, i) => ({ id: first + i, person_id: r.personId, source_id: r.sourceId, kind: r.kind, channel: r.channel, at: r.at, actor: r.actor, detail: r.detail }));
  // 8 columns × 500 rows stays below both backends' bound-parameter limits.
  for (let i = 0; i < values.length; i += 500) await trx.insertInto('activities').values(values.slice(i, i + 500)).execute();
  return values.map((v) => v.id);
}
