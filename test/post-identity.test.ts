import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Post } from '../src/listen';
import type { Classification } from '../src/listen/classify';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { samplePosts } from '../src/listen/report/samples';
import type { PostStore } from '../src/listen/store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import type { Backend } from './support/backends';
import { backends } from './support/backends';
import { tempDir } from './support/corpus';
import { samplePost } from './support/posts';
import { recountedRollups, storedRollups } from './support/rollups';
import { redisServerPath } from './support/redis-server';
import type { Pipeline } from './support/stream';
import { demoFile, expectExact, inProcessWorker, pipeline, produce } from './support/stream';
import { decodeEntry, encodeEntry } from '../src/listen/stream/codec';

/**
 * A post is one post whatever time a copy of it carries (a re-export, a file ingested again with
 * corrected timestamps): stored once, the first copy kept, counted once, on both backends. On
 * PostgreSQL the posts' key holds the time (partitions), and `post_ids` decides.
 */
const Q = 'brexit';
const question = await loadQuestion(Q);
const classify = { question, modelPath: builtinModelPath(Q) };
const DAY = 86_400_000;

function classOf(p: Post, stance = 'strong_leave'): Classification {
  return { id: p.id, platform: p.platform, lang: 'en', country: 'GB', stance: { label: stance, score: 0.9, confidence: 0.8, cues: [] }, sentiment: { compound: 0.25 }, topics: ['economy'], themeSentiment: { economy: 0.25 } };
}

/** Each stored post's time, by post id. */
async function times(posts: PostStore, table: 'posts' | 'post_classes'): Promise<Record<string, number>> {
  const rows = await posts.db.selectFrom(table).select(['post_id', 'created_at']).orderBy('post_id').execute();
  return Object.fromEntries(rows.map((r) => [r.post_id, Number(r.created_at)]));
}

/** On PostgreSQL, `post_ids` holds exactly the stored posts' identities, at their times. */
async function expectIdsInStep(posts: PostStore): Promise<void> {
  if (posts.dialect !== 'postgres') return;
  const r = await sql<{ ids: number; posts: number; matched: number }>`SELECT (SELECT count(*)::int FROM post_ids) AS ids, (SELECT count(*)::int FROM posts) AS posts,
    (SELECT count(*)::int FROM post_ids JOIN posts USING (platform, post_id, created_at)) AS matched`.execute(posts.db);
  const { ids, matched } = r.rows[0]!;
  expect({ ids, matched }).toEqual({ ids: r.rows[0]!.posts, matched: r.rows[0]!.posts });
}

/** The same JSON-lines records with each `created_at` moved: an hour, forty days, or a year back, by turns. */
function movedFile(path: string): string {
  const shifts = [3_600_000, 40 * DAY, -365 * DAY];
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((line, i) => {
    const r = JSON.parse(line) as { created_at: string };
    return JSON.stringify({ ...r, created_at: new Date(Date.parse(r.created_at) + shifts[i % 3]!).toISOString() });
  });
  const moved = join(tempDir(), 'moved.jsonl');
  writeFileSync(moved, `${lines.join('\n')}\n`);
  return moved;
}

