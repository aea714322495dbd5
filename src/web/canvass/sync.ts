import type { CanvassDb, DoorRow, SessionRow, TurfRow } from './db';
import { syncMeta } from './db';
import type { Fetch } from './http';
import { call, HttpError, toMs } from './http';
import { foldEvent, fromServer } from './state';
import type { CheckoutConflict, FieldEvent, FieldPackage, PackageTurf, SyncAnswer } from './types';

/** Events per request: well under the server's 500, so a slow link still finishes a batch. */
export const BATCH = 200;
/** Bytes of JSON per request: half the server's 2 MB, so long notes in many answers still go. */
export const BATCH_BYTES = 1_000_000;

export interface SyncReport {
  stored: number;
  duplicates: number;
  rejected: number;
  /** Turfs whose data left the phone at this sync. */
  removed: number[];
}

const bytes = (e: FieldEvent): number => new TextEncoder().encode(JSON.stringify(e)).length;

/** The outbox, oldest first: at most `size` events, and no more bytes than BATCH_BYTES (one event at least). */
async function nextBatch(db: CanvassDb, size: number): Promise<FieldEvent[]> {
  const batch: FieldEvent[] = [];
  let total = 0;
  for (const e of await db.outbox.orderBy('[at+id]').limit(size).toArray()) {
    total += bytes(e);
    if (batch.length > 0 && total > BATCH_BYTES) break;
    batch.push(e);
  }
  return batch;
}

/** One event the server will not take at any size: it leaves the outbox for the failed list, so the rest can go. */
async function refuseAlone(db: CanvassDb, e: FieldEvent, error: string): Promise<void> {
  await db.transaction('rw', db.outbox, db.failed, async () => {
    await db.failed.put({ id: e.id, turfId: e.turfId, event: e, error });
    await db.outbox.delete(e.id);
  });
}

/**
 * Sends the outbox in batches. Only the ids the server names leave the outbox (rejected ones go to
 * the failed list), in one transaction per answer: a request that never arrives or an answer that
 * is lost leaves the batch in the outbox, and sending it again is harmless (the server acknowledges
 * ids it holds as duplicates).
 */
export async function push(db: CanvassDb, fetch: Fetch, session: SessionRow): Promise<Omit<SyncReport, 'removed'>> {
  const total = { stored: 0, duplicates: 0, rejected: 0 };
  let size = BATCH;
  for (let batch = await nextBatch(db, size); batch.length > 0; batch = await nextBatch(db, size)) {
    let answer: SyncAnswer;
    try {
      answer = await call<SyncAnswer>(fetch, session, '/api/field/sync', { device: session.device, events: batch });
    } catch (e) {
      // Too large for the server: half as many, down to one event, which then waits in the failed list with the reason.
      if (!(e instanceof HttpError && e.status === 413)) throw e;
      if (batch.length > 1) size = Math.ceil(batch.length / 2);
      else {
        await refuseAlone(db, batch[0]!, e.message);
        total.rejected += 1;
      }
      continue;
    }
    const sent = new Map(batch.map((e) => [e.id, e]));
    const named = [...answer.stored, ...answer.duplicates, ...answer.rejected.map((r) => r.id)].filter((id) => sent.has(id));
    await db.transaction('rw', db.outbox, db.failed, async () => {
      await db.failed.bulkPut(answer.rejected.filter((r) => sent.has(r.id)).map((r) => ({ id: r.id, turfId: sent.get(r.id)!.turfId, event: sent.get(r.id)!, error: r.error })));
      await db.outbox.bulkDelete(named);
    });
    total.stored += answer.stored.length;
    total.duplicates += answer.duplicates.length;
    total.rejected += answer.rejected.length;
    // An answer that names none of the batch would send the same batch for ever.
    if (named.length === 0) throw new Error(`the server acknowledged none of ${batch.length} events`);
  }
  return total;
}

/** A turf as listed: it counts as downloaded once checked out here, or when the package shows this user's live lock (a phone set up again). */
function turfRow(t: PackageTurf, pkg: FieldPackage, local: TurfRow | undefined, now: number): TurfRow {
  const expires = t.lock ? toMs(t.lock.expiresAt) : null;
  const mine = t.lock?.user === pkg.user && expires !== null && expires > now;
  const downloaded = local?.downloaded === 1 || mine ? 1 : 0;
  const assignment = pkg.assignments?.find((a) => a.turfId === t.id);
  // An expired lock leaves the package; the phone keeps its time to say so.
  const lockExpiresAt = expires ?? (downloaded ? (local?.lockExpiresAt ?? null) : null);
  return { id: t.id, campaignId: t.campaignId, number: t.number, areaId: t.areaId ?? null, doorCount: t.doors.length, lockExpiresAt, lockHolder: t.lock?.user ?? null, partner: assignment?.partner ?? null, endsAt: assignment?.endsAt ?? null, downloaded, ended: 0 };
}

