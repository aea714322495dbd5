import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { connectChecked, streamConfig } from '../src/listen/stream';
import type { StreamConfig } from '../src/listen/stream';
import { startCli } from './support/cli';
import { tempDir } from './support/corpus';
import type { ThrowawayRedis } from './support/redis-server';
import { redisServerPath, startThrowawayRedis } from './support/redis-server';
import { demoFile, until } from './support/stream';

/** A producer waiting at its backlog bound is stopped by the first SIGTERM, as one that does not wait. */
const redisBin = redisServerPath();
const POSTS = 20_000;

/** The ids of every post in the stream's entries, in order. */
async function queuedIds(client: Redis, config: StreamConfig): Promise<string[]> {
  const entries = (await client.xrange(config.stream, '-', '+')) as [string, string[]][];
  return entries.flatMap(([, f]) => (JSON.parse(f[f.indexOf('posts') + 1]!) as { id: string }[]).map((p) => p.id));
}

describe.skipIf(!redisBin)('a producer stopped while it waits for room (real redis-server)', () => {
  let redis: ThrowawayRedis | undefined;
  let client: Redis | undefined;
  afterEach(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('the first SIGTERM ends the wait: what it read is queued, exit 130, and a re-run queues the rest, nothing twice', async () => {
    redis = await startThrowawayRedis(redisBin!);
    const config = streamConfig(redis.url);
    client = await connectChecked(config);
    const dir = tempDir();
    const file = demoFile(dir, POSTS);
    const env = { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32), DATABASE_URL: '', HUSTINGS_REDIS_URL: '' };
    const produce = (bound: number) => startCli(['--data-dir', dir, 'listen', 'ingest', file, '--to', redis!.url, '--json', '--batch-size', '1000', '--max-backlog', String(bound)], { env });
    const producer = produce(3000);
    let stderr = '';
    producer.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('the producer waits for the workers', async () => stderr.includes('waiting for the workers'), 60_000);
    producer.child.kill('SIGTERM');
    const r = await Promise.race([producer.done, sleep(10_000).then(() => null)]);
    if (!r) producer.child.kill('SIGKILL');
    expect(r?.code, stderr).toBe(130);
    expect(stderr).toContain('ingest: stopped before the end of its input');
    const summary = JSON.parse(r!.stdout) as { read: number; queued: number; stopped: boolean };
    expect(summary.stopped).toBe(true);
    expect(summary.queued).toBeLessThan(POSTS);
    // Every post it had read is queued, past the bound (the stream cannot take it back), and counted as queued.
    expect(stderr).toMatch(/ingest: stopping: the [\d,]+ posts in hand are queued without waiting for room/);
    expect(summary.queued).toBe(summary.read);
    const first = await queuedIds(client, config);
    expect(first).toHaveLength(summary.queued);
    expect(Number(await client.get(config.queued))).toBe(summary.queued);
    const [checkpoint] = Object.values(await client.hgetall(config.checkpoints));
    expect(JSON.parse(checkpoint!)).toMatchObject({ status: 'running', position: summary.queued, stored: summary.queued });

    // Run again with room: it resumes after what was queued; the stream then holds every post once.
    const again = await produce(POSTS).done;
    expect(again.code, again.stderr).toBe(0);
    // A resumed file's counts take in the interrupted run's.
    expect(JSON.parse(again.stdout)).toMatchObject({ queued: POSTS, stopped: false, files: [{ resumedAt: summary.queued }] });
    const all = await queuedIds(client, config);
    expect(all).toHaveLength(POSTS);
    expect(new Set(all).size).toBe(POSTS);
  }, 120_000);
});