/** SQLite in memory writes its batches without the writer thread (batch-writes.ts, KYSELY_WRITES). */
const inMemory: Backend = {
  name: 'sqlite',
  async fresh() {
    const dir = tempDir();
    return { config: { databaseUrl: undefined, sqlitePath: ':memory:', dataDir: dir, pseudonymKey: '5f'.repeat(32) }, dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const stores = [...backends().map((backend) => ({ label: backend.name, backend })), { label: 'sqlite in memory', backend: inMemory }];

describe.each(stores)('each post once, whatever the time a copy carries, on $label', ({ backend }) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('one batch holding copies of a post at several times, months apart: the first copy stored, classified and counted, once', async () => {
    t = await openTestApp(backend);
    const june = samplePost({ id: 'a', createdAt: Date.UTC(2016, 5, 20, 10) });
    const other = samplePost({ id: 'b', createdAt: Date.UTC(2016, 5, 21) });
    const copies = [{ ...june, createdAt: Date.UTC(2016, 6, 3) }, { ...june, createdAt: june.createdAt + 3_600_000 }];
    const batch = [june, copies[0]!, other, copies[1]!];
    // Each copy classified otherwise: only the first copy's classification may count.
    const items = [classOf(june), classOf(copies[0]!, 'remain'), classOf(other), classOf(copies[1]!, 'leave')];
    expect(await t.posts.insertBatch(batch, { question: Q, items }, null)).toBe(2);
    expect(await t.posts.insertBatch(batch, { question: Q, items }, null)).toBe(0);
    expect(await times(t.posts, 'posts')).toEqual({ a: june.createdAt, b: other.createdAt });
    expect(await times(t.posts, 'post_classes')).toEqual({ a: june.createdAt, b: other.createdAt });
    const stances = await t.posts.db.selectFrom('post_classes').select('stance').where('post_id', '=', 'a').execute();
    expect(stances).toEqual([{ stance: 'strong_leave' }]);
    expect(await t.posts.classified()).toEqual({ [Q]: 2 });
    expect(await storedRollups(t.posts, Q)).toEqual(await recountedRollups(t.posts, Q));
    await expectIdsInStep(t.posts);
  });

  it('a file ingested again with every time moved: nothing stored twice, every post a duplicate, the first times kept', async () => {
    t = await openTestApp(backend);
    const file = demoFile(tempDir(), 600);
    const first = await t.ingest([file], {}, classify);
    expect(first.stored).toBe(600);
    const before = await times(t.posts, 'posts');
    const again = await t.ingest([movedFile(file)], { batchSize: 64 }, classify);
    expect([again.read, again.stored, again.duplicates]).toEqual([600, 0, 600]);
    expect(await times(t.posts, 'posts')).toEqual(before);
    expect(await times(t.posts, 'post_classes')).toEqual(before);
    await expectExact(t.posts, 600);
    await expectIdsInStep(t.posts);
  });

  it('a second question over posts delivered again at other times classifies the posts as stored, at their times', async () => {
    t = await openTestApp(backend);
    const posts = Array.from({ length: 40 }, (_, i) => samplePost({ id: `p${i}`, createdAt: Date.UTC(2016, 5, 1 + (i % 28), i % 24) }));
    expect(await t.posts.insertBatch(posts, { question: Q, items: posts.map((p) => classOf(p)) }, null)).toBe(40);
    const moved = posts.map((p, i) => ({ ...p, createdAt: p.createdAt + (i % 2 === 0 ? 45 * DAY : 1_800_000) }));
    expect(await t.posts.insertBatch(moved, { question: 'other', items: moved.map((p) => classOf(p)) }, null)).toBe(0);
    const classes = await t.posts.db.selectFrom('post_classes').select(['post_id', 'created_at']).where('question', '=', 'other').orderBy('post_id').execute();
    expect(Object.fromEntries(classes.map((r) => [r.post_id, Number(r.created_at)]))).toEqual(await times(t.posts, 'posts'));
    expect(await t.posts.classified()).toEqual({ [Q]: 40, other: 40 });
    expect(await storedRollups(t.posts, 'other')).toEqual(await recountedRollups(t.posts, 'other'));
    // The samples join each class row to its post by time too: every post is found.
    expect(await samplePosts(t.posts, 'other', {}, 100)).toHaveLength(40);
    await expectIdsInStep(t.posts);
  });

  it('posts deleted (as an erasure would) leave no identity behind: delivered again, at another time, they are stored again', async () => {
    t = await openTestApp(backend);
    const posts = Array.from({ length: 30 }, (_, i) => samplePost({ id: `e${i}`, author: i % 3 === 0 ? 'f0f0f0f0f0f0f0f0' : 'a1b2c3d4e5f60718', createdAt: Date.UTC(2016, 5, 1 + i) }));
    expect(await t.posts.insertBatch(posts, null, null)).toBe(30);
    const gone = await t.posts.db.deleteFrom('posts').where('author', '=', 'f0f0f0f0f0f0f0f0').executeTakeFirst();
    expect(Number(gone.numDeletedRows)).toBe(10);
    await expectIdsInStep(t.posts);
    const later = posts.map((p) => ({ ...p, createdAt: p.createdAt + 60 * DAY }));
    expect(await t.posts.insertBatch(later, null, null)).toBe(10);
    expect(await t.posts.count()).toBe(30);
    const back = await t.posts.db.selectFrom('posts').select('created_at').where('author', '=', 'f0f0f0f0f0f0f0f0').execute();
    expect(back.every((r) => Number(r.created_at) >= Date.UTC(2016, 6, 1))).toBe(true);
    await expectIdsInStep(t.posts);
  });
});

const postgres = backends().find((b) => b.name === 'postgres');
const redisBin = redisServerPath();

describe.skipIf(!postgres || !redisBin)('each post once through the stream workers, whatever the time a copy carries (PostgreSQL, real redis-server)', () => {
  let p: Pipeline | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('every entry followed by a copy with the times moved, two workers at once: each post stored and counted once, its classes at its time', async () => {
    p = await pipeline(postgres!, redisBin!, 3000);
    await produce(p);
    const fingerprint = p.app.pseudonymiser.fingerprint;
    const entries = (await p.client.xrange(p.config.stream, '-', '+')) as [string, string[]][];
    // The stream again, each entry followed at once by a copy of its posts at other times (an
    // hour later, or the next month): two workers reading one entry each take both copies at once.
    await p.client.xtrim(p.config.stream, 'MAXLEN', 0);
    const shifts = [3_600_000, 31 * DAY];
    for (const [id, fields] of entries) {
      const posts = decodeEntry(id, fields, fingerprint).posts;
      await p.client.xadd(p.config.stream, '*', ...fields);
      await p.client.xadd(p.config.stream, '*', ...encodeEntry(posts.map((x, i) => ({ ...x, createdAt: x.createdAt + shifts[i % 2]! })), fingerprint));
    }
    await p.client.incrby(p.config.queued, 3000);
    const one = await inProcessWorker(p, { readEntries: 1 });
    const two = await inProcessWorker(p, { readEntries: 1 });
    const [t1, t2] = await Promise.all([one.worker.run(), two.worker.run()]);
    await one.close();
    await two.close();
    expect([t1.posts + t2.posts, t1.stored + t2.stored, t1.duplicates + t2.duplicates]).toEqual([6000, 3000, 3000]);
    await expectExact(p.posts, 3000);
    expect(await times(p.posts, 'post_classes')).toEqual(await times(p.posts, 'posts'));
    await expectIdsInStep(p.posts);
  }, 180_000);
});
