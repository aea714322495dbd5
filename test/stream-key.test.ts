import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp, storeKeyFingerprint } from '../src/app/open';
import type { Config } from '../src/core/config';
import { parseKey, Pseudonymiser } from '../src/core/pseudonym';
import { PostStore } from '../src/listen';
import { redactUrl } from '../src/store';
import type { StreamConfig } from '../src/listen/stream';
import { connectChecked, streamConfig, streamStatus } from '../src/listen/stream';
import { backends } from './support/backends';
import { startCli } from './support/cli';
import type { ThrowawayRedis } from './support/redis-server';
import { redisServerPath, startThrowawayRedis } from './support/redis-server';
import { demoFile, expectExact, until } from './support/stream';

/** A worker whose pseudonym key is not the producers' is a misconfigured worker, not a stream of bad entries. */
const postgres = backends().find((b) => b.name === 'postgres');
const redisBin = redisServerPath();
const KEY_A = '5f'.repeat(32);
const KEY_B = '17'.repeat(32);
const fingerprint = (hex: string): string => new Pseudonymiser(parseKey(hex, 'test')).fingerprint;
const POSTS = 1500;

interface Setup {
  readonly store: Config;
  readonly redis: ThrowawayRedis;
  readonly client: Redis;
  readonly stream: StreamConfig;
  readonly file: string;
  close(): Promise<void>;
}

/** An empty PostgreSQL database that nothing has opened yet (bound to no key), and a Redis of our own. */
async function setup(): Promise<Setup> {
  const { config, dir, cleanup } = await postgres!.fresh();
  const redis = await startThrowawayRedis(redisBin!);
  const stream = streamConfig(redis.url);
  const client = await connectChecked(stream);
  return {
    store: config,
    redis,
    client,
    stream,
    file: demoFile(dir, POSTS),
    async close() {
      client.disconnect();
      await redis.stop();
      await cleanup();
    },
  };
}

function cli(s: Setup, key: string, args: string[]): ReturnType<typeof startCli> {
  return startCli(['--db', s.store.databaseUrl!, '--data-dir', s.store.dataDir, ...args], { env: { HUSTINGS_PSEUDONYM_KEY: key, DATABASE_URL: '', HUSTINGS_REDIS_URL: '' } });
}

const worker = (s: Setup, key: string, extra: string[] = []) => cli(s, key, ['worker', 'listen', '--redis', s.redis.url, '--json', ...extra]);

async function produceWith(s: Setup, key: string): Promise<void> {
  const r = await cli(s, key, ['listen', 'ingest', s.file, '--to', s.redis.url, '--json', '--no-progress']).done;
  expect(r.code, r.stderr).toBe(0);
}

/** The one-line error of a worker with key B on entries of key A. */
function expectKeyError(stderr: string): void {
  const lines = stderr.split('\n').filter((l) => l.startsWith('hustings: '));
  expect(lines).toEqual([
    `hustings: pseudonym key mismatch: the entries of hustings:listen:posts were pseudonymised with key ${fingerprint(KEY_A)} (the producers'), but this worker's key (from HUSTINGS_PSEUDONYM_KEY) is ${fingerprint(KEY_B)}; start the worker with the producers' key (the same HUSTINGS_PSEUDONYM_KEY on producers and workers): no entry was processed, they wait for a worker with that key`,
  ]);
  expect(stderr).not.toMatch(/entry failed|dead letters/);
}

/** Nothing failed, dead-lettered or acknowledged: every post still queued. */
async function expectUntouched(s: Setup): Promise<void> {
  const status = await streamStatus(s.client, s.stream);
  expect([status.deadLetters.total, status.failing, status.postsQueued > 0]).toEqual([0, 0, true]);
  expect(Number(await s.client.get(s.stream.queued))).toBe(POSTS);
}

/** A worker with key A drains the stream: every post stored once, rollups equal to a recount. */
async function drainWithKeyA(s: Setup, extra: string[] = []): Promise<void> {
  const r = await worker(s, KEY_A, ['--exit-when-idle', ...extra]).done;
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ posts: POSTS, stored: POSTS, duplicates: 0, failed: 0, deadLettered: 0 });
  let app: App | undefined;
  try {
    app = await openApp({ ...s.store, pseudonymKey: KEY_A });
    const posts = new PostStore(app.store);
    await expectExact(posts, POSTS);
    await posts.release();
  } finally {
    await app?.close();
  }
  expect(await storeKeyFingerprint(s.store)).toBe(fingerprint(KEY_A));
  const status = await streamStatus(s.client, s.stream);
  expect([status.deadLetters.total, status.failing, status.group?.pending]).toEqual([0, 0, 0]);
}

