import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import type { Post } from '../src/listen';
import { PostStore } from '../src/listen';
import { audienceReport } from '../src/listen/audience';
import type { Classification } from '../src/listen/classify';
import { ensurePartitions, monthOf, partitionName } from '../src/listen/partitions';
import { samplePosts } from '../src/listen/report/samples';
import type { AnyDb } from '../src/store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { samplePost } from './support/posts';
import { recountedRollups, storedRollups } from './support/rollups';

const postgres = backends().find((b) => b.name === 'postgres');
const Q = 'brexit';

function classOf(p: Post): Classification {
  return { id: p.id, platform: p.platform, lang: 'en', country: 'GB', stance: { label: 'strong_leave', score: 0.9, confidence: 0.8, cues: [] }, sentiment: { compound: 0.25 }, topics: ['economy'], themeSentiment: { economy: 0.25 } };
}

const batch = (posts: Post[]) => ({ question: Q, items: posts.map(classOf) });

/** Which partition holds each row of a table, by post id. */
async function partitionsOf(db: AnyDb, table: 'posts' | 'post_classes'): Promise<Record<string, string>> {
  const r = await sql<{ post_id: string; part: string }>`SELECT post_id, tableoid::regclass::text AS part FROM ${sql.id(table)}`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.post_id, x.part]));
}

