import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { StoreError } from '../core/errors';
import type { Store } from '../store';
import type { Classification } from './classify';
import { ensureMonthsAhead, ensurePartitions } from './partitions';
import type { Post } from './post';
import type { CellParams } from './rollup/sum.mjs';
import { addCells } from './rollup/sum.mjs';
import type { RollupCell } from './rollup/cells';
import { cellFromRow, cellParamsOf } from './rollup/cells';
import type { SqliteWriterSetup } from './sqlite-writer';
import { hourOf, termLines } from './terms/cells';
import type { TermParams } from './terms/sum.mjs';
import { addTermLines, termParamsFrom } from './terms/sum.mjs';
import type { TermsTable } from './terms/table';
import { termRow, termUpsert } from './terms/table';
import { SqliteWriterThread } from './sqlite-writer';
import { insertClassesPg, insertPostsPg, upsertRollupsPg, upsertTermsPg } from './pg-bulk';
import { WatchRecorder } from './watch/recorder';

export interface PostsTable {
  platform: string;
  post_id: string;
  created_at: number;
  text: string;
  lang: string | null;
  author: string | null;
  is_repost: number;
  repost_of: string | null;
  reply_to: string | null;
  quote_of: string | null;
  place_name: string | null;
  place_country: string | null;
  user_location: string | null;
  format: string;
  ingested_at: number;
  /** The author's age band and gender, only when the input carries them (see listen/audience). */
  age_band: string | null;
  gender: string | null;
}

/** Counts of one ingest, kept with its checkpoint so that a resumed run reports the whole file. */
export interface IngestCounts {
  read: number;
  stored: number;
  duplicates: number;
  bad: number;
  skipped: number;
}

export interface Checkpoint extends IngestCounts {
  readonly sourceKey: string;
  readonly path: string;
  /** Items of the input (lines, array elements, CSV rows) fully handled. */
  readonly position: number;
  readonly status: 'running' | 'done';
}

interface CheckpointsTable extends IngestCounts {
  source_key: string;
  path: string;
  status: string;
  position: number;
  started_at: number;
  updated_at: number;
}

export interface PostClassesTable {
  question: string;
  platform: string;
  post_id: string;
  created_at: number;
  lang: string | null;
  country: string | null;
  stance: string;
  score: number;
  confidence: number;
  model: number | null;
  cues: string;
  sentiment: number | null;
  topics: string;
  theme_sentiment: string;
}

export interface RollupsTable {
  question: string;
  hour: number;
  country: string;
  lang: string;
  stance: string;
  topic: string;
  posts: number;
  score_sum: number;
  sentiment_sum: number;
  sentiment_n: number;
}

export interface ListenTables {
  posts: PostsTable;
  ingest_checkpoints: CheckpointsTable;
  post_classes: PostClassesTable;
  listen_rollups: RollupsTable;
  listen_terms: TermsTable;
}

/** The classifications of a batch's posts for one question, in the order of the posts. */
export interface BatchClasses {
  readonly question: string;
  readonly items: readonly Classification[];
}

// 17 columns × 500 rows stays below both SQLite's and PostgreSQL's bound-parameter limits.
const ROWS_PER_STATEMENT = 500;
const ROLLUP_PAGE = 10_000;

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

export function toPost(r: PostsTable): Post {
  return {
    platform: r.platform,
    id: r.post_id,
    createdAt: Number(r.created_at),
    text: r.text,
    lang: r.lang,
    author: r.author,
    isRepost: Number(r.is_repost) === 1,
    repostOf: r.repost_of,
    replyTo: r.reply_to,
    quoteOf: r.quote_of,
    placeName: r.place_name,
    placeCountry: r.place_country,
    userLocation: r.user_location,
    format: r.format,
    ageBand: r.age_band,
    gender: r.gender,
  };
}

/**
 * Posts and ingest checkpoints in the store. Writes are idempotent on (platform, post id), with
 * created_at on partitioned PostgreSQL (a post's record fixes it; see partition-migration.ts).
 */