describe.skipIf(!postgres || !redisBin)('a worker with another pseudonym key than the producers (real redis-server and PostgreSQL)', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('entries waiting: the worker stops at start (exit 2) without reading any, or touching the store; a worker with the right key drains them once', async () => {
    s = await setup();
    await produceWith(s, KEY_A);
    const r = await worker(s, KEY_B, ['--exit-when-idle', '--claim-idle', '200', '--max-attempts', '1']).done;
    expect(r.code).toBe(2);
    expectKeyError(r.stderr);
    await expectUntouched(s);
    // Nothing delivered: the group has every entry still to give.
    expect((await streamStatus(s.client, s.stream)).group).toMatchObject({ pending: 0, lastDeliveredId: '0-0' });
    // The store was not opened: not migrated, bound to no key.
    expect(await storeKeyFingerprint(s.store)).toBeNull();
    await drainWithKeyA(s);
  }, 120_000);

  it('entries arriving while it runs on a store bound to no key: it stops at the first batch, leaves it pending and the store unbound; another worker claims it', async () => {
    s = await setup();
    const b = worker(s, KEY_B, ['--claim-idle', '1000']);
    await until('worker B reads the stream', async () => (await streamStatus(s!.client, s!.stream)).group?.consumers.length === 1);
    await produceWith(s, KEY_A);
    const r = await b.done;
    expect(r.code).toBe(2);
    expectKeyError(r.stderr);
    await expectUntouched(s);
    const status = await streamStatus(s.client, s.stream);
    // What it had read stays pending with it (as for a killed worker), and it says it stopped.
    expect(status.group?.pending).toBeGreaterThan(0);
    expect(status.workers.map((w) => w.state)).toEqual(['stopped']);
    // Migrated by the worker, but bound to no key: the right workers and status may open it.
    expect(await storeKeyFingerprint(s.store)).toBeNull();
    // Nor does status, which only reads, bind it to the key it is given.
    const shown = await cli(s, KEY_B, ['status', '--redis', s.redis.url]).done;
    expect(shown.code, shown.stderr).toBe(0);
    expect(await storeKeyFingerprint(s.store)).toBeNull();
    await drainWithKeyA(s, ['--claim-idle', '1000']);
  }, 120_000);

  it('a store bound to the workers\' key: an entry of another key is the entry\'s fault (a misconfigured producer), and goes to the dead letters', async () => {
    s = await setup();
    const app = await openApp(s.store);
    await app.close();
    await produceWith(s, KEY_B);
    const r = await worker(s, KEY_A, ['--exit-when-idle', '--claim-idle', '200', '--max-attempts', '1']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ posts: 0, deadLettered: 6 });
    expect((await streamStatus(s.client, s.stream)).deadLetters.total).toBe(6);
    expect(await storeKeyFingerprint(s.store)).toBe(fingerprint(KEY_A));
  }, 120_000);
});

describe.skipIf(!postgres || !redisBin)('a worker with no key for a store bound to one (real redis-server and PostgreSQL)', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('says the key is missing, where it was looked for and how to give it (exit 2), and makes no key file', async () => {
    s = await setup();
    const app = await openApp(s.store);
    await app.close();
    const keyFile = join(s.store.dataDir, 'hustings.key');
    const r = await cli(s, '', ['worker', 'listen', '--redis', s.redis.url, '--exit-when-idle']).done;
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      `hustings: pseudonym key missing: the store at ${redactUrl(s.store.databaseUrl!)} is bound to key ${fingerprint(KEY_A)}, but HUSTINGS_PSEUDONYM_KEY is not set and there is no key file at ${keyFile}; ` +
        'put that key back there, give it in HUSTINGS_PSEUDONYM_KEY, or point --data-dir (HUSTINGS_DATA_DIR) at the folder that holds it. No key was made: a new one would not match the stored pseudonyms',
    ]);
    expect(existsSync(keyFile)).toBe(false);
    expect(await storeKeyFingerprint(s.store)).toBe(fingerprint(KEY_A));
  }, 60_000);
});

describe('storeKeyFingerprint', () => {
  it('reads an SQLite path where there is no store as bound to no key, and creates nothing', async () => {
    const { config, cleanup } = await backends()[0]!.fresh();
    expect(await storeKeyFingerprint(config)).toBeNull();
    expect(existsSync(config.sqlitePath)).toBe(false);
    await cleanup();
  });
});
