import { sql } from 'kysely';
import { HustingsError, InputError } from '../../core/errors';
import type { Actor } from '../../contacts/errors';
import { ForbiddenError } from '../../contacts/errors';
import type { FieldDb } from '../tables';

/** Another canvasser holds a live lock on the turf (HTTP 409 with the holder and the expiry). */
export class LockHeldError extends HustingsError {
  override readonly name = 'LockHeldError';
  constructor(
    message: string,
    readonly holder: string,
    readonly expiresAt: number,
  ) {
    super(message);
  }
}

const HOUR = 3_600_000;

/** The user's live assignment on the turf (alone or as a partner): the pair who may hold its lock, and the campaign's lock length. */
async function pairOn(db: FieldDb, user: string, turfId: number, now: number): Promise<{ pair: string[]; lockHours: number } | null> {
  const row = await db
    .selectFrom('field_assignments as a')
    .innerJoin('field_campaigns as c', 'c.id', 'a.campaign_id')
    .select(['a.user_name', 'a.partner', 'c.lock_hours'])
    .where('a.turf_id', '=', turfId)
    .where('a.ended_at', 'is', null)
    .where((eb) => eb.or([eb('a.ends_at', 'is', null), eb('a.ends_at', '>', now)]))
    .where((eb) => eb.or([eb('a.user_name', '=', user), eb('a.partner', '=', user)]))
    .executeTakeFirst();
  if (!row) return null;
  return { pair: [row.user_name, ...(row.partner ? [row.partner] : [])], lockHours: Number(row.lock_hours) };
}

/** A phone's name, as it checks out turfs and syncs: 1 to 100 characters, not blank. */
export function checkDevice(device: string): void {
  if (!device.trim()) throw new InputError('device: expected a name for the phone, found nothing but spaces');
  if (device.length > 100) throw new InputError(`device: expected a name of 1 to 100 characters, found ${device.length}`);
}

/**
 * Locks a turf to the user (assigned to it, alone or with a partner) for the campaign's lock
 * hours; checking out again renews. One conditional upsert, so two phones racing for a free turf
 * cannot both win: the lock moves only when it has expired or is already held by the pair.
 */
export async function checkout(db: FieldDb, user: string, turfId: number, device: string, now = Date.now()): Promise<{ turfId: number; expiresAt: number }> {
  checkDevice(device);
  const mine = await pairOn(db, user, turfId, now);
  if (!mine) throw new ForbiddenError(`turf ${turfId}: ${user} has no live assignment on it`, user, 'field.turf.checkout');
  const expiresAt = now + mine.lockHours * HOUR;
  const won = await db
    .insertInto('field_locks')
    .values({ turf_id: turfId, user_name: user, device, locked_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('turf_id')
        .doUpdateSet({ user_name: sql`excluded.user_name`, device: sql`excluded.device`, locked_at: sql`excluded.locked_at`, expires_at: sql`excluded.expires_at` })
        .where((eb) => eb.or([eb('field_locks.expires_at', '<=', now), eb('field_locks.user_name', 'in', mine.pair)])),
    )
    .returning('turf_id')
    .executeTakeFirst();
  if (won) return { turfId, expiresAt };
  const held = await db.selectFrom('field_locks').select(['user_name', 'expires_at']).where('turf_id', '=', turfId).executeTakeFirstOrThrow();
  throw new LockHeldError(`turf ${turfId}: checked out by ${held.user_name} until ${new Date(Number(held.expires_at)).toISOString()}`, held.user_name, Number(held.expires_at));
}

/** Releases a turf's lock: its holder (or the holder's partner) may, and organisers and admins may release any. */
export async function release(db: FieldDb, user: Actor, turfId: number, now = Date.now()): Promise<{ released: boolean }> {
  const lock = await db.selectFrom('field_locks').select(['user_name', 'expires_at']).where('turf_id', '=', turfId).executeTakeFirst();
  if (!lock) return { released: false };
  const mine = lock.user_name === user.name || (await pairOn(db, user.name, turfId, now))?.pair.includes(lock.user_name);
  if (!mine && user.role !== 'organiser' && user.role !== 'admin') throw new ForbiddenError(`turf ${turfId}: the lock is ${lock.user_name}'s; only they, their partner or an organiser may release it`, user.name, 'field.turf.release');
  const r = await db.deleteFrom('field_locks').where('turf_id', '=', turfId).where('user_name', '=', lock.user_name).executeTakeFirst();
  return { released: Number(r.numDeletedRows) > 0 };
}