export class PostStore {
  readonly db: Kysely<ListenTables>;
  private writer: SqliteWriterThread | null = null;
  private monthsAhead = false;
  /** Records the watchlists' matches of each batch, in its transaction. */
  private readonly watch: WatchRecorder;

  constructor(private readonly store: Store) {
    this.db = store.db as Kysely<ListenTables>;
    this.watch = new WatchRecorder(store.db);
  }

  /** For reads that are written for one dialect's planner (see report/samples.ts). */
  get dialect(): Store['dialect'] {
    return this.store.dialect;
  }

  /**
   * Inserts posts (those already stored are left alone) and saves the checkpoint in one
   * transaction: after a crash the store holds exactly the batches whose checkpoint it holds.
   * `checkpoint` carries the counts before this batch; the stored and duplicate counts of the
   * batch are added inside the transaction, as are the posts' watchlist matches (idempotent, see
   * watch/recorder.ts). Returns how many posts were new. On SQLite the
   * batch is written by a writer thread, so the caller may parse the next batch meanwhile.
   */
  async insertBatch(posts: readonly Post[], classes: BatchClasses | null, checkpoint: Checkpoint | null): Promise<number> {
    const now = Date.now();
    const watched = await this.watch.writes(posts);
    const writer = this.sqliteWriter();
    if (writer) {
      const classRows = classes ? { question: classes.question, rows: posts.map((p, i) => classWithCells(classes.question, p, classes.items[i]!)) } : null;
      return writer.write(
        posts.map((p) => rowParams(p, now)),
        classRows,
        checkpoint,
        now,
        watched.map((q) => [q.sql, q.parameters]),
      );
    }
    await this.partitionsFor(posts);
    const bulk = this.store.dialect === 'postgres' ? PG_WRITES : KYSELY_WRITES;
    return this.db.transaction().execute(async (trx) => {
      const stored = await bulk.posts(trx, posts, now);
      if (classes) await insertClasses(trx, posts, classes, bulk);
      for (const q of watched) await trx.executeQuery(q);
      if (checkpoint) await saveCheckpoint(trx, withBatch(checkpoint, stored, posts.length), now);
      return stored;
    });
  }

  /**
   * On PostgreSQL, the monthly partitions that the batch needs (partitions.ts), made before its
   * transaction rather than in it, which would hold the partitions' lock until the batch commits.
   * The months ahead are made on first use, so a live stream meets a made partition when the month turns.
   */
  private async partitionsFor(posts: readonly Post[]): Promise<void> {
    if (this.store.dialect !== 'postgres') return;
    if (!this.monthsAhead) {
      await ensureMonthsAhead(this.db);
      this.monthsAhead = true;
    }
    await ensurePartitions(this.db, posts.map((p) => p.createdAt));
  }

  /** Stops the writer thread, if one was started. */
  async release(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }

  private sqliteWriter(): SqliteWriterThread | null {
    if (this.writer || !this.store.sqlite || this.store.sqlite.memory) return this.writer;
    this.writer = new SqliteWriterThread(writerSetup(this.db, this.store.sqlite.name));
    return this.writer;
  }

  async checkpoint(sourceKey: string): Promise<Checkpoint | null> {
    const r = await this.db.selectFrom('ingest_checkpoints').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
    if (!r) return null;
    return {
      sourceKey: r.source_key,
      path: r.path,
      position: Number(r.position),
      status: r.status === 'done' ? 'done' : 'running',
      read: Number(r.read),
      stored: Number(r.stored),
      duplicates: Number(r.duplicates),
      bad: Number(r.bad),
      skipped: Number(r.skipped),
    };
  }

