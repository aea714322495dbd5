import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Columns } from '../store/unnest';
import { columnList, unnestInsert, unnestRows } from '../store/unnest';
import type { CellParams } from './rollup/sum.mjs';
import type { ClassKey } from './store-tables';
import type { TermParams } from './terms/sum.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const POSTS: Columns = [
  ['platform', 'text'], ['post_id', 'text'], ['created_at', 'bigint'], ['text', 'text'], ['lang', 'text'], ['author', 'text'],
  ['is_repost', 'smallint'], ['repost_of', 'text'], ['reply_to', 'text'], ['quote_of', 'text'], ['place_name', 'text'],
  ['place_country', 'text'], ['user_location', 'text'], ['format', 'text'], ['ingested_at', 'bigint'], ['age_band', 'text'], ['gender', 'text'],
];

const CLASSES: Columns = [
  ['question', 'text'], ['platform', 'text'], ['post_id', 'text'], ['created_at', 'bigint'], ['lang', 'text'], ['country', 'text'], ['stance', 'text'],
  ['score', 'float8'], ['confidence', 'float8'], ['model', 'float8'], ['cues', 'text'], ['sentiment', 'float8'], ['topics', 'text'], ['theme_sentiment', 'text'],
];

const ROLLUPS: Columns = [
  ['question', 'text'], ['hour', 'bigint'], ['country', 'text'], ['lang', 'text'], ['stance', 'text'], ['topic', 'text'],
  ['posts', 'bigint'], ['score_sum', 'float8'], ['sentiment_sum', 'float8'], ['sentiment_n', 'bigint'],
];

const TERMS: Columns = [['question', 'text'], ['kind', 'text'], ['term', 'text'], ['topic', 'text'], ['hour', 'bigint'], ['posts', 'bigint']];

/**
 * Posts as `rowParams` gives them, each identity (platform, post id) once; returns how many were
 * new. The identity is claimed in `post_ids` first, in the same statement, and only the rows it
 * admits go into `posts`, whose key also holds created_at (post-ids.ts). `posts` keeps its ON
 * CONFLICT all the same: a row there without its identity claimed is left alone, not an error.
 */
export async function insertPostsPg(db: Db, rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql`WITH batch AS (SELECT * FROM ${unnestRows(POSTS, rows)} AS b (${columnList(POSTS)})),
    admitted AS (INSERT INTO post_ids (platform, post_id, created_at) SELECT platform, post_id, created_at FROM batch ON CONFLICT DO NOTHING RETURNING platform, post_id)
    INSERT INTO posts (${columnList(POSTS)}) SELECT * FROM batch AS b WHERE EXISTS (SELECT FROM admitted AS a WHERE a.platform = b.platform AND a.post_id = b.post_id)
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Of these identities and times ([platform, post id, created_at]), those stored under another
 * time, with the time `post_ids` holds for them. One look-up in the key per identity: as a plain
 * join PostgreSQL hashes the whole of post_ids instead (a batch of 2,000 took 37 ms against
 * 100,000 posts, and grew with them); OFFSET 0 keeps the subquery from being merged into a join.
 */
export async function storedTimesPg(db: Db, keys: readonly (readonly [string, string, number])[]): Promise<{ platform: string; post_id: string; created_at: number }[]> {
  if (keys.length === 0) return [];
  const r = await sql<{ platform: string; post_id: string; created_at: number }>`SELECT b.platform, b.post_id, k.created_at
    FROM ${unnestRows(POSTS.slice(0, 3), keys)} AS b (platform, post_id, created_at),
    LATERAL (SELECT created_at FROM post_ids WHERE platform = b.platform AND post_id = b.post_id OFFSET 0) AS k
    WHERE k.created_at <> b.created_at`.execute(db);
  return r.rows;
}

/** Class rows as `classParams` gives them; returns the (platform, post id, created_at) of those that were new. */
export async function insertClassesPg(db: Db, rows: readonly (readonly unknown[])[]): Promise<ClassKey[]> {
  if (rows.length === 0) return [];
  const r = await unnestInsert('post_classes', CLASSES, rows, sql`ON CONFLICT DO NOTHING RETURNING platform, post_id, created_at`).execute(db);
  return r.rows as ClassKey[];
}

/** Adds rollup cells to the stored ones (each key once in `cells`). */
export async function upsertRollupsPg(db: Db, cells: readonly CellParams[]): Promise<void> {
  if (cells.length === 0) return;
  const tail = sql`ON CONFLICT (question, hour, country, lang, stance, topic) DO UPDATE SET posts = listen_rollups.posts + excluded.posts,
    score_sum = listen_rollups.score_sum + excluded.score_sum, sentiment_sum = listen_rollups.sentiment_sum + excluded.sentiment_sum,
    sentiment_n = listen_rollups.sentiment_n + excluded.sentiment_n`;
  await unnestInsert('listen_rollups', ROLLUPS, cells, tail).execute(db);
}

/** Adds term cells to the stored ones (each key once in `terms`). */
export async function upsertTermsPg(db: Db, terms: readonly TermParams[]): Promise<void> {
  if (terms.length === 0) return;
  await unnestInsert('listen_terms', TERMS, terms, sql`ON CONFLICT (question, kind, term, topic, hour) DO UPDATE SET posts = listen_terms.posts + excluded.posts`).execute(db);
}
