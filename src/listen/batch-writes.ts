import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { StoreError } from '../core/errors';
import type { Classification } from './classify';
import { insertClassesPg, upsertRollupsPg, upsertTermsPg } from './pg-bulk';
import type { StoredPosts } from './post-ids';
import { insertPostsOnce, storedAsOnSqlite } from './post-ids';
import type { Post } from './post';
import { cellParamsOf } from './rollup/cells';
import type { CellParams } from './rollup/sum.mjs';
import { addCells } from './rollup/sum.mjs';
import type { SqliteWriterSetup } from './sqlite-writer';
import type { BatchClasses, Checkpoint, ClassKey, ListenTables, PostClassesTable, PostsTable, RollupsTable } from './store-tables';
import { hourOf, termLines } from './terms/cells';
import type { TermParams } from './terms/sum.mjs';
import { addTermLines, termParamsFrom } from './terms/sum.mjs';
import { termRow, termUpsert } from './terms/table';

/**
 * How the store's rows are made and written: rows and bound parameters of posts, classes,
 * rollups and checkpoints; a batch's writes in either dialect; the SQLite writer thread's statements.
 */

// 17 columns × 500 rows stays below both SQLite's and PostgreSQL's bound-parameter limits.
const ROWS_PER_STATEMENT = 500;

function toRow(p: Post, now: number): PostsTable {
  return {
    platform: p.platform,
    post_id: p.id,
    created_at: p.createdAt,
    text: p.text,
    lang: p.lang,
    author: p.author,
    is_repost: p.isRepost ? 1 : 0,
    repost_of: p.repostOf,
    reply_to: p.replyTo,
    quote_of: p.quoteOf,
    place_name: p.placeName,
    place_country: p.placeCountry,
    user_location: p.userLocation,
    format: p.format,
    ingested_at: now,
    age_band: p.ageBand ?? null,
    gender: p.gender ?? null,
  };
}

/** The class row of a post, with the rollup cells and (hour, term lines) it adds when it is new. */
export function classWithCells(question: string, p: Post, c: Classification): [unknown[], CellParams[], number, string] {
  return [classParams(toClassRow(question, p, c)), cellParamsOf(question, p.createdAt, c), hourOf(p.createdAt), termLines(p.text, c)];
}

function toClassRow(question: string, p: Post, c: Classification): PostClassesTable {
  return {
    question,
    platform: p.platform,
    post_id: p.id,
    created_at: p.createdAt,
    lang: c.lang,
    country: c.country,
    stance: c.stance.label,
    score: c.stance.score,
    confidence: c.stance.confidence,
    model: c.stance.model ?? null,
    cues: JSON.stringify(c.stance.cues),
    sentiment: c.sentiment.compound,
    topics: JSON.stringify(c.topics),
    theme_sentiment: JSON.stringify(c.themeSentiment),
  };
}

/** The class row as bound parameters, in the column order of `toClassRow`. */
function classParams(r: PostClassesTable): unknown[] {
  return Object.values(r);
}

const ROLLUP_KEY = ['question', 'hour', 'country', 'lang', 'stance', 'topic'] as const;

function rollupUpsert(db: Kysely<ListenTables>, rows: RollupsTable[]) {
  return db
    .insertInto('listen_rollups')
    .values(rows)
    .onConflict((oc) =>
      oc.columns([...ROLLUP_KEY]).doUpdateSet({
        posts: sql`listen_rollups.posts + excluded.posts`,
        score_sum: sql`listen_rollups.score_sum + excluded.score_sum`,
        sentiment_sum: sql`listen_rollups.sentiment_sum + excluded.sentiment_sum`,
        sentiment_n: sql`listen_rollups.sentiment_n + excluded.sentiment_n`,
      }),
    );
}

function rollupRow(c: CellParams): RollupsTable {
  const [question, hour, country, lang, stance, topic, posts, score_sum, sentiment_sum, sentiment_n] = c;
  return { question, hour, country, lang, stance, topic, posts, score_sum, sentiment_sum, sentiment_n };
}

/** How a batch's rows are written: the same statements in either dialect, in bulk on PostgreSQL. */
export interface BatchWrites {
  /** Inserts the posts whose identity is new; returns how many were, and the posts with the times they are stored under. */
  posts(trx: Kysely<ListenTables>, posts: readonly Post[], now: number): Promise<StoredPosts>;
  /** Inserts class rows; returns the keys of those that were new. */
  classes(trx: Kysely<ListenTables>, rows: PostClassesTable[]): Promise<ClassKey[]>;
  rollups(trx: Kysely<ListenTables>, cells: CellParams[]): Promise<void>;
  terms(trx: Kysely<ListenTables>, terms: TermParams[]): Promise<void>;
}