  /**
   * A mark that changes when the rollups may have changed, cheap to read: SQLite's data version
   * (moves with every commit by another connection, the writer thread's included); on
   * PostgreSQL the next transaction id of the cluster (moves as soon as any transaction writes:
   * unlike the statistics counters, which lag by up to a second, it has moved before a commit is
   * seen, so a mark taken before a write never equals one taken after it; writes elsewhere in the
   * cluster move it too, which costs a needless reload, never a missed one).
   */
  async changeMark(): Promise<string> {
    if (this.store.sqlite) return String(this.store.sqlite.pragma('data_version', { simple: true }));
    const r = await sql<{ n: string }>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS n`.execute(this.db);
    return r.rows[0]!.n;
  }

  /** How many posts are classified for a question, from its rollups (topic '' holds each post once). */
  async questionPosts(question: string): Promise<number> {
    const r = await this.db.selectFrom('listen_rollups').select((eb) => eb.fn.sum<number>('posts').as('n')).where('question', '=', question).where('topic', '=', '').executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * The rollup cells of a question, a page at a time in key order. Each page starts after the
   * last key of the one before, not at an offset, which the database walks again for every page:
   * 495,000 cells took 4.9 s by offset on PostgreSQL (the last page 0.2 s, and the total grows
   * with the square of the cells), 2.1-2.8 s by key.
   */
  async *rollups(question: string): AsyncGenerator<RollupCell> {
    let after: RollupsTable | null = null;
    for (;;) {
      const last: RollupsTable | null = after;
      const rows: RollupsTable[] = await this.db
        .selectFrom('listen_rollups')
        .selectAll()
        .where('question', '=', question)
        .$if(last !== null, (q) => q.where(({ eb, refTuple, tuple }) => eb(refTuple('hour', 'country', 'lang', 'stance', 'topic'), '>', tuple(last!.hour, last!.country, last!.lang, last!.stance, last!.topic))))
        .orderBy('hour')
        .orderBy('country')
        .orderBy('lang')
        .orderBy('stance')
        .orderBy('topic')
        .limit(ROLLUP_PAGE)
        .execute();
      for (const r of rows) yield cellFromRow(r);
      if (rows.length < ROLLUP_PAGE) return;
      after = rows[rows.length - 1]!;
    }
  }

  /** How many posts are classified for each question. */
  async classified(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('listen_rollups')
      .select(['question', (eb) => eb.fn.sum<number>('posts').as('n')])
      .where('topic', '=', '')
      .groupBy('question')
      .orderBy('question')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.question, Number(r.n)]));
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async summary(): Promise<PostSummary> {
    const byPlatform = await this.db
      .selectFrom('posts')
      .select(['platform', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('is_repost').as('reposts')])
      .select([sql<number>`min(created_at)`.as('first'), sql<number>`max(created_at)`.as('last')])
      .groupBy('platform')
      .orderBy('platform')
      .execute();
    const posts = byPlatform.reduce((s, r) => s + Number(r.n), 0);
    const firsts = byPlatform.map((r) => Number(r.first));
    const lasts = byPlatform.map((r) => Number(r.last));
    return {
      posts,
      reposts: byPlatform.reduce((s, r) => s + Number(r.reposts ?? 0), 0),
      platforms: Object.fromEntries(byPlatform.map((r) => [r.platform, Number(r.n)])),
      firstPostAt: posts > 0 ? new Date(Math.min(...firsts)).toISOString() : null,
      lastPostAt: posts > 0 ? new Date(Math.max(...lasts)).toISOString() : null,
    };
  }
}

/** The class row of a post, with the rollup cells and (hour, term lines) it adds when it is new. */
function classWithCells(question: string, p: Post, c: Classification): [unknown[], CellParams[], number, string] {
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
interface BatchWrites {
  posts(trx: Kysely<ListenTables>, posts: readonly Post[], now: number): Promise<number>;
  /** Inserts class rows; returns the keys of those that were new. */
  classes(trx: Kysely<ListenTables>, rows: PostClassesTable[]): Promise<{ platform: string; post_id: string }[]>;
  rollups(trx: Kysely<ListenTables>, cells: CellParams[]): Promise<void>;
  terms(trx: Kysely<ListenTables>, terms: TermParams[]): Promise<void>;
}

/** In chunks of multi-row VALUES (SQLite in memory; the SQLite file has its writer thread). */
const KYSELY_WRITES: BatchWrites = {
  async posts(trx, posts, now) {
    let stored = 0;
    for (let i = 0; i < posts.length; i += ROWS_PER_STATEMENT) {
      const rows = posts.slice(i, i + ROWS_PER_STATEMENT).map((p) => toRow(p, now));
      // No conflict target: the key is (platform, post_id) on SQLite and (platform, post_id,
      // created_at) on partitioned PostgreSQL (partition-migration.ts); the posts' only unique key either way.
      const result = await trx.insertInto('posts').values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      stored += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return stored;
  },
  async classes(trx, rows) {
    const fresh: { platform: string; post_id: string }[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      fresh.push(...(await trx.insertInto('post_classes').values(rows.slice(i, i + ROWS_PER_STATEMENT)).onConflict((oc) => oc.doNothing()).returning(['platform', 'post_id']).execute()));
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

/** One statement per table and batch, each column bound as one array (pg-bulk.ts). */
const PG_WRITES: BatchWrites = {
  posts: (trx, posts, now) => insertPostsPg(trx, posts.map((p) => rowParams(p, now))),
  classes: (trx, rows) => insertClassesPg(trx, rows.map(classParams)),
  rollups: (trx, cells) => upsertRollupsPg(trx, cells),
  terms: (trx, terms) => upsertTermsPg(trx, terms),
};

/**
 * Classifications of posts, and their rollup cells for those that were not classified for
 * this question before: a post delivered twice is counted once.
 */
async function insertClasses(trx: Kysely<ListenTables>, posts: readonly Post[], classes: BatchClasses, bulk: BatchWrites): Promise<void> {
  const cells = new Map<string, CellParams>();
  const terms = new Map<string, number>();
  const inserted = await bulk.classes(trx, posts.map((p, i) => toClassRow(classes.question, p, classes.items[i]!)));
  const fresh = new Set(inserted.map((r) => `${r.platform}\u0000${r.post_id}`));
  posts.forEach((p, i) => {
    if (!fresh.has(`${p.platform}\u0000${p.id}`)) return;
    const c = classes.items[i]!;
    addCells(cells, cellParamsOf(classes.question, p.createdAt, c));
    addTermLines(terms, hourOf(p.createdAt), termLines(p.text, c));
  });
  // Rows in key order: concurrent workers then lock the rows they share in the same order, and
  // cannot deadlock on them (each would wait out PostgreSQL's deadlock check, then retry).
  await bulk.rollups(trx, [...cells.entries()].sort(byKey).map(([, c]) => c));
  await bulk.terms(trx, termParamsFrom(classes.question, [...terms.entries()].sort(byKey)));
}

function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export interface PostSummary {
  readonly posts: number;
  readonly reposts: number;
  readonly platforms: Readonly<Record<string, number>>;
  readonly firstPostAt: string | null;
  readonly lastPostAt: string | null;
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

async function saveCheckpoint(db: Kysely<ListenTables>, c: Checkpoint, now: number): Promise<void> {
  await checkpointQuery(db, c, now).execute();
}

function withBatch(c: Checkpoint, stored: number, posts: number): Checkpoint {
  return { ...c, stored: c.stored + stored, duplicates: c.duplicates + posts - stored };
}

/**
 * The statements of the SQLite writer thread, compiled here by Kysely. The checkpoint statement
 * is compiled with a marker in each value, which tells the thread what to bind at each `?`.
 */
function writerSetup(db: Kysely<ListenTables>, path: string): SqliteWriterSetup {
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
  if (!same(classInsert.parameters, classParams(sample)) || !same(upsert.parameters, sampleCell) || !same(terms.parameters, sampleTerm)) {
    throw new StoreError('classification insert: the bound parameters do not follow the compiled column order');
  }
  return { path, insertSql: insert.sql, checkpointSql: cp.sql, checkpointFields, classSql: classInsert.sql, rollupSql: upsert.sql, termSql: terms.sql };
}

/** The row as bound parameters, in the column order of `toRow` (and so of the compiled insert). */
function rowParams(p: Post, now: number): unknown[] {
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
