import type { ChainableCommander, Redis } from 'ioredis';
import type { StreamConfig } from './config';

/**
 * Acknowledges entries, each with its number of posts: those it acknowledges for the first time
 * come off the queued-posts count, and their last error goes (an entry acknowledged twice, by a
 * worker that lost it to a claim, is counted off once). Atomic; the count never goes below 0 (a
 * stream older than the count).
 */
const ACK = `
local acked = 0
for i = 2, #ARGV, 2 do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('DECRBY', KEYS[3], ARGV[i + 1])
    acked = acked + 1
  end
  redis.call('HDEL', KEYS[2], ARGV[i])
end
if tonumber(redis.call('GET', KEYS[3]) or '0') < 0 then redis.call('SET', KEYS[3], 0) end
return acked`;

export interface Acked {
  readonly id: string;
  readonly posts: number;
}

function ackArgs(config: StreamConfig, entries: readonly Acked[]): (string | number)[] {
  return [ACK, 3, config.stream, config.errors, config.queued, config.group, ...entries.flatMap((e) => [e.id, e.posts])];
}

/** Acknowledges committed entries (see ACK). */
export async function ackEntries(redis: Redis, config: StreamConfig, entries: readonly Acked[]): Promise<void> {
  if (entries.length > 0) await redis.eval(...(ackArgs(config, entries) as [string, number, ...(string | number)[]]));
}

/** The same, queued in a transaction (a dead letter's move). */
export function ackInTransaction(m: ChainableCommander, config: StreamConfig, entries: readonly Acked[]): void {
  m.eval(...(ackArgs(config, entries) as [string, number, ...(string | number)[]]));
}

/** Posts appended and not yet acknowledged; null for a stream that has no count yet (made before it was kept). */
export async function queuedPosts(redis: Redis, config: StreamConfig): Promise<number | null> {
  const v = await redis.get(config.queued);
  return v === null ? null : Math.max(0, Number(v));
}
