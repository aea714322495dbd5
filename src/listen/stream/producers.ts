import type { ChainableCommander, Redis } from 'ioredis';
import type { StreamConfig } from './config';

/**
 * Producers say they are there: each batch they append, and each time they look whether the
 * backlog has room, marks them in a sorted set scored by Redis's own clock (so machines whose
 * clocks differ agree); a producer that finishes takes its mark away. Workers run as batch jobs
 * (`--exit-when-idle`) stop only when the stream is drained *and* no producer is live, so they
 * do not quit while a producer waits for room or reads its next lines.
 */

/** A producer that appended or waited for room this recently is live, ms. */
export const PRODUCER_LIVE_MS = 5000;

/** Marks of producers killed before they could take theirs away go after this long, ms. */
const FORGET_MS = 86_400_000;

/** Marks ARGV[1] now, and forgets marks older than ARGV[2] ms. */
const MARK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
return 1`;

/** Producers marked within the last ARGV[1] ms (reads only). */
const LIVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')`;

/** Marks a producer live (on its own). */
export async function markProducer(redis: Redis, config: StreamConfig, name: string): Promise<void> {
  await redis.eval(MARK, 1, config.producers, name, FORGET_MS);
}

/** The same, in the transaction that appends a batch. */
export function markProducerIn(m: ChainableCommander, config: StreamConfig, name: string): void {
  m.eval(MARK, 1, config.producers, name, FORGET_MS);
}

/** A producer that is done: workers need not wait for it. */
export async function unmarkProducer(redis: Redis, config: StreamConfig, name: string): Promise<void> {
  await redis.zrem(config.producers, name);
}

/** How many producers appended or waited for room in the last `PRODUCER_LIVE_MS`. */
export async function liveProducers(redis: Redis, config: StreamConfig, withinMs = PRODUCER_LIVE_MS): Promise<number> {
  return Number(await redis.eval(LIVE, 1, config.producers, withinMs));
}
