import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connectChecked, deadLetters, liveProducers, markProducer, streamStatus, unmarkProducer } from '../src/listen/stream';
import { loadQuestion } from '../src/listen/questions';
import { backends } from './support/backends';
import type { CliResult } from './support/cli';
import { runCli, startCli } from './support/cli';
import { redisServerPath } from './support/redis-server';
import type { Pipeline } from './support/stream';
import { expectExact, inProcessWorker, pipeline, produce, until } from './support/stream';
import { readFileSync } from 'node:fs';
import { StreamIntake } from '../src/listen/stream';
import { ReportCache } from '../src/listen/report/cache';
import { createServerApp, UserStore } from '../src/server';
import { argsOf, childrenOf, running } from './support/proc';

const postgres = backends().find((b) => b.name === 'postgres');
const redisBin = redisServerPath();
const N = 20_000;

function worker(p: Pipeline, extra: string[] = []): { child: ChildProcess; done: Promise<CliResult> } {
  return startCli([...p.db, 'worker', 'listen', '--redis', p.redis.url, '--json', '--claim-idle', '1000', ...extra], { env: p.env });
}

/** A worker process (no --exit-when-idle: it waits for entries until stopped) once it reads the stream; `inner` is the pid its launcher started it again as. */
async function readingWorker(p: Pipeline): Promise<{ w: ReturnType<typeof worker>; inner: number }> {
  const w = worker(p);
  await until('the worker has started again with its flags', async () => childrenOf(w.child.pid!).length === 1);
  const inner = childrenOf(w.child.pid!)[0]!;
  await until('the worker reads the stream', async () => (await streamStatus(p.client, p.config)).group?.consumers.length === 1);
  return { w, inner };
}

/** A server whose POSTs go to the pipeline's stream, with an admin's bearer header. */
async function serverWithIntake(p: Pipeline) {
  const question = await loadQuestion('brexit');
  const intake = await StreamIntake.open(p.config, await connectChecked(p.config), p.app.pseudonymiser, question);
  const users = new UserStore(p.app.store);
  await users.add('adm', 'admin', 'a long enough password');
  const admin = { authorization: `Bearer ${await users.issueToken('adm', 'tests')}` };
  const api = createServerApp({ users, posts: p.posts, questions: new Map([[question.id, question]]), live: intake, secureCookies: false, version: 'test', pipeline: { redis: p.client, config: p.config } });
  return { intake, admin, api };
}

