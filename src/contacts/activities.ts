import { InputError } from '../core/errors';
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
    if (!(await trx.selectFrom('people').select('id').where('id', '=', input.personId).executeTakeFirst())) throw new InputError(`person ${input.personId}: no such person`);
    const at = input.at ?? now;
    const source = await addSource(trx, { kind: 'manual', label: `${input.kind} recorded by ${input.actor}`, collectedAt: at, collector: input.actor, basis: 'legitimate_interest', noticeVersion: null }, now);
    const id = await reserveIds(trx, 'activities', 1);
    await trx.insertInto('activities').values({ id, person_id: input.personId, source_id: source.id, kind: input.kind, channel: input.channel ?? null, at, actor: input.actor, detail: input.detail ?? null }).execute();
    await trx.insertInto('person_sources').values({ person_id: input.personId, source_id: source.id, line: null, at: now }).execute();
    await appendAudit(trx, store.dialect, { actor: input.actor, action: 'contacts.activity', subject: `person:${input.personId}`, detail: { activity: id, kind: input.kind, channel: input.channel ?? null } }, now);
    return id;
  });
}
