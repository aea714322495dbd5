import type { Redis } from 'ioredis';
import type { StreamConfig } from './config';
import { infoRow } from './fields';
import { ConfigError } from '../../core/errors';

/** One consumer group as XINFO GROUPS reports it. */
export interface GroupInfo {
  readonly name: string;
  readonly consumers: number;
  readonly pending: number;
  readonly lastDeliveredId: string;
  /** Entries not yet delivered to the group; null when Redis cannot tell. */
  readonly lag: number | null;
}

export async function groups(redis: Redis, config: StreamConfig): Promise<GroupInfo[]> {
  const rows = (await redis.xinfo('GROUPS', config.stream)) as unknown[];
  return rows.map((row) => {
    const g = infoRow(row);
    const lag = g.get('lag');
    return {
      name: String(g.get('name')),
      consumers: Number(g.get('consumers')),
      pending: Number(g.get('pending')),
      lastDeliveredId: String(g.get('last-delivered-id')),
      lag: lag === null || lag === undefined ? null : Number(lag),
    };
  });
}

/** Creates the workers' group at the start of the stream (and the stream) unless it exists. */
export async function ensureGroup(redis: Redis, config: StreamConfig): Promise<void> {
  try {
    await redis.xgroup('CREATE', config.stream, config.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!/BUSYGROUP/.test((error as Error).message)) await explainWrongType(redis, config, error);
  }
}

/**
 * Rethrows a Redis error; one about a key of the wrong type (another program wrote one of the
 * pipeline's names, at start or later) as a ConfigError that says which key and what to do.
 */
export async function explainWrongType(redis: Redis, config: StreamConfig, error: unknown): Promise<never> {
  if (!/WRONGTYPE/.test((error as Error | undefined)?.message ?? '')) throw error;
  const kinds: [string, string][] = [[config.stream, 'stream'], [config.deadLetters, 'stream'], [config.errors, 'hash'], [config.workers, 'hash'], [config.checkpoints, 'hash'], [config.queued, 'string'], [config.producers, 'zset']];
  for (const [key, expected] of kinds) {
    const type = await redis.type(key);
    if (type !== 'none' && type !== expected) throw new ConfigError(`Redis at ${config.label}: the key ${key} holds a ${type}, expected a ${expected}: another program uses this name; choose another pipeline name with ?stream=NAME`);
  }
  throw error;
}

/** The id after `id` (entries with a smaller id than the result are at or before `id`). */
function nextId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq ?? '0') + 1n}`;
}

function smaller(a: string, b: string): string {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am < bm || (am === bm && as < bs) ? a : b;
}

/**
 * Removes the entries that every group has processed: those before the oldest pending entry of
 * each group, and before its next undelivered one. An entry not yet acknowledged by any group
 * is never removed, whatever the backlog (what MAXLEN alone cannot promise). The point only ever
 * moves forward (deliveries and acks move it, nothing moves it back), so reading it and
 * trimming in two steps is safe. Returns the number of entries removed.
 */
export async function trimProcessed(redis: Redis, config: StreamConfig): Promise<number> {
  const all = await groups(redis, config);
  if (all.length === 0) return 0;
  let safe: string | null = null;
  for (const g of all) {
    let point = nextId(g.lastDeliveredId);
    if (g.pending > 0) {
      const summary = (await redis.xpending(config.stream, g.name)) as [number, string | null, string | null, unknown];
      if (summary[1]) point = smaller(point, summary[1]);
    }
    safe = safe === null ? point : smaller(safe, point);
  }
  return Number(await redis.xtrim(config.stream, 'MINID', safe!));
}

/** Entries in the stream not yet processed by every group (after trimming what is). */
export async function backlog(redis: Redis, config: StreamConfig): Promise<number> {
  await trimProcessed(redis, config);
  return Number(await redis.xlen(config.stream));
}
