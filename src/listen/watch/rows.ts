import type { CompiledQuery, Kysely } from 'kysely';
import type { Post } from '../post';
import { countryOf } from './country';
import type { WatchIndex } from './matcher';
import type { WatchMatchesTable, WatchTables } from './tables';

// 9 columns × 500 rows stays below both SQLite's and PostgreSQL's bound-parameter limits.
const ROWS_PER_STATEMENT = 500;

/** The match rows of some posts: one per post and item matched. */
export function matchRows(index: WatchIndex, posts: readonly Post[]): WatchMatchesTable[] {
  const rows: WatchMatchesTable[] = [];
  if (index.size === 0) return rows;
  for (const p of posts) {
    const hits = index.match(p);
    if (hits.length === 0) continue;
    const country = countryOf(p);
    for (const h of hits) {
      rows.push({ watchlist: h.watchlist, item: h.item, platform: p.platform, post_id: p.id, author: p.author, created_at: p.createdAt, country, is_repost: p.isRepost ? 1 : 0, repost_of: p.repostOf });
    }
  }
  return rows;
}

/** Inserts of match rows, those already there left alone: a post matched twice is recorded once. */
export function matchInserts(db: Kysely<WatchTables>, rows: readonly WatchMatchesTable[]): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    out.push(
      db
        .insertInto('watch_matches')
        .values(rows.slice(i, i + ROWS_PER_STATEMENT))
        .onConflict((oc) => oc.columns(['watchlist', 'item', 'platform', 'post_id']).doNothing())
        .compile(),
    );
  }
  return out;
}
