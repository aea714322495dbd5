import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../store';
import { isPostgres } from '../store';
import { insertPostsPg, storedTimesPg } from './pg-bulk';
import type { Post } from './post';
import type { ListenTables } from './store-tables';

/**
 * Each post once on PostgreSQL, whatever its created_at. The partitioned `posts` must hold the
 * partition key in its key (platform, post_id, created_at), so two copies of one post that
 * disagree on the time (a re-export, a file ingested again with corrected timestamps) would both
 * be stored there, and both counted. `post_ids` is not partitioned: one row per stored post,
 * keyed by its identity alone, with the time it is stored under. A batch claims its identities
 * there first (ON CONFLICT DO NOTHING), and only those it wins go into `posts` and the rollups,
 * in the same transaction. The first copy stored wins, as SQLite's key (platform, post_id) has it.
 * It holds nothing that `posts` does not: platform and id (pseudonymous where an id would name
 * an account) and the time. Anything that deletes posts must delete their rows here with them,
 * or the post could never be stored again. SQLite has no such table.
 */

/** A batch's posts as stored: how many were new, and each post with the time its identity is stored under. */
export interface StoredPosts {
  readonly stored: number;
  /**
   * The batch's posts in their order; a copy of a post that is stored under another time
   * (earlier in this batch, or before it) carries that time, so that its classification joins
   * the stored post, and is counted, or not, as that post.
   */
  readonly posts: readonly Post[];
}

/** Stores the first copy of each identity of the batch that `post_ids` does not hold yet. */
export async function insertPostsOnce(trx: AnyDb, posts: readonly Post[], rowParams: (p: Post) => unknown[]): Promise<StoredPosts> {
  const firsts = new Map<string, Post>();
  for (const p of posts) if (!firsts.has(identity(p))) firsts.set(identity(p), p);
  const stored = await insertPostsPg(trx, [...firsts.values()].map(rowParams));
  if (stored === posts.length) return { stored, posts };
  const times = new Map<string, number>();
  for (const [key, p] of firsts) times.set(key, p.createdAt);
  // Some identities were stored before this batch: under which time, when not this copy's.
  if (stored < firsts.size) {
    const moved = await storedTimesPg(trx, [...firsts.values()].map((p) => [p.platform, p.id, p.createdAt] as const));
    for (const r of moved) times.set(`${r.platform}\u0000${r.post_id}`, Number(r.created_at));
  }
  return { stored, posts: withStoredTimes(posts, times) };
}

/**
 * The same on SQLite (the in-memory store; the file's writer thread does it in its own way):
 * the posts stored under another time than the copy's carry that time.
 */
export async function storedAsOnSqlite(trx: Kysely<ListenTables>, posts: readonly Post[], stored: number): Promise<StoredPosts> {
  if (stored === posts.length) return { stored, posts };
  // By platform, then ids: the key (platform, post_id) is looked up, not the table scanned.
  const byPlatform = new Map<string, Set<string>>();
  for (const p of posts) byPlatform.set(p.platform, (byPlatform.get(p.platform) ?? new Set()).add(p.id));
  const times = new Map<string, number>();
  for (const [platform, set] of byPlatform) {
    const ids = [...set];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx.selectFrom('posts').select(['post_id', 'created_at']).where('platform', '=', platform).where('post_id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) times.set(`${platform}\u0000${r.post_id}`, Number(r.created_at));
    }
  }
  return { stored, posts: withStoredTimes(posts, times) };
}

/** Each post with the time `times` holds for its identity, when it holds one and it differs. */
function withStoredTimes(posts: readonly Post[], times: ReadonlyMap<string, number>): Post[] {
  return posts.map((p) => {
    const at = times.get(identity(p));
    return at === undefined || at === p.createdAt ? p : { ...p, createdAt: at };
  });
}

function identity(p: Post): string {
  return `${p.platform}\u0000${p.id}`;
}

/**
 * PostgreSQL only (SQLite's `posts` is keyed by the identity already): makes `post_ids` and fills
 * it from the posts stored. Where a post is stored more than once (by a version before this
 * table), the copy stored first is the one recorded; the others stay where they are. Writers
 * of posts wait meanwhile (SHARE lock; reads go on): a post stored during the copy would miss
 * its row. The key is built after the copy, which is faster than keeping it row by row. Safe to
 * run again: an existing table only gets the rows it lacks.
 */
export const postIdsMigration: Migration = {
  async up(db: AnyDb) {
    if (!isPostgres(db)) return;
    await sql`LOCK TABLE posts IN SHARE MODE`.execute(db);
    const firsts = sql`SELECT DISTINCT ON (platform, post_id) platform, post_id, created_at FROM posts ORDER BY platform, post_id, ingested_at, created_at`;
    const found = await sql<{ r: string | null }>`SELECT to_regclass('post_ids')::text AS r`.execute(db);
    if (found.rows[0]?.r) {
      await sql`INSERT INTO post_ids (platform, post_id, created_at) ${firsts} ON CONFLICT DO NOTHING`.execute(db);
    } else {
      await sql`CREATE TABLE post_ids (platform text NOT NULL, post_id text NOT NULL, created_at bigint NOT NULL)`.execute(db);
      await sql`INSERT INTO post_ids (platform, post_id, created_at) ${firsts}`.execute(db);
      await sql`ALTER TABLE post_ids ADD CONSTRAINT post_ids_pk PRIMARY KEY (platform, post_id)`.execute(db);
    }
    await forgetWithPosts(db);
  },
};

/**
 * A stored post deleted (an erasure, retention, a DELETE by hand) takes its identity with it, so
 * that nothing of it stays here and the post can be stored again if it comes again, as on
 * SQLite. A row trigger costs inserts nothing; it reaches every partition, made now or later.
 * It does not fire for DROP, DETACH or TRUNCATE of a partition: whatever removes a month that
 * way must delete that month's rows of post_ids itself (by created_at).
 */
async function forgetWithPosts(db: AnyDb): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION post_ids_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- Only the copy the identity is stored under frees it (an older store may hold others).
      DELETE FROM post_ids WHERE platform = OLD.platform AND post_id = OLD.post_id AND created_at = OLD.created_at;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE OR REPLACE TRIGGER post_ids_forget AFTER DELETE ON posts FOR EACH ROW EXECUTE FUNCTION post_ids_forget()`.execute(db);
}
