import { sql } from 'kysely';
import { InputError } from '../../core/errors';
import { appendAudit } from '../../contacts/audit';
import type { Actor } from '../../contacts/errors';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import type { AnyDb, DialectName } from '../../store';
import type { FieldDb } from '../tables';
import { fieldDb } from '../tables';
import { doorStates } from './door-state';
import type { FieldEvent } from './event';
import { ERASED_DIGEST, eventDigest, parseEvent } from './event';
import { applyEffects } from './effects';
import { eventProblem, loadContext } from './validate';
import { checkDevice } from './locks';

export const MAX_BATCH = 500;

/** The answer to a phone: every id it sent is named once, so that it can drop them all from its outbox. */
export interface SyncResult {
  readonly stored: string[];
  readonly duplicates: string[];
  readonly rejected: { id: string; error: string }[];
}

export interface SyncStore {
  readonly db: AnyDb;
  readonly dialect: DialectName;
}

type Digested = { event: FieldEvent; digest: string };

class Answer {
  readonly stored: string[] = [];
  readonly duplicates: string[] = [];
  readonly rejected: { id: string; error: string }[] = [];
  /** A held id: acknowledged again if the content is the same, refused if it is not. */
  held(id: string, digest: string, prior: string): void {
    // An event whose person was erased since is acknowledged as held: the phone drops it, nothing is restored.
    if (prior === digest || prior === ERASED_DIGEST) this.duplicates.push(id);
    else this.rejected.push({ id, error: `id reused: event ${id} is already held with a different content` });
  }
}

async function heldDigests(trx: FieldDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('field_events').select(['id', 'digest']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.digest]));
}

/** Inserts the events (any id another batch stored meanwhile is skipped) and returns the ids inserted. */
async function insertEvents(trx: FieldDb, user: string, device: string, events: readonly Digested[], now: number): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const first = await reserveIds(contactsDb(trx), 'field_events', events.length);
  const rows = events.map(({ event: e, digest }, i) => ({
    id: e.id, campaign_id: e.campaignId, turf_id: e.turfId, address_id: e.addressId, result: e.result, digest, person_id: e.personId,
    answers: e.answers ? JSON.stringify(e.answers) : null, consents: e.consents ? JSON.stringify(e.consents) : null,
    user_name: user, device, client_at: e.at, seq: first + i, received_at: now,
  }));
  const inserted = new Set<string>();
  // 14 columns × 200 rows stays below both backends' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    const r = await trx.insertInto('field_events').values(rows.slice(i, i + 200)).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
    for (const x of r) inserted.add(x.id);
  }
  return inserted;
}

/**
 * Folds the batch into `field_door_state` in one upsert whose SET is the merge of `mergeStates`:
 * the stored state and the batch's state meet in SQL, so two batches on the same door commit in
 * either order to the same state. Ids compare as bytes ("C") on PostgreSQL, as in JavaScript.
 */
async function upsertDoorStates(trx: FieldDb, dialect: DialectName, user: string, events: readonly FieldEvent[], now: number): Promise<void> {
  // A phone's clock never beyond the server's now: a knock dated in 2100 would otherwise be the door's latest for good.
  const states = doorStates(events.map((e) => ({ id: e.id, at: Math.min(e.at, now), result: e.result, user, campaignId: e.campaignId, addressId: e.addressId })));
  if (states.size === 0) return;
  const rows = [...states].map(([key, s]) => {
    const [campaign, address] = key.split(':').map(Number);
    return { campaign_id: campaign!, address_id: address!, event_id: s.eventId, result: s.result, client_at: s.at, user_name: s.user, dnc: s.dnc ? 1 : 0 };
  });
  const c = dialect === 'postgres' ? sql.raw(' COLLATE "C"') : sql``;
  const newer = sql`(excluded.client_at > field_door_state.client_at OR (excluded.client_at = field_door_state.client_at AND excluded.event_id${c} > field_door_state.event_id${c}))`;
  const pick = <T>(col: string) => sql<T>`CASE WHEN ${newer} THEN excluded.${sql.ref(col)} ELSE field_door_state.${sql.ref(col)} END`;
  const dnc = sql`(field_door_state.dnc = 1 OR excluded.dnc = 1)`;
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('field_door_state')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'address_id']).doUpdateSet({
          event_id: pick<string>('event_id'),
          client_at: pick<number>('client_at'),
          user_name: pick<string>('user_name'),
          result: sql<string>`CASE WHEN ${dnc} THEN 'do_not_contact' WHEN ${newer} THEN excluded.result ELSE field_door_state.result END`,
          dnc: sql<number>`CASE WHEN ${dnc} THEN 1 ELSE 0 END`,
        }),
      )
      .execute();
  }
}

