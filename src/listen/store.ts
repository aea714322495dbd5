import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Store } from '../store';
import { ensureMonthsAhead, ensurePartitions } from './partitions';
import type { Post } from './post';
import type { RollupCell } from './rollup/cells';
import { cellFromRow } from './rollup/cells';
import { SqliteWriterThread } from './sqlite-writer';
import { WatchRecorder } from './watch/recorder';

import type { BatchClasses, Checkpoint, ListenTables, PostsTable, RollupsTable } from './store-tables';
import { classWithCells, insertClasses, KYSELY_WRITES, PG_WRITES, rowParams, saveCheckpoint, withBatch, writerSetup } from './batch-writes';

export type { BatchClasses, Checkpoint, IngestCounts, ListenTables, PostClassesTable, PostsTable, RollupsTable } from './store-tables';

const ROLLUP_PAGE = 10_000;

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
 * Posts and ingest checkpoints in the store. Writes are idempotent on (platform, post id): the
 * first copy of a post stored wins, whatever the time later copies carry (on partitioned
 * PostgreSQL through `post_ids`; see post-ids.ts).
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
      const { stored, posts: asStored } = await bulk.posts(trx, posts, now);
      if (classes) await insertClasses(trx, asStored, classes, bulk);
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

export interface PostSummary {
  readonly posts: number;
  readonly reposts: number;
  readonly platforms: Readonly<Record<string, number>>;
  readonly firstPostAt: string | null;
  readonly lastPostAt: string | null;
}
