import type { Redis } from 'ioredis';
import type { StreamConfig } from './config';
import { fieldsOf, infoRow } from './fields';
import type { DeadLetter } from './dead';
import { deadLetters } from './dead';
import type { WorkerReport } from './report';
import type { GroupInfo } from './trim';
import { queuedPosts } from './queued';
import { liveProducers } from './producers';
import { explainWrongType, groups } from './trim';

export interface ConsumerInfo {
  readonly name: string;
  readonly pending: number;
  /** Since the consumer last read or claimed, ms. */
  readonly idleMs: number;
}

/** The pipeline as `hustings status` and the admin dashboard show it. */
export interface StreamStatus {
  readonly redis: string;
  readonly stream: string;
  /** Entries in the stream (processed ones are trimmed away within a second or so). */
  readonly length: number;
  /** Entries not yet processed: undelivered (lag) and pending (delivered, not acknowledged). */
  readonly unprocessed: number;
  /** Posts in those entries, estimated from the newest entries' sizes. */
  readonly postsQueued: number;
  readonly group: (Omit<GroupInfo, 'consumers'> & { readonly consumers: ConsumerInfo[] }) | null;
  readonly deadLetters: { readonly total: number; readonly latest: DeadLetter[] };
  /** Entries that failed at least once and wait to be tried again. */
  readonly failing: number;
  /** Workers that reported in the last 30 s, and their summed rate (posts/s). */
  readonly workers: WorkerReport[];
  readonly throughput: number;
  /** Producers that appended or waited for room in the last few seconds. */
  readonly producers: number;
  /** Memory Redis uses, bytes. */
  readonly redisMemory: number;
}

/**
 * A running worker whose last report is older than this is silent (killed, its machine gone):
 * workers report every second, and between batches, so 30 s (as before) showed a worker killed
 * with kill -9 as running, at its last rate, in the throughput, for half a minute.
 */
export const LIVE_MS = 10_000;

async function consumers(redis: Redis, config: StreamConfig): Promise<ConsumerInfo[]> {
  const rows = (await redis.xinfo('CONSUMERS', config.stream, config.group)) as unknown[];
  return rows.map((row) => {
    const c = infoRow(row);
    return { name: String(c.get('name')), pending: Number(c.get('pending')), idleMs: Number(c.get('idle')) };
  });
}

async function postsPerEntry(redis: Redis, config: StreamConfig): Promise<number> {
  const rows = (await redis.xrevrange(config.stream, '+', '-', 'COUNT', 5)) as [string, string[]][];
  const sizes = rows.map(([, f]) => Number(fieldsOf(f).get('n') ?? 0)).filter((x) => x > 0);
  return sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
}

function memoryUsed(info: string): number {
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

export async function streamStatus(redis: Redis, config: StreamConfig): Promise<StreamStatus> {
  try {
    return await readStatus(redis, config);
  } catch (error) {
    return explainWrongType(redis, config, error);
  }
}

async function readStatus(redis: Redis, config: StreamConfig): Promise<StreamStatus> {
  const exists = (await redis.exists(config.stream)) === 1;
  const length = exists ? Number(await redis.xlen(config.stream)) : 0;
  const group = exists ? ((await groups(redis, config)).find((g) => g.name === config.group) ?? null) : null;
  const reports = Object.values(await redis.hgetall(config.workers)).map((v) => JSON.parse(v) as WorkerReport);
  const unprocessed = group ? (group.lag ?? length) + group.pending : length;
  // A worker that stopped reporting (killed, its machine gone) is silent, not running; neither it nor a stopped one has a rate now.
  const workers = reports.map((w): WorkerReport => (w.state === 'running' && Date.now() - Date.parse(w.at) >= LIVE_MS ? { ...w, state: 'silent', rate: 0 } : w.state === 'running' ? w : { ...w, rate: 0 }));
  const live = workers.filter((w) => w.state === 'running');
  return {
    redis: config.label,
    stream: config.stream,
    length,
    unprocessed,
    postsQueued: unprocessed === 0 ? 0 : ((await queuedPosts(redis, config)) ?? Math.round(unprocessed * (await postsPerEntry(redis, config)))),
    group: group ? { ...group, consumers: await consumers(redis, config) } : null,
    deadLetters: await deadLetters(redis, config, 5),
    failing: Number(await redis.hlen(config.errors)),
    workers: workers.sort((a, b) => a.consumer.localeCompare(b.consumer)),
    throughput: live.reduce((s, w) => s + w.rate, 0),
    producers: await liveProducers(redis, config),
    redisMemory: memoryUsed(await redis.info('memory')),
  };
}
