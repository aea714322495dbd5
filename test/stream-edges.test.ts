import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectChecked, StreamIntake, streamStatus } from '../src/listen/stream';
import { createServerApp, UserStore } from '../src/server';
import { loadQuestion } from '../src/listen/questions';
import { backends } from './support/backends';
import { runCli, startCli } from './support/cli';
import { tempDir } from './support/corpus';
import { redisServerPath } from './support/redis-server';
import type { Pipeline } from './support/stream';
import { demoFile, expectExact, inProcessWorker, pipeline, produce, until } from './support/stream';

/** Edge cases of the scale-out pipeline: keys of the wrong type, a store away, options that do not apply. */
const postgres = backends().find((b) => b.name === 'postgres');
const redisBin = redisServerPath();

describe.skipIf(!postgres || !redisBin)('scale-out edge cases (real redis-server and PostgreSQL)', () => {
  let p: Pipeline | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('a key of the pipeline taken by another program while a worker runs is named, not a raw WRONGTYPE', async () => {
    p = await pipeline(postgres!, redisBin!, 500);
    await produce(p);
    // An entry that fails: its error is recorded in the errors hash, which another program holds as a string.
    await p.client.xadd(p.config.stream, '*', 'v', '9', 'k', 'x', 'n', '0', 'posts', '[]');
    await p.client.set(p.config.errors, 'oops');
    const w = await inProcessWorker(p, {});
    const error = await w.worker.run().then(
      () => null,
      (e: unknown) => e as Error,
    );
    await w.close();
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toContain(`the key ${p.config.errors} holds a string, expected a hash: another program uses this name`);
    // … and so is the dead letters' stream, to the commands that deal with them (exit 2).
    await p.client.set(p.config.deadLetters, 'oops');
    for (const command of [['list'], ['drop', '--all']]) {
      const r = await runCli(['worker', 'dead', ...command, '--redis', p.redis.url], { env: p.env });
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`the key ${p.config.deadLetters} holds a string, expected a stream`)]);
    }
  }, 60_000);

  it('a store away longer than the claim timeout is waited out by every worker: the entries in hand are not claimed away and dead-lettered', async () => {
    p = await pipeline(postgres!, redisBin!, 500);
    await produce(p);
    // The store refuses every batch as a fault of its own (a table missing: the worker waits for it, as for a database that is down).
    await sql`ALTER TABLE listen_rollups RENAME TO listen_rollups_away`.execute(p.app.store.db);
    const options = { maxAttempts: 2, claimIdleMs: 300, readEntries: 8 };
    const holder = await inProcessWorker(p, options);
    const holding = holder.worker.run();
    await until('the first worker holds every entry', async () => (await streamStatus(p!.client, p!.config)).group?.pending === 2);
    // Workers with nothing to read look for entries left idle: those in hand, waiting for the store, are not such entries.
    const others = await Promise.all([inProcessWorker(p, options), inProcessWorker(p, options)]);
    const running = others.map((o) => o.worker.run());
    await sleep(3000);
    await sql`ALTER TABLE listen_rollups_away RENAME TO listen_rollups`.execute(p.app.store.db);
    const totals = await Promise.all([holding, ...running]);
    for (const w of [holder, ...others]) await w.close();
    expect(totals.map((t) => t.deadLettered)).toEqual([0, 0, 0]);
    expect(totals.reduce((s, t) => s + t.failed, 0)).toBe(0);
    const status = await streamStatus(p.client, p.config);
    expect([status.deadLetters.total, status.group?.pending, status.failing]).toEqual([0, 0, 0]);
    await expectExact(p.posts, 500);
  }, 60_000);

  it('a POST whose connection to Redis is cut mid-request gets 503, not a 500', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const question = await loadQuestion('brexit');
    const intake = await StreamIntake.open(p.config, await connectChecked(p.config), p.app.pseudonymiser, question);
    const users = new UserStore(p.app.store);
    await users.add('adm', 'admin', 'a long enough password');
    const admin = { authorization: `Bearer ${await users.issueToken('adm', 'tests')}` };
    const api = createServerApp({ users, posts: p.posts, questions: new Map([[question.id, question]]), live: intake, secureCookies: false, version: 'test' });
    // Writes held: the request's transaction waits in Redis; then its connection is cut (this test's own is spared).
    await p.client.call('CLIENT', 'PAUSE', '20000', 'WRITE');
    try {
      const posted = api.request('/api/listen/posts', { method: 'POST', headers: admin, body: readFileSync(p.file, 'utf8') });
      await sleep(500);
      await p.client.call('CLIENT', 'KILL', 'TYPE', 'normal');
      await p.client.call('CLIENT', 'UNPAUSE');
      const r = await posted;
      expect([r.status, r.headers.get('retry-after')], await r.clone().text()).toEqual([503, '5']);
      expect(((await r.json()) as { error: string }).error).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ went away during the request \(.+\): try again later$/);
    } finally {
      await p.client.call('CLIENT', 'UNPAUSE');
      await intake.close();
    }
  }, 60_000);

  it('a producer whose last batch took the stream past its bound finishes: the end of its file adds no post, so it waits for no room', async () => {
    p = await pipeline(postgres!, redisBin!, 1000);
    // One batch larger than the bound goes into an empty stream; what is left to write is the file's "done" checkpoint alone.
    const producer = startCli([...p.db, 'listen', 'ingest', p.file, '--to', p.redis.url, '--json', '--batch-size', '1000', '--max-backlog', '500'], { env: p.env });
    const r = await Promise.race([producer.done, sleep(20_000).then(() => null)]);
    if (!r) producer.child.kill('SIGKILL');
    expect(r?.code, r?.stderr).toBe(0);
    expect(JSON.parse(r!.stdout)).toMatchObject({ queued: 1000 });
    const [checkpoint] = Object.values(await p.client.hgetall(p.config.checkpoints));
    expect(JSON.parse(checkpoint!)).toMatchObject({ status: 'done', position: 1000, stored: 1000 });
    const w = await inProcessWorker(p, {});
    expect(await w.worker.run()).toMatchObject({ posts: 1000, stored: 1000 });
    await w.close();
    await expectExact(p.posts, 1000);
  }, 60_000);
});

describe('listen ingest: options the destination does not use are refused, not ignored', () => {
  it('--question, --model and --no-classify with --to (the workers classify); --max-backlog and --entry-posts without it', async () => {
    const dir = tempDir();
    const file = demoFile(dir, 10);
    const env = { HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32), DATABASE_URL: '', HUSTINGS_REDIS_URL: '' };
    const ingest = (...extra: string[]) => runCli(['--data-dir', dir, 'listen', 'ingest', file, '--no-progress', ...extra], { env });
    // Port 1 has no Redis: an option refused is said before any connection is tried.
    const to = ['--to', 'redis://127.0.0.1:1'];
    for (const [extra, said] of [
      [[...to, '--question', 'brexit'], '--question: with --to the workers classify the posts'],
      [[...to, '--model', 'model.json'], '--model/--no-model: with --to the workers classify the posts'],
      [[...to, '--no-model'], '--model/--no-model: with --to the workers classify the posts'],
      [[...to, '--no-classify'], '--no-classify: with --to the workers classify the posts'],
      [['--max-backlog', '10'], '--max-backlog goes with --to'],
      [['--entry-posts', '10'], '--entry-posts goes with --to'],
    ] as const) {
      const r = await ingest(...extra);
      expect([r.code, r.stderr], extra.join(' ')).toEqual([2, expect.stringContaining(said)]);
    }
  }, 120_000);
});
