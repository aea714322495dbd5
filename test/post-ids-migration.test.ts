import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/app/open';
import { PostStore } from '../src/listen';
import { ensurePartitions } from '../src/listen/partitions';
import { postIdsMigration } from '../src/listen/post-ids';
import type { AnyDb, ModuleMigrations } from '../src/store';
import { migrate, openStore } from '../src/store';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { samplePost } from './support/posts';

const [sqlite, postgres] = [backends().find((b) => b.name === 'sqlite')!, backends().find((b) => b.name === 'postgres')];
const NAME = '0008_post_ids';

/** Every migration but this one: the layout a store had before it. */
const BEFORE: ModuleMigrations[] = MIGRATIONS.map((m) => (m.module === 'listen' ? { ...m, migrations: Object.fromEntries(Object.entries(m.migrations).filter(([n]) => n !== NAME)) } : m));

const DAY = 86_400_000;
const START = Date.UTC(2016, 0, 1);

/**
 * 2,000 posts over 2016-2017; and, as the version before this migration stored them, 200 of them
 * again at a time 40 days later (stored later: ingested_at 2), and 'twice' stored twice by one
 * batch (the same ingested_at: the earlier time is taken).
 */
async function fillOldLayout(db: AnyDb): Promise<void> {
  await ensurePartitions(db, Array.from({ length: 25 }, (_, m) => Date.UTC(2016, m, 1)));
  await sql`
    INSERT INTO posts (platform, post_id, created_at, text, format, ingested_at)
    SELECT 'twitter', 'm' || i, ${START} + i * ${Math.round(DAY / 3)}::bigint, 'text ' || i, 'generic', 1 FROM generate_series(1, 2000) AS i
    UNION ALL SELECT 'twitter', 'm' || i, ${START} + i * ${Math.round(DAY / 3)}::bigint + ${40 * DAY}::bigint, 'again ' || i, 'generic', 2 FROM generate_series(1, 2000, 10) AS i
    UNION ALL SELECT 'twitter', 'twice', ${START + 5 * DAY}, 'later', 'generic', 3
    UNION ALL SELECT 'twitter', 'twice', ${START + 2 * DAY}, 'earlier', 'generic', 3`.execute(db);
}

async function rows<T>(db: AnyDb, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

describe.skipIf(!postgres)('the post_ids migration on PostgreSQL', () => {
  it('records each stored post once, at the time of its copy stored first; a writer holding posts is waited for; safe to run again', async () => {
    const { config, cleanup } = await postgres!.fresh();
    const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
    const holder = new pg.Client({ connectionString: config.databaseUrl });
    try {
      await migrate(store.db, BEFORE);
      await fillOldLayout(store.db);
      // A writer of the version before, its transaction open as the migration starts.
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query(`INSERT INTO posts (platform, post_id, created_at, text, format, ingested_at) VALUES ('bluesky', 'held', $1, 'held', 'generic', 4)`, [START + DAY]);
      const migrating = migrate(store.db, MIGRATIONS);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('COMMIT');
      expect(await migrating).toEqual([`listen.${NAME}`]);

      const [counts] = await rows(store.db, sql<{ ids: number; distinct: number }>`SELECT (SELECT count(*)::int FROM post_ids) AS ids, (SELECT count(DISTINCT (platform, post_id))::int FROM posts) AS distinct`);
      expect(counts).toEqual({ ids: 2002, distinct: 2002 });
      const picked = await rows(store.db, sql<{ post_id: string; created_at: number }>`SELECT post_id, created_at FROM post_ids WHERE post_id IN ('m1', 'm2', 'twice', 'held') ORDER BY post_id`);
      expect(picked).toEqual([
        { post_id: 'held', created_at: START + DAY },
        { post_id: 'm1', created_at: START + Math.round(DAY / 3) },
        { post_id: 'm2', created_at: START + 2 * Math.round(DAY / 3) },
        { post_id: 'twice', created_at: START + 2 * DAY },
      ]);
      const [pk] = await rows(store.db, sql<{ d: string }>`SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conname = 'post_ids_pk'`);
      expect(pk!.d).toBe('PRIMARY KEY (platform, post_id)');

      // Again (a table made by hand, a restore): nothing doubled, what is missing added.
      await sql`DELETE FROM post_ids WHERE post_id = 'm3'`.execute(store.db);
      await store.db.transaction().execute((trx) => postIdsMigration.up(trx));
      expect(await rows(store.db, sql<{ n: number }>`SELECT count(*)::int AS n FROM post_ids`)).toEqual([{ n: 2002 }]);

      // A copy at yet another time is refused; a new post, in a month made after the migration, is stored.
      const posts = new PostStore(store);
      const copy = samplePost({ id: 'm1', createdAt: START + 300 * DAY });
      expect(await posts.insertBatch([copy, samplePost({ id: 'new', createdAt: Date.UTC(2019, 3, 1) })], null, null)).toBe(1);
      // Deleting posts takes their identities with them, in every partition, the new month's too.
      await sql`DELETE FROM posts WHERE post_id IN ('new', 'held', 'm2')`.execute(store.db);
      expect(await rows(store.db, sql<{ post_id: string }>`SELECT post_id FROM post_ids WHERE post_id IN ('new', 'held', 'm2')`)).toEqual([]);
      // A copy stored twice before the migration: deleting the copy not recorded keeps the identity.
      await sql`DELETE FROM posts WHERE post_id = 'twice' AND text = 'later'`.execute(store.db);
      expect(await rows(store.db, sql<{ created_at: number }>`SELECT created_at FROM post_ids WHERE post_id = 'twice'`)).toEqual([{ created_at: START + 2 * DAY }]);
    } finally {
      await holder.end().catch(() => undefined);
      await store.close();
      await cleanup();
    }
  });
});

describe('the post_ids migration on SQLite', () => {
  it('changes nothing: the posts are keyed by platform and id already', async () => {
    const t = await openTestApp(sqlite);
    try {
      const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE name LIKE 'post_ids%'`.execute(t.app.store.db);
      expect(tables.rows).toEqual([]);
      const applied = await t.app.store.db.selectFrom('hustings_migrations').select('name').where('name', '=', `listen.${NAME}`).execute();
      expect(applied).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
