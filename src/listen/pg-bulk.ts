import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Columns } from '../store/unnest';
import { unnestInsert } from '../store/unnest';
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

/** Posts as `rowParams` gives them; returns how many were new (the key decides; see store.ts). */
export async function insertPostsPg(db: Db, rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await unnestInsert('posts', POSTS, rows, sql`ON CONFLICT DO NOTHING`).execute(db);
  return Number(r.numAffectedRows ?? 0);
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