/** In chunks of multi-row VALUES (SQLite in memory; the SQLite file has its writer thread). */
export const KYSELY_WRITES: BatchWrites = {
  async posts(trx, posts, now) {
    let stored = 0;
    for (let i = 0; i < posts.length; i += ROWS_PER_STATEMENT) {
      const rows = posts.slice(i, i + ROWS_PER_STATEMENT).map((p) => toRow(p, now));
      // SQLite's key is the identity (platform, post_id): the first copy stored keeps its time.
      const result = await trx.insertInto('posts').values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      stored += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return storedAsOnSqlite(trx, posts, stored);
  },
  async classes(trx, rows) {
    const fresh: ClassKey[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      fresh.push(...(await trx.insertInto('post_classes').values(rows.slice(i, i + ROWS_PER_STATEMENT)).onConflict((oc) => oc.doNothing()).returning(['platform', 'post_id', 'created_at']).execute()));
    }
    return fresh;
  },
  async rollups(trx, cells) {
    const rows = cells.map(rollupRow);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await rollupUpsert(trx, rows.slice(i, i + ROWS_PER_STATEMENT)).execute();
  },
  async terms(trx, terms) {
    const rows = terms.map(termRow);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await termUpsert(trx, rows.slice(i, i + ROWS_PER_STATEMENT)).execute();
  },
};

/** One statement per table and batch, each column bound as one array (pg-bulk.ts); posts through `post_ids` (post-ids.ts). */
export const PG_WRITES: BatchWrites = {
  posts: (trx, posts, now) => insertPostsOnce(trx, posts, (p) => rowParams(p, now)),
  classes: (trx, rows) => insertClassesPg(trx, rows.map(classParams)),
  rollups: (trx, cells) => upsertRollupsPg(trx, cells),
  terms: (trx, terms) => upsertTermsPg(trx, terms),
};

/**
 * Classifications of posts, and their rollup cells for those that were not classified for
 * this question before: a post delivered twice is counted once. `posts` as `BatchWrites.posts`
 * returns them: each copy of a post carries the time the post is stored under.
 */
export async function insertClasses(trx: Kysely<ListenTables>, posts: readonly Post[], classes: BatchClasses, bulk: BatchWrites): Promise<void> {
  const cells = new Map<string, CellParams>();
  const terms = new Map<string, number>();
  const inserted = await bulk.classes(trx, posts.map((p, i) => toClassRow(classes.question, p, classes.items[i]!)));
  const fresh = new Set(inserted.map((r) => classKey(r.platform, r.post_id, Number(r.created_at))));
  posts.forEach((p, i) => {
    // Each new row counts once: a batch may hold a post twice (a batch sent again lands in the
    // same read as the first), and its class row was inserted only once. The time is part of the
    // key on partitioned PostgreSQL, where every copy carries the stored post's time.
    if (!fresh.delete(classKey(p.platform, p.id, p.createdAt))) return;
    const c = classes.items[i]!;
    addCells(cells, cellParamsOf(classes.question, p.createdAt, c));
    addTermLines(terms, hourOf(p.createdAt), termLines(p.text, c));
  });
  // Rows in key order: concurrent workers then lock the rows they share in the same order, and
  // cannot deadlock on them (each would wait out PostgreSQL's deadlock check, then retry).
  await bulk.rollups(trx, [...cells.entries()].sort(byKey).map(([, c]) => c));
  await bulk.terms(trx, termParamsFrom(classes.question, [...terms.entries()].sort(byKey)));
}

function classKey(platform: string, id: string, createdAt: number): string {
  return `${platform}\u0000${id}\u0000${createdAt}`;
}

function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function checkpointQuery(db: Kysely<ListenTables>, c: Checkpoint, now: number) {
  const values = {
    path: c.path,
    status: c.status,
    position: c.position,
    read: c.read,
    stored: c.stored,
    duplicates: c.duplicates,
    bad: c.bad,
    skipped: c.skipped,
    updated_at: now,
  };
  return db
    .insertInto('ingest_checkpoints')
    .values({ source_key: c.sourceKey, started_at: now, ...values })
    .onConflict((oc) => oc.column('source_key').doUpdateSet(values));
}

export async function saveCheckpoint(db: Kysely<ListenTables>, c: Checkpoint, now: number): Promise<void> {
  await checkpointQuery(db, c, now).execute();
}

export function withBatch(c: Checkpoint, stored: number, posts: number): Checkpoint {
  return { ...c, stored: c.stored + stored, duplicates: c.duplicates + posts - stored };
}

/**
 * The statements of the SQLite writer thread, compiled here by Kysely. The checkpoint statement
 * is compiled with a marker in each value, which tells the thread what to bind at each `?`.
 */
export function writerSetup(db: Kysely<ListenTables>, path: string): SqliteWriterSetup {
  const insert = db.insertInto('posts').values(toRow(SAMPLE_POST, 0)).onConflict((oc) => oc.doNothing()).compile();
  if (JSON.stringify(insert.parameters) !== JSON.stringify(rowParams(SAMPLE_POST, 0))) {
    throw new StoreError('posts insert: the bound parameters do not follow the compiled column order');
  }
  const fields = ['sourceKey', 'path', 'status', 'position', 'read', 'stored', 'duplicates', 'bad', 'skipped'] as const;
  const marked = Object.fromEntries(fields.map((f) => [f, `@${f}`])) as unknown as Checkpoint;
  const cp = checkpointQuery(db, marked, '@now' as unknown as number).compile();
  const checkpointFields = cp.parameters.map((p) => String(p).slice(1));
  const sample = toClassRow('q', SAMPLE_POST, SAMPLE_CLASS);
  const classInsert = db.insertInto('post_classes').values(sample).onConflict((oc) => oc.doNothing()).compile();
  const sampleCell = cellParamsOf('q', SAMPLE_POST.createdAt, SAMPLE_CLASS)[1]!;
  const upsert = rollupUpsert(db, [rollupRow(sampleCell)]).compile();
  const sampleTerm: TermParams = ['q', 'k', 't', 'tp', 3, 4];
  const terms = termUpsert(db, [termRow(sampleTerm)]).compile();
  const same = (a: readonly unknown[], b: readonly unknown[]): boolean => JSON.stringify(a) === JSON.stringify(b);
  const storedTime = db.selectFrom('posts').select('created_at').where('platform', '=', 'p').where('post_id', '=', 'i').compile();
  const moveClass = db.updateTable('post_classes').set({ created_at: 1 }).where('question', '=', 'q').where('platform', '=', 'p').where('post_id', '=', 'i').compile();
  if (!same(classInsert.parameters, classParams(sample)) || !same(upsert.parameters, sampleCell) || !same(terms.parameters, sampleTerm) || !same(storedTime.parameters, ['p', 'i']) || !same(moveClass.parameters, [1, 'q', 'p', 'i'])) {
    throw new StoreError('classification insert: the bound parameters do not follow the compiled column order');
  }
  return { path, insertSql: insert.sql, checkpointSql: cp.sql, checkpointFields, classSql: classInsert.sql, rollupSql: upsert.sql, termSql: terms.sql, storedTimeSql: storedTime.sql, moveClassSql: moveClass.sql };
}

/** The row as bound parameters, in the column order of `toRow` (and so of the compiled insert). */
export function rowParams(p: Post, now: number): unknown[] {
  return [
    p.platform,
    p.id,
    p.createdAt,
    p.text,
    p.lang,
    p.author,
    p.isRepost ? 1 : 0,
    p.repostOf,
    p.replyTo,
    p.quoteOf,
    p.placeName,
    p.placeCountry,
    p.userLocation,
    p.format,
    now,
    p.ageBand ?? null,
    p.gender ?? null,
  ];
}

/** Every field distinct, so that a change of column order cannot go unnoticed. */
const SAMPLE_POST: Post = {
  platform: 'p',
  id: 'i',
  createdAt: 1,
  text: 't',
  lang: 'l',
  author: 'a',
  isRepost: true,
  repostOf: 'r',
  replyTo: 'rt',
  quoteOf: 'q',
  placeName: 'pn',
  placeCountry: 'pc',
  userLocation: 'ul',
  format: 'f',
  ageBand: 'ab',
  gender: 'g',
};

const SAMPLE_CLASS: Classification = {
  id: 'i',
  platform: 'p',
  lang: 'cl',
  country: 'cc',
  stance: { label: 'sl', score: 0.5, confidence: 0.25, cues: [], model: 0.75 },
  sentiment: { compound: 0.125 },
  topics: ['t'],
  themeSentiment: { t: 0.0625 },
};