describe.skipIf(!postgres || !redisBin)('scale-out on Redis Streams and PostgreSQL (real redis-server)', () => {
  let p: Pipeline | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('two workers, one killed with kill -9 mid-stream: the other claims its entries; every post once, rollups equal a recount', async () => {
    p = await pipeline(postgres!, redisBin!, N);
    const summary = JSON.parse((await produce(p)).stdout) as { queued: number; stored: number };
    // Queued, not stored: the workers store them (the server's POST /api/listen/posts says the same).
    expect([summary.queued, summary.stored]).toEqual([N, 0]);
    const a = worker(p, ['--exit-when-idle', '--read-entries', '4']);
    const b = worker(p, ['--exit-when-idle', '--read-entries', '4']);
    await until('the first posts are stored', async () => (await p!.posts.count()) >= N / 5);
    const pendingBefore = Number((await p.client.xpending(p.config.stream, p.config.group))[0]);
    // The launcher runs the worker in a child with a single-threaded collector (src/core/relaunch.mjs): killing it kills the worker.
    const inner = childrenOf(a.child.pid!);
    expect(inner).toHaveLength(1);
    expect(argsOf(inner[0]!)).toContain('--single-threaded-gc');
    a.child.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    const rb = await b.done;
    expect(rb.code, rb.stderr).toBe(0);
    expect(pendingBefore).toBeGreaterThan(0);
    await expectExact(p.posts, N);
    const status = await streamStatus(p.client, p.config);
    expect(status.group?.pending).toBe(0);
    expect(status.deadLetters.total).toBe(0);
    expect(status.group?.consumers).toHaveLength(2);
    // A worker started later forgets the two gone (here after 1 ms instead of an hour): status lists itself alone.
    const later = await inProcessWorker(p, { forgetAfterMs: 1 });
    await later.worker.run();
    await later.close();
    const after = await streamStatus(p.client, p.config);
    expect(after.group?.consumers.map((c) => c.name)).toEqual([expect.stringMatching(/^test-/)]);
    expect(after.workers.map((w) => w.consumer)).toEqual([after.group!.consumers[0]!.name]);
  }, 240_000);

  it('a worker whose launcher is killed with kill -9 ends at once', async () => {
    p = await pipeline(postgres!, redisBin!, 500);
    const { w, inner } = await readingWorker(p);
    w.child.kill('SIGKILL');
    await until('the worker has ended with its launcher', async () => !running(inner), 3000);
    expect((await w.done).signal).toBe('SIGKILL');
  }, 60_000);

  it('SIGTERM to the launcher and to the worker at once (systemd, pkill -f) is one clean stop, not a second "stop now"', async () => {
    p = await pipeline(postgres!, redisBin!, 500);
    const { w, inner } = await readingWorker(p);
    process.kill(inner, 'SIGTERM');
    w.child.kill('SIGTERM');
    const r = await w.done;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ posts: 0 });
  }, 60_000);

  it('entries delivered twice, to two workers at once, and a whole input sent again, store and count nothing twice', async () => {
    p = await pipeline(postgres!, redisBin!, 5000);
    await produce(p);
    // A producer's transaction resent after a lost reply: the same entries again.
    const entries = (await p.client.xrange(p.config.stream, '-', '+')) as [string, string[]][];
    for (const [, fields] of entries) await p.client.xadd(p.config.stream, '*', ...fields);
    await produce(p);
    const one = await inProcessWorker(p, { readEntries: 3 });
    const two = await inProcessWorker(p, { readEntries: 5 });
    const [t1, t2] = await Promise.all([one.worker.run(), two.worker.run()]);
    await one.close();
    await two.close();
    expect(t1.posts + t2.posts).toBe(3 * 5000);
    expect(t1.stored + t2.stored).toBe(5000);
    expect(t1.duplicates + t2.duplicates).toBe(2 * 5000);
    await expectExact(p.posts, 5000);
  }, 180_000);

  it('an entry that failed and then went through is no longer counted as failing', async () => {
    p = await pipeline(postgres!, redisBin!, 500);
    await produce(p);
    const [first] = ((await p.client.xrange(p.config.stream, '-', '+', 'COUNT', 1)) as [string, string[]][])[0]!;
    await p.client.hset(p.config.errors, first, 'refused by the store: the database was restarting');
    expect((await streamStatus(p.client, p.config)).failing).toBe(1);
    const w = await inProcessWorker(p, {});
    await w.worker.run();
    await w.close();
    await expectExact(p.posts, 500);
    expect((await streamStatus(p.client, p.config)).failing).toBe(0);
  }, 60_000);

  it('poison entries go to the dead letters after the allowed attempts, with the reason, and hold back nothing else', async () => {
    p = await pipeline(postgres!, redisBin!, 2000);
    await produce(p);
    const [, good] = ((await p.client.xrange(p.config.stream, '-', '+', 'COUNT', 1)) as [string, string[]][])[0]!;
    const field = (name: string): string => good[good.indexOf(name) + 1]!;
    const post = (JSON.parse(field('posts')) as Record<string, unknown>[])[0]!;
    const poison: [string, string[]][] = [
      ['not JSON', ['v', '1', 'k', field('k'), 'n', '1', 'posts', '[{"id": "cut']],
      ['another key', ['v', '1', 'k', '0123456789abcdef', 'n', '1', 'posts', field('posts')]],
      ['unknown layout', ['v', '9', 'k', field('k'), 'n', '1', 'posts', '[]']],
      ['not a post', ['v', '1', 'k', field('k'), 'n', '1', 'posts', JSON.stringify([{ ...post, createdAt: 'yesterday' }])]],
      ['refused by the store', ['v', '1', 'k', field('k'), 'n', '1', 'posts', JSON.stringify([{ ...post, id: 'nul', text: 'a\u0000b' }])]],
      ['a raw handle as author', ['v', '1', 'k', field('k'), 'n', '1', 'posts', JSON.stringify([{ ...post, id: 'raw', author: 'raw-handle-alice' }])]],
    ];
    for (const [, fields] of poison) await p.client.xadd(p.config.stream, '*', ...fields);
    const w = await inProcessWorker(p, { maxAttempts: 2, claimIdleMs: 200, readEntries: 4 });
    const totals = await w.worker.run();
    await w.close();
    expect(totals.deadLettered).toBe(poison.length);
    expect(totals.failed).toBe(poison.length * 2);
    await expectExact(p.posts, 2000);
    const status = await streamStatus(p.client, p.config);
    expect(status.deadLetters.total).toBe(poison.length);
    expect(status.failing).toBe(0);
    expect(status.group?.pending).toBe(0);
    expect(status.deadLetters.latest).toHaveLength(5);
    const reasons = (await deadLetters(p.client, p.config, 10)).latest.map((d) => d.error).join('\n');
    for (const re of [/not valid JSON/, /pseudonymised with key 0123456789abcdef/, /expected layout version 1, found 9/, /not a list of posts: at 0\.createdAt/, /refused by the store/, /at 0\.author: expected a pseudonym/]) expect(reasons).toMatch(re);
    expect(status.deadLetters.latest.every((d) => d.attempts === 2)).toBe(true);

    // Operators list them, put one back on the stream, and drop the rest.
    const list = await runCli(['worker', 'dead', 'list', '--redis', p.redis.url, '--json'], { env: p.env });
    const listed = (JSON.parse(list.stdout) as { total: number; latest: { id: string; error: string }[] }).latest;
    expect(listed).toHaveLength(poison.length);
    const notPost = listed.find((d) => /at 0\.createdAt/.test(d.error))!;
    const retried = await runCli(['worker', 'dead', 'retry', notPost.id, '--redis', p.redis.url], { env: p.env });
    expect(retried.stdout).toMatch(/^1 dead letter back on the stream/);
    const back = ((await p.client.xrevrange(p.config.stream, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]![1];
    expect(back.slice(0, 4)).toEqual(['v', '1', 'k', field('k')]);
    expect(await p.client.xlen(p.config.deadLetters)).toBe(poison.length - 1);
    expect((await runCli(['worker', 'dead', 'drop', '--redis', p.redis.url], { env: p.env })).code).toBe(2);
    // An id that is not a dead letter's (such as the entry's own id) is named, and nothing is done.
    const kept = listed.find((d) => d.id !== notPost.id)!;
    const unknown = await runCli(['worker', 'dead', 'drop', kept.id, notPost.id, '--redis', p.redis.url], { env: p.env });
    expect([unknown.code, unknown.stderr.trim()]).toEqual([3, `hustings: no dead letter ${notPost.id}: expected ids from \`hustings worker dead list\` (the first column), nothing was done`]);
    expect(await p.client.xlen(p.config.deadLetters)).toBe(poison.length - 1);
    const shown = await runCli([...p.db, 'status', '--redis', p.redis.url], { env: p.env });
    expect(shown.stdout).toContain(`${kept.id} (entry `);
    const dropped = await runCli(['worker', 'dead', 'drop', '--all', '--redis', p.redis.url], { env: p.env });
    expect(dropped.stdout).toMatch(new RegExp(`^${poison.length - 1} dead letters removed`));
    expect(await p.client.xlen(p.config.deadLetters)).toBe(0);
  }, 180_000);

  it('Redis restarted and crashed mid-run: producer and two workers carry on; every post once, rollups equal a recount', async () => {
    p = await pipeline(postgres!, redisBin!, 40_000);
    const producer = startCli([...p.db, 'listen', 'ingest', p.file, '--to', p.redis.url, '--json', '--batch-size', '1000', '--max-backlog', '8000'], { env: p.env });
    const workers = [worker(p), worker(p)];
    await until('a quarter is stored', async () => (await p!.posts.count()) >= 10_000);
    await p.redis.restart();
    await until('half is stored', async () => (await p!.posts.count()) >= 20_000);
    await p.redis.crash();
    const r = await producer.done;
    expect(r.code, r.stderr).toBe(0);
    await until('every post is stored', async () => (await p!.posts.count()) >= 40_000);
    await until('nothing is pending', async () => (await streamStatus(p!.client, p!.config)).group?.pending === 0);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.done).code).toBe(0);
    await expectExact(p.posts, 40_000);
  }, 300_000);

  it('with no worker running the producer waits at its backlog bound (Redis stays small), and finishes once a worker starts', async () => {
    p = await pipeline(postgres!, redisBin!, 20_000);
    const producer = startCli([...p.db, 'listen', 'ingest', p.file, '--to', p.redis.url, '--json', '--batch-size', '1000', '--max-backlog', '3000'], { env: p.env });
    await until('the stream reaches its bound', async () => (await p!.client.xlen(p!.config.stream)) >= 8);
    for (let i = 0; i < 20; i++) {
      await sleep(100);
      expect(await p.client.xlen(p.config.stream)).toBeLessThanOrEqual(12);
    }
    expect(producer.child.exitCode).toBeNull();
    const w = worker(p, ['--exit-when-idle']);
    const r = await producer.done;
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { waitedMs: number }).waitedMs).toBeGreaterThan(1000);
    expect((await w.done).code).toBe(0);
    await expectExact(p.posts, 20_000);
  }, 240_000);

  it('the database dropping the workers\' connections mid-run is waited out: nothing failed, nothing lost or doubled', async () => {
    p = await pipeline(postgres!, redisBin!, 20_000);
    await produce(p);
    const w = worker(p, ['--exit-when-idle', '--read-entries', '2']);
    await until('the worker has stored posts', async () => (await p!.posts.count()) > 2000);
    const database = new URL(p.app.config.databaseUrl!).pathname.slice(1);
    const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`.execute(p.app.store.db);
    expect(killed.rows[0]!.n).toBeGreaterThan(0);
    const r = await w.done;
    expect(r.code, r.stderr).toBe(0);
    const totals = JSON.parse(r.stdout) as { failed: number; deadLettered: number; posts: number };
    expect(totals).toMatchObject({ failed: 0, deadLettered: 0, posts: 20_000 });
    await expectExact(p.posts, 20_000);
  }, 180_000);

  it('the stream deleted under a waiting worker is made again: the worker carries on with what comes next', async () => {
    p = await pipeline(postgres!, redisBin!, 5_000);
    const w = worker(p);
    await until('the worker waits on the stream', async () => (await streamStatus(p!.client, p!.config)).workers.length > 0);
    await sleep(300);
    await p.client.del(p.config.stream);
    await produce(p);
    await until('every post is stored', async () => (await p!.posts.count()) >= 5_000, 30_000);
    expect(w.child.exitCode).toBeNull();
    w.child.kill('SIGTERM');
    const r = await w.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/the stream or its consumer group is missing/);
    await expectExact(p.posts, 5_000);
  }, 120_000);

  it('a Redis database the server does not have is a clear error at start (exit 2), not a silent switch to database 0', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const r = await runCli([...p.db, 'listen', 'ingest', p.file, '--to', `${p.redis.url}/99`], { env: p.env });
    expect(r.stderr).toMatch(/database 99 cannot be used \(ERR DB index is out of range\)/);
    expect(r.code).toBe(2);
    expect(await p.client.xlen(p.config.stream)).toBe(0);
    // A pipeline name whose key another program holds is named, with what it holds.
    await p.client.set('other:posts', 'x');
    const taken = await runCli([...p.db, 'listen', 'ingest', p.file, '--to', `${p.redis.url}?stream=other`], { env: p.env });
    expect([taken.code, taken.stderr]).toEqual([2, expect.stringContaining('the key other:posts holds a string, expected a stream: another program uses this name')]);
    // … and so is one taken while the pipeline runs, in status, not a raw WRONGTYPE.
    await p.client.del(p.config.stream);
    await p.client.set(p.config.stream, 'oops');
    const status = await runCli([...p.db, 'status', '--redis', p.redis.url], { env: p.env });
    expect(status.stderr).toContain(`the key ${p.config.stream} holds a string, expected a stream`);
    expect(status.stderr).not.toContain('ReplyError');
    await p.client.del(p.config.stream);
    // A Redis that asks for a password says so in words that say what to do.
    await p.client.config('SET', 'requirepass', 'pw');
    try {
      const locked = await runCli([...p.db, 'listen', 'ingest', p.file, '--to', p.redis.url], { env: p.env });
      expect([locked.code, locked.stderr.trim()]).toEqual([2, `hustings: Redis at ${p.redis.url} asks for a password: give it in the URL, redis://:PASSWORD@host:port`]);
    } finally {
      await p.client.config('SET', 'requirepass', '');
    }
  }, 60_000);

  it('Redis down: a worker says so and stops at once on SIGTERM; the server answers 503 instead of hanging', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const w = worker(p);
    let said = '';
    w.child.stderr!.on('data', (d: Buffer) => (said += d.toString()));
    await until('the worker reports', async () => (await streamStatus(p!.client, p!.config)).workers.length > 0);
    const { intake, admin, api } = await serverWithIntake(p);
    await p.redis.kill();
    try {
      await until('the worker says Redis is away', async () => /is unavailable; waiting for it/.test(said), 20_000);
      const posted = await api.request('/api/listen/posts', { method: 'POST', headers: admin, body: readFileSync(p.file, 'utf8').split('\n')[0]! });
      expect([posted.status, posted.headers.get('retry-after')]).toEqual([503, '5']);
      expect(((await posted.json()) as { error: string }).error).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/);
      expect((await api.request('/api/admin/pipeline', { headers: admin })).status).toBe(503);
      w.child.kill('SIGTERM');
      const stopped = await Promise.race([w.done, sleep(10_000).then(() => null)]);
      if (!stopped) w.child.kill('SIGKILL');
      expect(stopped?.code, stopped?.stderr).toBe(0);
    } finally {
      await intake.close();
      await p.redis.start();
    }
  }, 90_000);

  it('a POST whose Redis stops answering mid-request gets 503 after a few seconds instead of hanging', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const { intake, admin, api } = await serverWithIntake(p);
    // Redis holds every write while paused: the connection stays up, the request's MULTI waits.
    await p.client.call('CLIENT', 'PAUSE', '20000', 'WRITE');
    try {
      const started = Date.now();
      const posted = await api.request('/api/listen/posts', { method: 'POST', headers: admin, body: readFileSync(p.file, 'utf8') });
      expect([posted.status, posted.headers.get('retry-after')]).toEqual([503, '5']);
      expect(((await posted.json()) as { error: string }).error).toMatch(/did not answer within 5 s/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await p.client.call('CLIENT', 'UNPAUSE');
      await intake.close();
    }
  }, 60_000);

  it('status calls a running worker that stopped reporting silent, and gives neither it nor a stopped one a rate', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const report = (consumer: string, state: string, ageMs: number) => JSON.stringify({ consumer, host: 'h', pid: 1, question: 'brexit', state, rate: 900, posts: 5, startedAt: new Date(0).toISOString(), at: new Date(Date.now() - ageMs).toISOString() });
    // b went quiet 12 s ago (a worker reports every second): silent, and not in the throughput.
    await p.client.hset(p.config.workers, 'a', report('a', 'running', 1000), 'b', report('b', 'running', 12_000), 'c', report('c', 'stopped', 5000), 'd', report('d', 'running', 120_000));
    const s = await streamStatus(p.client, p.config);
    expect(s.workers.map((w) => [w.consumer, w.state, w.rate])).toEqual([['a', 'running', 900], ['b', 'silent', 0], ['c', 'stopped', 0], ['d', 'silent', 0]]);
    expect(s.throughput).toBe(900);
  }, 60_000);

  it('a batch worker (--exit-when-idle) does not stop while a producer is live, and stops soon after it is done', async () => {
    p = await pipeline(postgres!, redisBin!, 2000);
    await produce(p);
    // The producer is done: it took its mark away.
    expect((await streamStatus(p.client, p.config)).producers).toBe(0);
    const started = Date.now();
    const first = await inProcessWorker(p, {});
    expect((await first.worker.run()).posts).toBe(2000);
    await first.close();
    // Drained and no producer: the worker stops within a read's short wait, not a whole second.
    expect(Date.now() - started).toBeLessThan(15_000);
    // A producer waiting at its bound (or between batches) keeps batch workers on.
    await markProducer(p.client, p.config, 'elsewhere-1');
    expect((await streamStatus(p.client, p.config)).producers).toBe(1);
    const second = await inProcessWorker(p, {});
    let ended = 0;
    const running = second.worker.run().then((t) => ((ended = Date.now()), t));
    await sleep(1500);
    expect(ended).toBe(0);
    await unmarkProducer(p.client, p.config, 'elsewhere-1');
    const unmarked = Date.now();
    expect((await running).posts).toBe(0);
    expect(ended - unmarked).toBeLessThan(3000);
    await second.close();
    // A producer killed before it could take its mark away counts as live for PRODUCER_LIVE_MS only.
    const [seconds] = (await p.client.time()) as [number | string, number | string];
    await p.client.zadd(p.config.producers, Number(seconds) * 1000 - 10_000, 'killed-1');
    expect(await liveProducers(p.client, p.config, 60_000)).toBe(1);
    expect(await liveProducers(p.client, p.config)).toBe(0);
    await expectExact(p.posts, 2000);
  }, 120_000);

  it('a batch worker stops on a stream emptied by hand, whatever lag Redis still reports', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    await p.client.xgroup('CREATE', p.config.stream, p.config.group, '$', 'MKSTREAM');
    for (let i = 0; i < 11; i++) await p.client.xadd(p.config.stream, '*', 'v', '1');
    // Two read and acknowledged, then the stream emptied by hand: Redis 7.0 goes on reporting a lag of 9.
    const read = (await p.client.xreadgroup('GROUP', p.config.group, 'gone', 'COUNT', 2, 'STREAMS', p.config.stream, '>')) as [string, [string, string[]][]][];
    await p.client.xack(p.config.stream, p.config.group, ...read[0]![1].map(([id]) => id));
    await p.client.xtrim(p.config.stream, 'MAXLEN', 0);
    const group = (await streamStatus(p.client, p.config)).group;
    expect([group?.pending, group?.lag === 0]).toEqual([0, false]);
    const w = await inProcessWorker(p, {});
    const totals = await Promise.race([w.worker.run(), sleep(20_000).then(() => null)]);
    if (!totals) w.worker.stop();
    await w.close();
    expect(totals).toMatchObject({ posts: 0, failed: 0 });
  }, 60_000);

  it('serve --redis stops on SIGTERM, its connections to Redis closed', async () => {
    p = await pipeline(postgres!, redisBin!, 10);
    const server = startCli([...p.db, 'serve', '--port', '0', '--redis', p.redis.url], { env: p.env });
    await new Promise<void>((resolve) => server.child.stderr!.on('data', (d: Buffer) => /Listening on/.test(d.toString()) && resolve()));
    server.child.kill('SIGTERM');
    const stopped = await Promise.race([server.done, sleep(15_000).then(() => null)]);
    if (!stopped) server.child.kill('SIGKILL');
    expect(stopped?.code, stopped?.stderr).toBe(0);
  }, 60_000);

  it('SIGTERM: a worker finishes and acknowledges the batch in hand, then exits 0', async () => {
    p = await pipeline(postgres!, redisBin!, 10_000);
    await produce(p);
    const w = worker(p, ['--read-entries', '2']);
    await until('the worker has stored posts', async () => (await p!.posts.count()) > 0);
    w.child.kill('SIGTERM');
    const r = await w.done;
    expect(r.code, r.stderr).toBe(0);
    const status = await streamStatus(p.client, p.config);
    expect(status.group?.pending).toBe(0);
    const stopped = status.workers.find((x) => x.state === 'stopped');
    expect(stopped?.posts).toBe(await p.posts.count());
    const rest = worker(p, ['--exit-when-idle']);
    expect((await rest.done).code).toBe(0);
    await expectExact(p.posts, 10_000);
  }, 180_000);

  it('the server with Redis queues POSTed posts for the workers, reports them once stored, and shows admins the pipeline', async () => {
    p = await pipeline(postgres!, redisBin!, 3000);
    const users = new UserStore(p.app.store);
    await users.add('ana', 'analyst', 'a long enough password');
    await users.add('adm', 'admin', 'a long enough password');
    const analyst = { authorization: `Bearer ${await users.issueToken('ana', 'tests')}` };
    const admin = { authorization: `Bearer ${await users.issueToken('adm', 'tests')}` };
    const question = await loadQuestion('brexit');
    const intake = await StreamIntake.open(p.config, await connectChecked(p.config), p.app.pseudonymiser, question);
    const reports = new ReportCache(p.posts);
    const api = createServerApp({ users, posts: p.posts, questions: new Map([[question.id, question]]), live: intake, reports, secureCookies: false, version: 'test', pipeline: { redis: p.client, config: p.config } });
    try {
      const body = `${readFileSync(p.file, 'utf8')}{"not": "a post"}\n`;
      const r = await api.request('/api/listen/posts', { method: 'POST', headers: analyst, body });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ read: 3001, queued: 3000, stored: 0, bad: 1 });
      expect((await api.request('/api/admin/pipeline', { headers: analyst })).status).toBe(403);
      // A server whose bound the backlog already passes refuses the next batch at once: 503, Retry-After.
      const small = await StreamIntake.open(p.config, await connectChecked(p.config), p.app.pseudonymiser, question, 1000);
      const busy = createServerApp({ users, posts: p.posts, questions: new Map([[question.id, question]]), live: small, secureCookies: false, version: 'test' });
      const refused = await busy.request('/api/listen/posts', { method: 'POST', headers: analyst, body: readFileSync(p.file, 'utf8').split('\n')[0]! });
      await small.close();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: string }).error).toBe('the stream holds ~3000 unprocessed posts; this batch of 1 would take it past its bound of 1000: the workers are behind; try again shortly');
      // The bound is in posts, not entries: posts sent one at a time fill it as far as it goes.
      const roomy = await StreamIntake.open(p.config, await connectChecked(p.config), p.app.pseudonymiser, question, 3020);
      const one = createServerApp({ users, posts: p.posts, questions: new Map([[question.id, question]]), live: roomy, secureCookies: false, version: 'test' });
      const lines = readFileSync(p.file, 'utf8').split('\n');
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await one.request('/api/listen/posts', { method: 'POST', headers: analyst, body: lines[i]! })).status);
      await roomy.close();
      expect(statuses).toEqual([...Array<number>(20).fill(200), 503]);
      const before = (await (await api.request('/api/admin/pipeline', { headers: admin })).json()) as { stream: { postsQueued: number } };
      expect(before.stream.postsQueued).toBe(3020);
      expect((await (await api.request('/api/listen/report?question=brexit', { headers: analyst })).json()) as { posts: number }).toMatchObject({ posts: 0 });
      const updated = new Promise<void>((resolve) => reports.on('updated', () => resolve()));
      const w = await inProcessWorker(p, {});
      await w.worker.run();
      await w.close();
      await updated;
      await until('the report counts them', async () => ((await (await api.request('/api/listen/report?question=brexit', { headers: analyst })).json()) as { posts: number }).posts === 3000, 10_000);
      const after = (await (await api.request('/api/admin/pipeline', { headers: admin })).json()) as { stream: { length: number; postsQueued: number; group: { pending: number }; workers: { state: string }[] } };
      expect(after.stream.group.pending).toBe(0);
      expect(after.stream.postsQueued).toBe(0);
      expect(await p.client.get(p.config.queued)).toBe('0');
      expect(after.stream.workers.map((x) => x.state)).toEqual(['stopped']);
      await expectExact(p.posts, 3000);
    } finally {
      await intake.close();
    }
  }, 120_000);
});
