import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { PostsTable } from '../store';
import { toPost } from '../store';
import { WatchLists, loadWatchlists } from './lists';
import { compileWatchlists } from './matcher';
import { matchInserts, matchRows } from './rows';
import type { WatchTables } from './tables';

export interface ScanProgress {
  readonly scanned: number;
  readonly total: number;
  /** Matches recorded by this scan (those there before are not counted again). */
  readonly recorded: number;
}

export interface ScanSummary extends ScanProgress {
  readonly watchlist: string;
  readonly elapsedMs: number;
}

const PAGE = 5000;

type ScanDb = Kysely<WatchTables & { posts: PostsTable }>;

/**
 * Matches every stored post against one list, a page at a time in key order (memory stays flat
 * at any store size), recording what is not yet recorded: scanning twice records nothing the
 * second time. Posts stored meanwhile are matched as they are stored. Marks the list scanned.
 * Null when there is no such list.
 */
export async function scanWatchlist(anyDb: AnyDb, id: string, onProgress?: (p: ScanProgress) => void): Promise<ScanSummary | null> {
  const db = anyDb as ScanDb;
  const watch = anyDb as Kysely<WatchTables>;
  const started = Date.now();
  const list = (await loadWatchlists(watch)).find((l) => l.id === id);
  if (!list) return null;
  const index = compileWatchlists([list]);
  const total = Number((await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let scanned = 0;
  let recorded = 0;
  let after: { platform: string; post_id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('posts').selectAll().orderBy('platform').orderBy('post_id').limit(PAGE);
    if (after) q = q.where(sql<boolean>`(platform, post_id) > (${after.platform}, ${after.post_id})`);
    const rows: PostsTable[] = await q.execute();
    if (rows.length === 0) break;
    for (const insert of matchInserts(watch, matchRows(index, rows.map(toPost)))) {
      recorded += Number((await db.executeQuery(insert)).numAffectedRows ?? 0);
    }
    scanned += rows.length;
    const last: PostsTable = rows[rows.length - 1]!;
    after = { platform: last.platform, post_id: last.post_id };
    onProgress?.({ scanned, total: Math.max(total, scanned), recorded });
    if (rows.length < PAGE) break;
  }
  await new WatchLists(anyDb).markScanned(id, started);
  return { watchlist: id, scanned, total: Math.max(total, scanned), recorded, elapsedMs: Date.now() - started };
}
