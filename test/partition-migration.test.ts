import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/app/open';
import { PostStore } from '../src/listen';
import type { AnyDb, ModuleMigrations } from '../src/store';
import { migrate, openStore } from '../src/store';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { samplePost } from './support/posts';

const [sqlite, postgres] = [backends().find((b) => b.name === 'sqlite')!, backends().find((b) => b.name === 'postgres')];
const NAME = '0007_partition_by_time';

/** Every migration but the partitioning: the layout a store had before it. */
const BEFORE: ModuleMigrations[] = MIGRATIONS.map((m) => (m.module === 'listen' ? { ...m, migrations: Object.fromEntries(Object.entries(m.migrations).filter(([n]) => n !== NAME)) } : m));

const DAY = 86_400_000;
const START = Date.UTC(2016, 0, 1);

/** 3,000 posts a few days apart (about 25 months, some with audience fields and reposts), one at 0, one in 2100; a class row for each. */
async function fillOldLayout(db: AnyDb): Promise<void> {
  await sql`
    INSERT INTO posts (platform, post_id, created_at, text, format, ingested_at, age_band, repost_of, is_repost)
    SELECT 'twitter', 'm' || i, ${START} + i * ${Math.round(DAY / 4)}::bigint, 'text ' || i, 'generic', 0,
           CASE WHEN i % 7 = 0 THEN '18-24' END, CASE WHEN i % 11 = 0 THEN 'm1' END, (i % 11 = 0)::int
    FROM generate_series(1, 3000) AS i`.execute(db);
  await sql`INSERT INTO posts (platform, post_id, created_at, text, format, ingested_at) VALUES ('twitter', 'zero', 0, 'z', 'generic', 0), ('twitter', 'late', ${Date.UTC(2100, 2, 1)}, 'l', 'generic', 0)`.execute(db);
  await sql`
    INSERT INTO post_classes (question, platform, post_id, created_at, stance, score, confidence, cues, topics, theme_sentiment)
    SELECT 'brexit', platform, post_id, created_at, 'neutral', 0, 0, '[]', '[]', '{}' FROM posts`.execute(db);
}

/** A digest of a table's rows in key order: equal digests, equal contents. */
async function digest(db: AnyDb, table: string, key: string): Promise<string> {
  const r = await sql<{ d: string }>`SELECT md5(string_agg(t::text, '|' ORDER BY ${sql.raw(key)})) AS d FROM ${sql.id(table)} AS t`.execute(db);
  return r.rows[0]!.d;
}

async function one<T>(db: AnyDb, query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(db)).rows[0]!;
}

describe.skipIf(!postgres)('the partitioning migration on PostgreSQL', () => {
  it('moves every row of the old tables into monthly partitions and keeps every index, the key gaining created_at', async () => {
    const { config, cleanup } = await postgres!.fresh();
    const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
    try {
      await migrate(store.db, BEFORE);
      await fillOldLayout(store.db);
      const before = { posts: await digest(store.db, 'posts', 'platform, post_id'), classes: await digest(store.db, 'post_classes', 'question, platform, post_id') };
      expect(await migrate(store.db, MIGRATIONS)).toEqual([`listen.${NAME}`]);
      expect(await digest(store.db, 'posts', 'platform, post_id')).toBe(before.posts);
      expect(await digest(store.db, 'post_classes', 'question, platform, post_id')).toBe(before.classes);
      expect(await one(store.db, sql<{ k: string }>`SELECT relkind AS k FROM pg_class WHERE relname = 'posts'`)).toEqual({ k: 'p' });
      // 25 or 26 months of 2016-2018, and the two catch-alls, each holding one stray post.
      const parts = await sql<{ name: string; n: number }>`SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM posts GROUP BY 1 ORDER BY min(created_at)`.execute(store.db);
      expect(parts.rows[0]).toEqual({ name: 'posts_before_1990', n: 1 });
      expect(parts.rows.at(-1)).toEqual({ name: 'posts_from_2100', n: 1 });
      expect(parts.rows.slice(1, -1).map((r) => r.name)).toEqual(Array.from({ length: parts.rows.length - 2 }, (_, i) => `posts_p${2016 + Math.floor(i / 12)}_${String((i % 12) + 1).padStart(2, '0')}`));
      const indexes = await sql<{ i: string }>`SELECT indexname AS i FROM pg_indexes WHERE tablename IN ('posts', 'post_classes') ORDER BY 1`.execute(store.db);
      expect(indexes.rows.map((r) => r.i)).toEqual(['post_classes_pk', 'post_classes_time', 'posts_audience', 'posts_created_at', 'posts_pk', 'posts_repost_of']);
      const pk = await one(store.db, sql<{ d: string }>`SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conname = 'posts_pk'`);
      expect(pk.d).toBe('PRIMARY KEY (platform, post_id, created_at)');
      expect(await one(store.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '%unpartitioned'`)).toEqual({ n: 0 });
      // A migrated post delivered again is known; a new one goes in.
      const posts = new PostStore(store);
      expect(await posts.insertBatch([samplePost({ id: 'm10', createdAt: START + 10 * Math.round(DAY / 4) }), samplePost({ id: 'new' })], null, null)).toBe(1);
    } finally {
      await store.close();
      await cleanup();
    }
  });
});

describe('the partitioning migration on SQLite', () => {
  it('changes nothing: the tables keep their keys', async () => {
    const t = await openTestApp(sqlite);
    try {
      const r = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'posts'`.execute(t.app.store.db);
      expect(r.rows[0]!.sql).toMatch(/primary key \("platform", "post_id"\)/i);
      const applied = await t.app.store.db.selectFrom('hustings_migrations').select('name').where('name', '=', `listen.${NAME}`).execute();
      expect(applied).toHaveLength(1);
      expect(await t.posts.insertBatch([samplePost(), samplePost()], null, null)).toBe(1);
    } finally {
      await t.close();
    }
  });
});
