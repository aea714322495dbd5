import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../store';
import { isPostgres } from '../store';
import { createMonths, createOuterPartitions, PARTITIONED_TABLES, WINDOW_FROM, WINDOW_TO } from './partitions';

/**
 * The new primary keys. PostgreSQL enforces uniqueness per partition, so every unique key of a
 * partitioned table must hold the partition key. A post delivered twice with the same time (a
 * retried batch, a redelivered stream message) meets its first copy in this key; two copies
 * that disagree on the time (a re-export, a corrected file) would not, so the posts' identity
 * alone is kept unique in `post_ids`, which decides what is stored (post-ids.ts, migration 0008).
 */
const KEYS: Readonly<Record<(typeof PARTITIONED_TABLES)[number], readonly string[]>> = {
  posts: ['platform', 'post_id', 'created_at'],
  post_classes: ['question', 'platform', 'post_id', 'created_at'],
};

/**
 * PostgreSQL only (on SQLite a no-op: one file holds far fewer posts, and SQLite has no
 * partitioning): `posts` and `post_classes` become tables partitioned by month of created_at
 * (see partitions.ts), their rows moved over. Runs in the migrator's transaction, so a failure
 * leaves the old tables as they were.
 */
export const partitionByTime: Migration = {
  async up(db: AnyDb) {
    // The introspector is the one public sign of the dialect that a migration's handle carries.
    if (!isPostgres(db)) return;
    const indexes: string[] = [];
    for (const table of PARTITIONED_TABLES) indexes.push(...(await replaceTable(db, table, KEYS[table])));
    await createMonths(db, await monthsHeld(db));
    for (const table of PARTITIONED_TABLES) {
      await sql`INSERT INTO ${sql.id(table)} SELECT * FROM ${sql.id(unpartitioned(table))}`.execute(db);
      await sql`DROP TABLE ${sql.id(unpartitioned(table))}`.execute(db);
    }
    // Built after the copy (faster than maintaining them row by row); each makes one index per partition.
    for (const definition of indexes) await sql.raw(definition).execute(db);
  },
};

const unpartitioned = (table: string): string => `${table}_unpartitioned`;

/**
 * Moves the table aside and creates its partitioned successor with the same columns, defaults
 * and NOT NULLs. Returns the definitions of the old table's other indexes, taken as they stand
 * (posts_created_at, posts_audience, post_classes_time, and any a later module added, such as
 * watch's posts_repost_of), to be built on the new table once the rows are in.
 */
async function replaceTable(db: AnyDb, table: string, key: readonly string[]): Promise<string[]> {
  const defs = await sql<{ def: string }>`SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = ${table}::regclass AND NOT indisprimary ORDER BY indexrelid`.execute(db);
  const old = unpartitioned(table);
  await sql`ALTER TABLE ${sql.id(table)} RENAME TO ${sql.id(old)}`.execute(db);
  // The old key's index keeps its name until the old table goes; the new key needs that name.
  await sql`ALTER TABLE ${sql.id(old)} RENAME CONSTRAINT ${sql.id(`${table}_pk`)} TO ${sql.id(`${old}_pk`)}`.execute(db);
  await sql`CREATE TABLE ${sql.id(table)} (LIKE ${sql.id(old)} INCLUDING ALL EXCLUDING INDEXES) PARTITION BY RANGE (created_at)`.execute(db);
  await sql`ALTER TABLE ${sql.id(table)} ADD CONSTRAINT ${sql.id(`${table}_pk`)} PRIMARY KEY (${sql.join(key.map((c) => sql.id(c)))})`.execute(db);
  await createOuterPartitions(db, table);
  return defs.rows.map((r) => r.def);
}

/** The months (year × 12 + month index, UTC) of the window that the old rows fall in. */
async function monthsHeld(db: AnyDb): Promise<number[]> {
  const times = PARTITIONED_TABLES.map((t) => sql`SELECT created_at FROM ${sql.id(unpartitioned(t))} WHERE created_at >= ${WINDOW_FROM} AND created_at < ${WINDOW_TO}`);
  const r = await sql<{ m: number }>`
    SELECT DISTINCT (extract(year FROM t) * 12 + extract(month FROM t) - 1)::int AS m
    FROM (SELECT to_timestamp(created_at / 1000.0) AT TIME ZONE 'UTC' AS t FROM (${sql.join(times, sql` UNION ALL `)}) AS a) AS b
    ORDER BY m`.execute(db);
  return r.rows.map((x) => Number(x.m));
}
