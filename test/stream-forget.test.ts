import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGroup, streamConfig, streamStatus } from '../src/listen/stream';
import { forgetGone } from '../src/listen/stream/forget';
import type { ThrowawayRedis } from './support/redis-server';
import { redisServerPath, startThrowawayRedis } from './support/redis-server';

/** Workers gone long enough leave `hustings status`; no pending entry is ever dropped with them. */
const bin = redisServerPath();
describe.skipIf(!bin)('forgetting the workers that are gone (real redis-server)', () => {
  let server: ThrowawayRedis;
  let redis: Redis;
  const config = () => streamConfig(`${server.url}/0?stream=forget`);

  beforeAll(async () => {
    server = await startThrowawayRedis(bin!);
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  const report = (consumer: string, state: string, at: number) => JSON.stringify({ consumer, host: 'h', pid: 1, question: 'q', state, rate: 0, startedAt: new Date(at).toISOString(), at: new Date(at).toISOString(), entries: 0, posts: 0, stored: 0, duplicates: 0, failed: 0, deadLettered: 0 });

  it('deletes idle consumers with nothing pending and old reports, keeps those holding entries, the live and itself', async () => {
    const c = config();
    await ensureGroup(redis, c);
    for (let i = 0; i < 4; i++) await redis.xadd(c.stream, '*', 'n', '1', 'posts', 'x');
    // "gone" read an entry and acknowledged it; "holding" read one and died with it pending; "me" read nothing.
    const read = (await redis.xreadgroup('GROUP', c.group, 'gone', 'COUNT', 1, 'STREAMS', c.stream, '>')) as [string, [string, string[]][]][];
    await redis.xack(c.stream, c.group, read[0]![1][0]![0]);
    await redis.xreadgroup('GROUP', c.group, 'holding', 'COUNT', 1, 'STREAMS', c.stream, '>');
    await redis.xreadgroup('GROUP', c.group, 'me', 'COUNT', 0, 'STREAMS', c.stream, '0');
    const now = Date.now();
    await redis.hset(c.workers, 'gone', report('gone', 'stopped', now - 10_000), 'holding', report('holding', 'running', now - 10_000), 'live', report('live', 'running', now), 'me', report('me', 'running', now - 10_000));
    await sleep(300);
    await redis.hset(c.workers, 'live', report('live', 'running', Date.now()));
    // Nothing is old enough at the default of an hour.
    expect(await forgetGone(redis, c, 'me')).toEqual({ consumers: [], reports: [] });

    const gone = await forgetGone(redis, c, 'me', 200);
    expect([gone.consumers, [...gone.reports].sort()]).toEqual([['gone'], ['gone', 'holding']]);
    const status = await streamStatus(redis, c);
    expect(status.group!.consumers.map((x) => [x.name, x.pending])).toEqual([['holding', 1], ['me', 0]]);
    expect(status.group!.pending).toBe(1);
    expect(status.workers.map((w) => w.consumer)).toEqual(['live', 'me']);
    // The entry "holding" died with is still claimable by the others.
    const [, claimed] = (await redis.xautoclaim(c.stream, c.group, 'me', 0, '0-0')) as [string, [string, string[]][]];
    expect(claimed).toHaveLength(1);
  });
});
