import type { Redis } from 'ioredis';
import { ConfigError } from '../../core/errors';
import type { StreamConfig } from './config';
import { fieldsOf } from './fields';
import { groups } from './trim';

/**
 * A worker whose pseudonym key is not the producers' is misconfigured: the entries are fine, and
 * must wait for a worker with the right key. These look at the key fingerprints (`k`) the entries
 * carry, so that such a worker stops before it reads, fails or dead-letters any entry, and before
 * it opens (and would bind) a store that holds no posts yet.
 */

/** Entries looked at from each end of what the group has to do. */
const SAMPLE = 16;

/** `ERR no such key`: the stream does not exist yet (no producer has run). */
function noStream(error: unknown): boolean {
  return /no such key/i.test((error as Error | undefined)?.message ?? '');
}

async function keysIn(redis: Redis, config: StreamConfig, from: string, into: Map<string, number>): Promise<void> {
  const rows = (await redis.xrange(config.stream, from, '+', 'COUNT', SAMPLE)) as [string, string[]][];
  for (const [, fields] of rows) {
    const k = fieldsOf(fields).get('k');
    if (k !== undefined) into.set(k, (into.get(k) ?? 0) + 1);
  }
}

/**
 * The key fingerprints of the entries a worker would process next, with how many of the sampled
 * entries carry each: the group's oldest pending entries and its next undelivered ones (the
 * stream's first entries before there is a group). Empty when nothing waits.
 */
export async function waitingKeys(redis: Redis, config: StreamConfig): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  let all;
  try {
    all = await groups(redis, config);
  } catch (error) {
    if (noStream(error)) return keys;
    throw error;
  }
  const g = all.find((x) => x.name === config.group);
  if (!g) {
    await keysIn(redis, config, '-', keys);
    return keys;
  }
  if (g.pending > 0) {
    const [, oldest] = (await redis.xpending(config.stream, config.group)) as [number, string | null, string | null, unknown];
    if (oldest) await keysIn(redis, config, oldest, keys);
  }
  await keysIn(redis, config, `(${g.lastDeliveredId}`, keys);
  return keys;
}

/**
 * The key the waiting entries carry when none of them carries `mine` (the most common of them),
 * or null: nothing waits, or some entries are this worker's key's (any others are then the
 * entries' own fault, a producer's misconfiguration, and go to the dead letters as poison).
 */
export function foreignKey(keys: ReadonlyMap<string, number>, mine: string): string | null {
  if (keys.size === 0 || keys.has(mine)) return null;
  return [...keys.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** The worker's configuration error: both fingerprints, and what to do. */
export function keyMismatch(config: StreamConfig, found: string, mine: string, keySource: string): ConfigError {
  return new ConfigError(
    `pseudonym key mismatch: the entries of ${config.stream} were pseudonymised with key ${found} (the producers'), but this worker's key (from ${keySource}) is ${mine}; ` +
      "start the worker with the producers' key (the same HUSTINGS_PSEUDONYM_KEY on producers and workers): no entry was processed, they wait for a worker with that key",
  );
}
