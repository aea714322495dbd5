import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { sql } from 'kysely';
import { StoreError } from '../core/errors';
import type { Store } from '../store';
import type { Post } from './post';

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

export interface ListenTables {
  posts: PostsTable;
  ingest_checkpoints: CheckpointsTable;
}

// 15 columns × 500 rows stays below both SQLite's and PostgreSQL's bound-parameter limits.
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
  };
}

/** Posts and ingest checkpoints in the store. Writes are idempotent on (platform, post id). */
export class PostStore {
  readonly db: Kysely<ListenTables>;
  private readonly fast: SqliteBatchWriter | null;

  constructor(store: Store) {
    this.db = store.db as Kysely<ListenTables>;
    this.fast = store.sqlite ? new SqliteBatchWriter(this.db, store.sqlite) : null;
  }

  /**
   * Inserts posts (those already stored are left alone) and saves the checkpoint, built from the
   * number of new posts, in one transaction: after a crash the store holds exactly the batches
   * whose checkpoint it holds. Returns how many posts were new.
   */
  async insertBatch(posts: readonly Post[], checkpoint: (stored: number) => Checkpoint | null): Promise<number> {
    const now = Date.now();
    if (this.fast) return this.fast.insert(posts, checkpoint, now);
    return this.db.transaction().execute(async (trx) => {
      let stored = 0;
      for (let i = 0; i < posts.length; i += ROWS_PER_STATEMENT) {
        const rows = posts.slice(i, i + ROWS_PER_STATEMENT).map((p) => toRow(p, now));
        const result = await trx
          .insertInto('posts')
          .values(rows)
          .onConflict((oc) => oc.columns(['platform', 'post_id']).doNothing())
          .executeTakeFirst();
        stored += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      const cp = checkpoint(stored);
      if (cp) await saveCheckpoint(trx, cp, now);
      return stored;
    });
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

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await saveCheckpoint(this.db, checkpoint, Date.now());
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

/**
 * The SQLite write path: the same Kysely-built statements, prepared once and run row by row in
 * one synchronous transaction — several times faster than compiling a multi-row insert per batch.
 */
class SqliteBatchWriter {
  private readonly insertRow: SQLite.Statement;
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(
    private readonly db: Kysely<ListenTables>,
    private readonly raw: SQLite.Database,
  ) {
    const sample = toRow(SAMPLE_POST, 0);
    const q = db.insertInto('posts').values(sample).onConflict((oc) => oc.columns(['platform', 'post_id']).doNothing()).compile();
    if (JSON.stringify(q.parameters) !== JSON.stringify(rowParams(SAMPLE_POST, 0))) {
      throw new StoreError('posts insert: the bound parameters do not follow the compiled column order');
    }
    this.insertRow = raw.prepare(q.sql);
  }

  insert(posts: readonly Post[], checkpoint: (stored: number) => Checkpoint | null, now: number): number {
    return this.raw.transaction(() => {
      let stored = 0;
      for (const p of posts) stored += this.insertRow.run(rowParams(p, now)).changes;
      const cp = checkpoint(stored);
      if (cp) this.run(checkpointQuery(this.db, cp, now).compile());
      return stored;
    })();
  }

  private run(q: CompiledQuery): void {
    let statement = this.statements.get(q.sql);
    if (!statement) {
      statement = this.raw.prepare(q.sql);
      this.statements.set(q.sql, statement);
    }
    statement.run(q.parameters as unknown[]);
  }
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
};
