import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { CellParams } from './rollup/sum.mjs';
import type { ClassKey } from './store-tables';
import type { TermParams } from './terms/sum.mjs';

/** Columns of a bulk insert, in the order of the row arrays, with their PostgreSQL types. */
type Columns = readonly (readonly [name: string, type: string])[];

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
 * `INSERT … SELECT * FROM unnest($1::type[], …)`: one bound array per column, whatever the
 * number of rows. A multi-row VALUES list binds a parameter per cell (8,500 for 500 posts), which
 * PostgreSQL parses and plans again at every statement; here the statement stays the same size.
 * `rows` hold each row's values in the order of `columns`.
 */
function unnestInsert(table: string, columns: Columns, rows: readonly (readonly unknown[])[], tail: RawBuilder<unknown>): RawBuilder<unknown> {
  const arrays = columns.map(([, type], i) => sql`${arrayLiteral(rows, i)}::${sql.raw(type)}[]`);
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))}) SELECT * FROM unnest(${sql.join(arrays)}) ${tail}`;
}

const MUST_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * Column `i` of `rows` as a PostgreSQL array literal (`{"a","b\\"c",NULL,3}`), sent as one text
 * parameter and read by the column type's input function. node-postgres would build the same
 * literal from a JS array, with two regular-expression replacements on every element: on 100,000
 * posts a stream worker spent ~1.9 s of its 12.8 s of CPU there. Strings are quoted (escaping only
 * those that hold a quote or a backslash), numbers are written as they are, null is NULL; any
 * other value (a Date, an object) is refused rather than written as its `String()`.
 */
export function arrayLiteral(rows: readonly (readonly unknown[])[], i: number): string {
  let out = '{';
  for (let k = 0; k < rows.length; k++) {
    if (k > 0) out += ',';
    const v = rows[k]![i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else if (typeof v === 'string') out += `"${MUST_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
    else throw new TypeError(`array literal: expected a string, a number or null in column ${i} of row ${k}, found ${typeof v}`);
  }
  return `${out}}`;
}

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