function doorRows(t: PackageTurf): DoorRow[] {
  return t.doors.map((d) => ({ turfId: t.id, addressId: d.addressId, campaignId: t.campaignId, seq: d.seq, street: d.street, number: d.number, lat: d.lat, lon: d.lon, doors: d.doors, server: d.state, people: d.people }));
}

/** Drops everything of a turf from the phone (its doors and people, states, failed records). */
async function dropTurf(db: CanvassDb, turfId: number): Promise<void> {
  await db.doors.where('turfId').equals(turfId).delete();
  await db.states.where('turfId').equals(turfId).delete();
  await db.failed.where('turfId').equals(turfId).delete();
  await db.turfs.delete(turfId);
}

/** Door states again: the server's, then every event still in the outbox folded in. */
async function rebuildStates(db: CanvassDb, doors: DoorRow[]): Promise<void> {
  const pending = await db.outbox.toArray();
  for (const d of doors) {
    let s = fromServer(d.server);
    for (const e of pending) if (e.campaignId === d.campaignId && e.addressId === d.addressId) s = foldEvent(s, e);
    if (s) await db.states.put({ ...s, campaignId: d.campaignId, addressId: d.addressId, turfId: d.turfId });
    else await db.states.delete([d.campaignId, d.addressId]);
  }
}

/**
 * Replaces the package in one transaction. People no longer given (do not contact, consent
 * withdrawn) disappear with their door's old row. A turf that is ended or no longer listed leaves
 * the phone, but only once none of its events wait in the outbox.
 */
export async function applyPackage(db: CanvassDb, pkg: FieldPackage, now = Date.now()): Promise<number[]> {
  const ended = new Set(pkg.ended);
  const listed = pkg.turfs.filter((t) => !ended.has(t.id));
  return db.transaction('rw', [db.campaigns, db.turfs, db.doors, db.states, db.outbox, db.failed], async () => {
    const waiting = new Set((await db.outbox.toArray()).map((e) => e.turfId));
    const keep = new Set(listed.map((t) => t.id));
    const removed: number[] = [];
    for (const t of await db.turfs.toArray()) {
      if (keep.has(t.id)) continue;
      if (waiting.has(t.id)) await db.turfs.update(t.id, { ended: 1 });
      else {
        await dropTurf(db, t.id);
        removed.push(t.id);
      }
    }
    for (const t of listed) {
      const row = turfRow(t, pkg, await db.turfs.get(t.id), now);
      await db.turfs.put(row);
      await db.doors.where('turfId').equals(t.id).delete();
      await db.states.where('turfId').equals(t.id).delete();
      if (!row.downloaded) continue;
      const doors = doorRows(t);
      await db.doors.bulkPut(doors);
      await rebuildStates(db, doors);
    }
    const used = new Set((await db.turfs.toArray()).map((t) => t.campaignId));
    await db.campaigns.bulkPut(pkg.campaigns.filter((c) => used.has(c.id)));
    await db.campaigns.filter((c) => !used.has(c.id)).delete();
    return removed;
  });
}

export async function pull(db: CanvassDb, fetch: Fetch, session: SessionRow): Promise<number[]> {
  return applyPackage(db, await call<FieldPackage>(fetch, session, '/api/field/my'));
}

/** Push, then pull; the outcome (time or error) is kept for the status bar. */
export async function sync(db: CanvassDb, fetch: Fetch): Promise<SyncReport> {
  const session = await db.session.get('me');
  if (!session) throw new Error('not logged in');
  try {
    const pushed = await push(db, fetch, session);
    const removed = await pull(db, fetch, session);
    await db.meta.put({ ...(await syncMeta(db)), lastSync: Date.now(), lastError: null });
    return { ...pushed, removed };
  } catch (e) {
    await db.meta.put({ ...(await syncMeta(db)), lastError: (e as Error).message });
    throw e;
  }
}

export type CheckoutResult = { ok: true; expiresAt: number } | ({ ok: false } & CheckoutConflict);

/** Locks a turf to this canvasser (or renews the lock) and downloads it; a 409 says who holds it and until when. */
export async function checkout(db: CanvassDb, fetch: Fetch, turfId: number): Promise<CheckoutResult> {
  const session = await db.session.get('me');
  if (!session) throw new Error('not logged in');
  try {
    const r = await call<{ expiresAt: unknown }>(fetch, session, `/api/field/turfs/${turfId}/checkout`, { device: session.device });
    const expiresAt = toMs(r.expiresAt) ?? 0;
    await db.turfs.update(turfId, { downloaded: 1, lockExpiresAt: expiresAt, lockHolder: session.user });
    await pull(db, fetch, session);
    return { ok: true, expiresAt };
  } catch (e) {
    if (e instanceof HttpError && e.status === 409) return { ok: false, error: e.message, holder: String(e.body.holder ?? 'another canvasser'), expiresAt: toMs(e.body.expiresAt) ?? 0 };
    throw e;
  }
}
