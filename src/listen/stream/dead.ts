import type { Redis } from 'ioredis';
import { NotFoundError } from '../../core/errors';
import type { StreamConfig } from './config';
import type { RawEntry } from './batch';
import { fieldsOf } from './fields';
import { ackInTransaction } from './queued';

/** A pending entry as XPENDING's extended form reports it. */
export interface PendingEntry {
  readonly id: string;
  readonly consumer: string;
  readonly idleMs: number;
  readonly deliveries: number;
}

/** Where the next XAUTOCLAIM scan of the pending entries starts ('0-0': from the beginning). */
export interface ClaimCursor {
  next: string;
}

/**
 * Takes over entries pending for at least `idleMs` (their worker died, or failed them), whoever
 * held them, this worker included: XAUTOCLAIM, which only one worker wins for each entry and
 * which counts a delivery. Returns them with their delivery counts (XPENDING of this consumer
 * over the claimed range), scanning the pending list a page at a time across calls.
 */
export async function claimIdle(redis: Redis, config: StreamConfig, consumer: string, idleMs: number, count: number, cursor: ClaimCursor): Promise<{ entry: RawEntry; deliveries: number }[]> {
  const [next, entries] = (await redis.xautoclaim(config.stream, config.group, consumer, idleMs, cursor.next, 'COUNT', count)) as [string, ([string, string[]] | null)[], string[]?];
  cursor.next = next;
  const claimed = entries.filter((e): e is [string, string[]] => e !== null);
  if (claimed.length === 0) return [];
  const first = claimed[0]![0];
  const last = claimed[claimed.length - 1]![0];
  const rows = (await redis.xpending(config.stream, config.group, first, last, claimed.length * 2 + 10, consumer)) as [string, string, number, number][];
  const deliveries = new Map(rows.map(([id, , , n]) => [id, Number(n)]));
  return claimed.map((entry) => ({ entry, deliveries: deliveries.get(entry[0]) ?? 1 }));
}

/**
 * Keeps entries this worker holds from looking idle (XCLAIM … JUSTID to itself, which counts no
 * delivery), so that while it waits for the store no other worker claims them, and none sends them
 * to the dead letters after `maxAttempts` such claims: a store away is no fault of the entries.
 */
export async function keepClaimed(redis: Redis, config: StreamConfig, consumer: string, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await redis.xclaim(config.stream, config.group, consumer, 0, ...ids, 'JUSTID');
}

/** Records why an entry failed (for the dead letter, should it come to that; and for status). */
export async function recordFailure(redis: Redis, config: StreamConfig, id: string, error: string): Promise<void> {
  await redis.hset(config.errors, id, error.slice(0, 2000));
}

/**
 * Moves an entry that failed too often to the dead-letter stream, with its id, attempts, last
 * error and fields, and acknowledges it, in one transaction: it is then in exactly one place.
 */
export async function deadLetter(redis: Redis, config: StreamConfig, entry: RawEntry, deliveries: number): Promise<void> {
  const [id, fields] = entry;
  const error = (await redis.hget(config.errors, id)) ?? `delivered ${deliveries} times without being acknowledged (a worker may have died processing it)`;
  const m = redis.multi();
  m.xadd(config.deadLetters, '*', 'entry', id, 'stream', config.stream, 'attempts', String(deliveries), 'error', error, 'at', new Date().toISOString(), ...(fields ?? []));
  ackInTransaction(m, config, [{ id, posts: postsOf(fields) }]);
  const results = await m.exec();
  for (const [e] of results ?? []) if (e) throw e;
}

/** The number of posts an entry says it holds (its n field; 0 for one too broken to say). */
function postsOf(fields: readonly string[] | null | undefined): number {
  const n = Number(fieldsOf(fields ?? []).get('n'));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** A dead letter as `hustings status` lists it. */
export interface DeadLetter {
  /** Its id in the dead-letter stream (what `worker dead retry|drop` take). */
  readonly id: string;
  readonly entry: string;
  readonly attempts: number;
  readonly error: string;
  readonly at: string;
}

export async function deadLetters(redis: Redis, config: StreamConfig, count: number): Promise<{ total: number; latest: DeadLetter[] }> {
  const total = Number(await redis.xlen(config.deadLetters));
  const rows = (await redis.xrevrange(config.deadLetters, '+', '-', 'COUNT', count)) as [string, string[]][];
  const latest = rows.map(([id, fields]) => {
    const f = fieldsOf(fields);
    return { id, entry: f.get('entry') ?? '', attempts: Number(f.get('attempts') ?? 0), error: f.get('error') ?? '', at: f.get('at') ?? '' };
  });
  return { total, latest };
}

/** Fields of a dead letter that the dead-letter stream added before the entry's own. */
const DEAD_FIELDS = new Set(['entry', 'stream', 'attempts', 'error', 'at']);

function ownFields(fields: readonly string[]): string[] {
  let i = 0;
  while (i + 1 < fields.length && DEAD_FIELDS.has(fields[i]!)) i += 2;
  return fields.slice(i);
}

/** Dead letters by id, or all of them when `ids` is null. */
async function pick(redis: Redis, config: StreamConfig, ids: readonly string[] | null): Promise<[string, string[]][]> {
  const all = (await redis.xrange(config.deadLetters, '-', '+')) as [string, string[]][];
  if (!ids) return all;
  const held = new Set(all.map(([id]) => id));
  const unknown = [...new Set(ids)].filter((id) => !held.has(id));
  if (unknown.length) {
    throw new NotFoundError(`no dead letter ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}: expected ids from \`hustings worker dead list\` (the first column), nothing was done`);
  }
  const wanted = new Set(ids);
  return all.filter(([id]) => wanted.has(id));
}

/**
 * Puts dead letters back on the stream as new entries (after the cause is fixed: a worker with
 * the right key, a database that accepts the value), each in one MULTI with its removal from the
 * dead letters. Returns how many were moved.
 */
export async function retryDead(redis: Redis, config: StreamConfig, ids: readonly string[] | null): Promise<number> {
  const letters = await pick(redis, config, ids);
  for (const [id, fields] of letters) {
    const own = ownFields(fields);
    const results = await redis.multi().xadd(config.stream, '*', ...own).incrby(config.queued, postsOf(own)).xdel(config.deadLetters, id).exec();
    for (const [e] of results ?? []) if (e) throw e;
  }
  return letters.length;
}

/** Removes dead letters for good. Returns how many were removed. */
export async function dropDead(redis: Redis, config: StreamConfig, ids: readonly string[] | null): Promise<number> {
  const letters = await pick(redis, config, ids);
  if (letters.length === 0) return 0;
  return Number(await redis.xdel(config.deadLetters, ...letters.map(([id]) => id)));
}
