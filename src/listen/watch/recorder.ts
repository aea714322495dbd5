import type { CompiledQuery, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { Post } from '../post';
import { watchGeneration } from './generation';
import { loadWatchlists } from './lists';
import type { WatchIndex } from './matcher';
import { compileWatchlists } from './matcher';
import { matchInserts, matchRows } from './rows';
import type { WatchTables } from './tables';

/** How long the lists in memory are trusted before the store is asked whether they changed. */
const CHECK_MS = 1000;

/**
 * Matches posts as they are stored against the current watchlists, held compiled in memory.
 * Lists changed by this process are seen at once; by another process, within a second (a cheap
 * look at the lists' count and last change).
 */
export class WatchRecorder {
  private readonly db: Kysely<WatchTables>;
  private index: WatchIndex | null = null;
  private mark = '';
  private checkedAt = 0;
  private seen = -1;

  constructor(db: AnyDb) {
    this.db = db as Kysely<WatchTables>;
  }

  /** The statements that record the matches of a batch of posts, to run in the batch's transaction. */
  async writes(posts: readonly Post[]): Promise<CompiledQuery[]> {
    if (posts.length === 0) return [];
    const index = await this.current();
    return index.size === 0 ? [] : matchInserts(this.db, matchRows(index, posts));
  }

  private async current(): Promise<WatchIndex> {
    const now = Date.now();
    if (this.index && this.seen === watchGeneration() && now - this.checkedAt < CHECK_MS) return this.index;
    const seen = watchGeneration();
    const r = await sql<{ n: number | string; last: number | string | null }>`SELECT count(*) AS n, max(updated_at) AS last FROM watchlists`.execute(this.db);
    const mark = `${r.rows[0]?.n ?? 0}/${r.rows[0]?.last ?? ''}`;
    if (!this.index || mark !== this.mark) this.index = compileWatchlists(Number(r.rows[0]?.n ?? 0) > 0 ? await loadWatchlists(this.db) : []);
    this.mark = mark;
    this.seen = seen;
    this.checkedAt = now;
    return this.index;
  }
}
