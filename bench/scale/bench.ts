import type { Redis } from 'ioredis';
import type { WorkerTotals } from '../../src/listen/stream';
import type { Run } from '../ingest/run';
import { BIN, parseJson, run } from '../ingest/run';
import type { StoreCounts } from './services';
import { createDatabase, dropDatabase, storeCounts } from './services';
import type { Started } from './spawn';
import { start } from './spawn';

/** What every phase needs: where things are, the corpus, and the benchmark's Redis. */
export interface Bench {
  readonly dir: string;
  readonly corpus: string;
  readonly posts: number;
  readonly redisUrl: string;
  readonly redis: Redis;
  /** A prefix for the phases' database names, unique to this run. */
  readonly dbPrefix: string;
}

/** Every process gets the same pseudonym key, and none picks up a store or Redis from the caller's environment. */
export const ENV: NodeJS.ProcessEnv = { HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32), DATABASE_URL: '', HUSTINGS_REDIS_URL: '' };
export const QUESTION = 'brexit';

/** What the producer prints with --json. */
export interface Produced {
  read: number;
  stored: number;
  queued: number;
  bad: number;
  elapsedMs: number;
  postsPerSecond: number;
  peakRssMb: number;
  waitedMs: number;
}

/** `listen ingest FILE --to redis://…`, the producer. */
export function producerArgs(b: Bench, maxBacklog: number): string[] {
  return ['--data-dir', b.dir, 'listen', 'ingest', b.corpus, '--to', b.redisUrl, '--json', '--no-progress', '--max-backlog', String(maxBacklog)];
}

export function startWorker(b: Bench, db: string, i: number, exitWhenIdle: boolean): Started {
  return start(['--db', db, '--data-dir', b.dir, 'worker', 'listen', '--redis', b.redisUrl, '--consumer', `bench-${i}`, ...(exitWhenIdle ? ['--exit-when-idle'] : []), '--json'], ENV);
}

/** A fresh PostgreSQL database with the schema in place (so that no worker's time goes to migrations); dropped after `fn`. */
export async function withDatabase<T>(b: Bench, suffix: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `${b.dbPrefix}_${suffix}`;
  const url = await createDatabase(name);
  try {
    parseJson(await run(BIN, ['--db', url, '--data-dir', b.dir, 'migrate', '--json'], ENV), 'migrating the benchmark database');
    return await fn(url);
  } finally {
    await dropDatabase(name);
  }
}

export function sumTotals(runs: readonly Run[]): WorkerTotals {
  const sum: WorkerTotals = { entries: 0, posts: 0, stored: 0, duplicates: 0, failed: 0, deadLettered: 0 };
  for (const r of runs) {
    const t = parseJson<WorkerTotals>(r, 'worker');
    for (const k of Object.keys(sum) as (keyof WorkerTotals)[]) sum[k] += t[k];
  }
  return sum;
}

export interface Check {
  readonly expected: number;
  readonly store: StoreCounts;
  readonly workers: WorkerTotals;
  /** Every post stored once, classified once and counted once in the rollups; nothing dead-lettered. */
  readonly exact: boolean;
}

export async function check(db: string, expected: number, workers: WorkerTotals): Promise<Check> {
  const store = await storeCounts(db, QUESTION);
  const exact = store.posts === expected && store.rollupPosts === expected && store.classified === expected && workers.stored === expected && workers.deadLettered === 0;
  return { expected, store, workers, exact };
}