/** Sorts the batch into held ids (duplicates or reuse) and new events; the same id twice in one batch counts as held. */
function triage(parsed: ReturnType<typeof parseEvent>[], held: Map<string, string>, answer: Answer): Digested[] {
  const fresh: Digested[] = [];
  for (const p of parsed) {
    if (!p.ok) {
      answer.rejected.push({ id: p.id, error: p.error });
      continue;
    }
    const digest = eventDigest(p.event);
    const prior = held.get(p.event.id);
    if (prior !== undefined) answer.held(p.event.id, digest, prior);
    else {
      held.set(p.event.id, digest);
      fresh.push({ event: p.event, digest });
    }
  }
  return fresh;
}

/**
 * Stores a phone's batch of door events in one transaction: the new events (seq = the server's
 * order), the doors' states, their effects on contacts, and one audit entry of counts. Held ids
 * are acknowledged again (same content) or refused ("id reused"); invalid events are refused with
 * the reason and the rest stored. A failure stores nothing, and the phone sends the batch again.
 */
export async function applySync(store: SyncStore, user: Actor, device: string, raw: readonly unknown[], now = Date.now()): Promise<SyncResult> {
  if (raw.length > MAX_BATCH) throw new InputError(`events: expected at most ${MAX_BATCH} per sync, found ${raw.length}`);
  checkDevice(device);
  const parsed = raw.map(parseEvent);
  return fieldDb(store.db)
    .transaction()
    .execute(async (trx) => {
      const answer = new Answer();
      const fresh = triage(parsed, await heldDigests(trx, parsed.flatMap((p) => (p.ok ? [p.event.id] : []))), answer);
      const cx = await loadContext(trx, user, fresh.map((f) => f.event), now);
      const valid = fresh.filter((f) => {
        const problem = eventProblem(f.event, cx, user);
        if (problem) answer.rejected.push({ id: f.event.id, error: problem });
        return !problem;
      });
      const inserted = await insertEvents(trx, user.name, device, valid, now);
      const stored = valid.filter((f) => inserted.has(f.event.id));
      // Stored by a concurrent batch between our read and our insert: held now.
      const raced = valid.filter((f) => !inserted.has(f.event.id));
      const racedDigests = await heldDigests(trx, raced.map((f) => f.event.id));
      for (const f of raced) answer.held(f.event.id, f.digest, racedDigests.get(f.event.id) ?? '');
      answer.stored.push(...stored.map((f) => f.event.id));
      await upsertDoorStates(trx, store.dialect, user.name, stored.map((f) => f.event), now);
      const effects = await applyEffects(contactsDb(trx), store.dialect, user.name, stored.map((f) => f.event), cx.campaigns, now);
      const detail = { stored: answer.stored.length, duplicates: answer.duplicates.length, rejected: answer.rejected.length, ...effects };
      await appendAudit(trx, store.dialect, { actor: user.name, action: 'field.sync', detail }, now);
      return { stored: answer.stored, duplicates: answer.duplicates, rejected: answer.rejected };
    });
}
