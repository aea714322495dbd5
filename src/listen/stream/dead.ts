import type { Redis } from 'ioredis';
import type { StreamConfig } from './config';
import type { RawEntry } from './batch';

/** A pending entry as XPENDING's extended form reports it. */
export interface PendingEntry {
  readonly id: string;
  readonly consumer: string;
  readonly idleMs: number;
  readonly deliveries: number;
}

/** Pending entries of the group idle for at least `idleMs` (any consumer's, this one's too). */
export async function idlePending(redis: Redis, config: StreamConfig, idleMs: number, count: number): Promise<PendingEntry[]> {
  const rows = (await redis.xpending(config.stream, config.group, 'IDLE', idleMs, '-', '+', count)) as [string, string, number, number][];
  return rows.map(([id, consumer, idle, deliveries]) => ({ id, consumer, idleMs: Number(idle), deliveries: Number(deliveries) }));
}

/**
 * Takes over entries idle for `idleMs`: XCLAIM with a minimum idle time, so that when several
 * workers reach for the same entry only one gets it. Each claim counts a delivery.
 */
export async function claim(redis: Redis, config: StreamConfig, consumer: string, idleMs: number, ids: readonly string[]): Promise<RawEntry[]> {
  if (ids.length === 0) return [];
  const claimed = (await redis.xclaim(config.stream, config.group, consumer, idleMs, ...ids)) as ([string, string[]] | null)[];
  return claimed.filter((e): e is [string, string[]] => e !== null);
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
  m.xack(config.stream, config.group, id);
  m.hdel(config.errors, id);
  const results = await m.exec();
  for (const [e] of results ?? []) if (e) throw e;
}

/** A dead letter as `hustings status` lists it. */
export interface DeadLetter {
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
    const f = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) if (!f.has(fields[i]!)) f.set(fields[i]!, fields[i + 1]!);
    return { id, entry: f.get('entry') ?? '', attempts: Number(f.get('attempts') ?? 0), error: f.get('error') ?? '', at: f.get('at') ?? '' };
  });
  return { total, latest };
}
