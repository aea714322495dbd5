import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { App } from '../../src/app/open';
import { openApp } from '../../src/app/open';
import { PostStore } from '../../src/listen';
import type { StreamConfig, WorkerOptions } from '../../src/listen/stream';
import { connectChecked, DEFAULT_WORKER_OPTIONS, ListenWorker, streamConfig } from '../../src/listen/stream';
import { loadQuestion } from '../../src/listen/questions';
import { openClassifier } from '../../src/listen/stage/stage';
import type { Backend } from './backends';
import type { CliResult } from './cli';
import { runCli } from './cli';
import { tempDir } from './corpus';
import type { ThrowawayRedis } from './redis-server';
import { startThrowawayRedis } from './redis-server';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createRandom } from '../../src/core/random';
import { generateDemoPosts, genericRecord } from '../../src/listen/demo';
import { recountedRollups, storedRollups } from './rollups';
import { recountedTerms, storedTerms } from './terms';

/** A JSON-lines file of `count` synthetic demo posts (many languages, stances, topics, reposts). */
export function demoFile(dir: string, count: number, seed = 5): string {
  const lines: string[] = [];
  for (const post of generateDemoPosts(createRandom(seed), count, () => 'generic')) lines.push(JSON.stringify(genericRecord(post)));
  const path = join(dir, `demo-${count}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Every post stored once and classified once, and the rollups and term rollups equal to a recount. */
export async function expectExact(posts: PostStore, count: number, question = 'brexit'): Promise<void> {
  expect(await posts.count()).toBe(count);
  expect(await posts.classified()).toEqual({ [question]: count });
  const classes = await posts.db.selectFrom('post_classes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(classes.n)).toBe(count);
  expect(await storedRollups(posts, question)).toEqual(await recountedRollups(posts, question));
  expect(await storedTerms(posts, question)).toEqual(await recountedTerms(posts, question));
}

/** A fresh PostgreSQL store, a Redis of our own, and the command-line arguments that reach both. */
export interface Pipeline {
  readonly app: App;
  readonly posts: PostStore;
  readonly redis: ThrowawayRedis;
  readonly client: Redis;
  readonly config: StreamConfig;
  readonly db: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly file: string;
  close(): Promise<void>;
}

export async function pipeline(backend: Backend, redisBin: string, count: number): Promise<Pipeline> {
  const { config: appConfig, cleanup } = await backend.fresh();
  const app = await openApp(appConfig);
  const redis = await startThrowawayRedis(redisBin!);
  const config = streamConfig(redis.url);
  const client = await connectChecked(config);
  const posts = new PostStore(app.store);
  return {
    app,
    posts,
    redis,
    client,
    config,
    db: ['--db', appConfig.databaseUrl!, '--data-dir', appConfig.dataDir],
    env: { HUSTINGS_PSEUDONYM_KEY: appConfig.pseudonymKey, DATABASE_URL: '', HUSTINGS_REDIS_URL: '' },
    file: demoFile(tempDir(), count),
    async close() {
      client.disconnect();
      await posts.release();
      await app.close();
      await redis.stop();
      await cleanup();
    },
  };
}

export async function produce(p: Pipeline, extra: string[] = []): Promise<CliResult> {
  const r = await runCli([...p.db, 'listen', 'ingest', p.file, '--to', p.redis.url, '--json', ...extra], { env: p.env });
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** A worker in this process, on its own connection to the store (as another machine would have). */
export async function inProcessWorker(p: Pipeline, options: Partial<WorkerOptions>): Promise<{ worker: ListenWorker; close: () => Promise<void> }> {
  const app = await openApp(p.app.config);
  const posts = new PostStore(app.store);
  const redis = await connectChecked(p.config);
  const question = await loadQuestion('brexit');
  const classify = await openClassifier(question, null, app.pseudonymiser.exportKey());
  const w = new ListenWorker(
    { redis, config: p.config, posts, classify, question: 'brexit', keyFingerprint: app.pseudonymiser.fingerprint },
    { ...DEFAULT_WORKER_OPTIONS, consumer: `test-${Math.random().toString(36).slice(2, 8)}`, exitWhenIdle: true, ...options },
  );
  return { worker: w, close: async () => (redis.disconnect(), await posts.release(), await app.close()) };
}

/** Waits until `check` holds, looking every 100 ms; throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}