async function partitionNames(db: AnyDb, table: string): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = ${table}::regclass ORDER BY 1`.execute(db);
  return r.rows.map((x) => x.name);
}

describe.skipIf(!postgres)('posts partitioned by month on PostgreSQL', () => {
  let t: TestApp;
  const others: App[] = [];
  afterEach(async () => {
    for (const a of others.splice(0)) await a.close();
    await t?.close();
  });

  /** A second app on the same database: its own connection pool and its own memory of partitions. */
  async function second(): Promise<App> {
    const app = await openApp(t.app.config);
    others.push(app);
    return app;
  }

  it('stores posts of any month in that month’s partition, made on demand, strays in the catch-alls, the months ahead made first', async () => {
    t = await openTestApp(postgres!);
    const times = [Date.UTC(2016, 5, 20), Date.UTC(2016, 6, 1), Date.UTC(2024, 1, 29, 23, 59), 0, Date.UTC(2100, 0, 1), Date.UTC(2150, 3, 1)];
    const posts = times.map((ms, i) => samplePost({ id: `p${i}`, createdAt: ms }));
    expect(await t.posts.insertBatch(posts, batch(posts), null)).toBe(posts.length);
    const expected = { p0: 'p2016_06', p1: 'p2016_07', p2: 'p2024_02', p3: 'before_1990', p4: 'from_2100', p5: 'from_2100' };
    for (const table of ['posts', 'post_classes'] as const) {
      expect(await partitionsOf(t.posts.db, table)).toEqual(Object.fromEntries(Object.entries(expected).map(([id, p]) => [id, `${table}_${p}`])));
    }
    const now = monthOf(Date.now())!;
    const made = await partitionNames(t.posts.db, 'posts');
    for (let m = now; m <= now + 3; m++) expect(made).toContain(partitionName('posts', m));
    // Each month's partition has the parent's indexes, the new key among them.
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'posts_p2016_06'`.execute(t.posts.db);
    expect(r.rows[0]!.n).toBe(4);
    expect(await t.posts.questionPosts(Q)).toBe(posts.length);
  });

  it('stores and rolls up a post delivered twice once: again later, and in two transactions at once on two connections', async () => {
    t = await openTestApp(postgres!);
    const posts = Array.from({ length: 1200 }, (_, i) => samplePost({ id: `d${i}`, createdAt: Date.UTC(2016, 4 + (i % 3), 1 + (i % 28), i % 24) }));
    expect(await t.posts.insertBatch(posts.slice(0, 600), batch(posts.slice(0, 600)), null)).toBe(600);
    expect(await t.posts.insertBatch(posts.slice(0, 600), batch(posts.slice(0, 600)), null)).toBe(0);
    const other = new PostStore((await second()).store);
    const rest = posts.slice(300);
    const stored = await Promise.all([t.posts.insertBatch(rest, batch(rest), null), other.insertBatch(rest, batch(rest), null)]);
    expect(stored[0] + stored[1]).toBe(600);
    expect(await t.posts.count()).toBe(1200);
    expect(await t.posts.questionPosts(Q)).toBe(1200);
    expect(await storedRollups(t.posts, Q)).toEqual(await recountedRollups(t.posts, Q));
  });

  it.each([
    ['the same time', Date.UTC(2016, 5, 20)],
    ['another month', Date.UTC(2016, 6, 20)],
  ])('makes a writer that meets an uncommitted copy of its post (%s) wait for it, then skip the post without counting it', async (_, writerTime) => {
    t = await openTestApp(postgres!);
    const [first, next] = [samplePost({ id: 'x', createdAt: Date.UTC(2016, 5, 20) }), samplePost({ id: 'y', createdAt: Date.UTC(2016, 5, 21) })];
    await t.posts.insertBatch([next], batch([next]), null);
    const holder = new pg.Client({ connectionString: t.app.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // As a writer does: the post's identity claimed, then its row and its class row.
      await holder.query(`INSERT INTO post_ids (platform, post_id, created_at) VALUES ('twitter', 'x', $1)`, [first.createdAt]);
      await holder.query(`INSERT INTO posts (platform, post_id, created_at, text, format, ingested_at) VALUES ('twitter', 'x', $1, 'held', 'generic', 0)`, [first.createdAt]);
      await holder.query(`INSERT INTO post_classes (question, platform, post_id, created_at, stance, score, confidence, cues, topics, theme_sentiment) VALUES ($1, 'twitter', 'x', $2, 'neutral', 0, 0, '[]', '[]', '{}')`, [Q, first.createdAt]);
      const copy = { ...first, createdAt: writerTime };
      const writing = t.posts.insertBatch([copy, next], batch([copy, next]), null);
      await waitForLockWait(holder);
      await holder.query('COMMIT');
      expect(await writing).toBe(0);
    } finally {
      await holder.end();
    }
    expect(await t.posts.count()).toBe(2);
    // Only 'y' was ever rolled up, by the first batch: 'x' was the holder's, and the writer skipped it.
    expect(await t.posts.questionPosts(Q)).toBe(1);
    const x = await t.posts.db.selectFrom('post_classes').select(['created_at', 'stance']).where('post_id', '=', 'x').execute();
    expect(x).toEqual([{ created_at: first.createdAt, stance: 'neutral' }]);
  });

  it('reads only the month a time filter covers: samples and the audience prune both tables', async () => {
    t = await openTestApp(postgres!);
    const posts = [4, 5, 6].flatMap((month) => Array.from({ length: 30 }, (_, i) => samplePost({ id: `${month}-${i}`, createdAt: Date.UTC(2016, month, 1 + i), author: `author${i}`, ageBand: '25-34', gender: 'female' })));
    await t.posts.insertBatch(posts, batch(posts), null);
    const taken: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.app.config.databaseUrl }) }), log: (e) => void (e.level === 'query' && taken.push(e.query)) });
    try {
      const logged = new PostStore({ db, dialect: 'postgres', label: 'logged', close: () => db.destroy() });
      const june = { from: Date.UTC(2016, 5, 1), to: Date.UTC(2016, 6, 1) };
      expect(await samplePosts(logged, Q, june, 5)).toHaveLength(5);
      expect((await audienceReport(logged, Q, ['leave', 'remain'], june)).posts).toBe(30);
      expect(taken).toHaveLength(5);
      for (const q of taken.splice(0)) {
        const plan = sql.raw(`EXPLAIN ${q.sql}`).compile(db);
        const text = (await db.executeQuery({ ...plan, parameters: q.parameters })).rows.map((r) => Object.values(r as object)[0]).join('\n');
        expect(new Set(text.match(/\b\w+_p\d{4}_\d{2}\b/g))).toEqual(new Set(['posts_p2016_06', 'post_classes_p2016_06']));
      }
    } finally {
      await db.destroy();
    }
  });

  it('lets several workers make the same new months at once: each succeeds, each partition is made once', async () => {
    t = await openTestApp(postgres!);
    const dbs = [t.app.store.db, (await second()).store.db, (await second()).store.db];
    const months = [Date.UTC(2031, 4, 2), Date.UTC(2031, 5, 3), Date.UTC(2031, 6, 4)];
    await Promise.all(dbs.flatMap((db) => [ensurePartitions(db, months), ensurePartitions(db, [...months].reverse())]));
    const made = (await partitionNames(t.app.store.db, 'post_classes')).filter((n) => n.includes('2031'));
    expect(made).toEqual(['post_classes_p2031_05', 'post_classes_p2031_06', 'post_classes_p2031_07']);
    const writer = new PostStore(others[0]!.store);
    const p = samplePost({ id: 'z', createdAt: Date.UTC(2031, 5, 15) });
    expect(await writer.insertBatch([p], batch([p]), null)).toBe(1);
  });
});

/** Waits until some other session of the database waits for a lock (the writer, on the held row). */
async function waitForLockWait(client: pg.Client): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
    if (r.rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the second writer never waited for the first');
}
