import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { MatchFilter } from './filter';
import { matchCondition } from './filter';
import type { WatchTables } from './tables';
import { MIN_CELL } from '../report/aggregate';

export type Bucket = 'hour' | 'day';

/** A matched post as the matches read shows it: who (a pseudonym), where, when, which items; never its text. */
export interface RecentMatch {
  readonly platform: string;
  /** Null unless the caller may see authors (a post id leads to its account). */
  readonly postId: string | null;
  /** The author's pseudonym; null when the post names no author or the reader may not see it. */
  readonly author: string | null;
  readonly createdAt: string;
  readonly country: string | null;
  readonly isRepost: boolean;
  readonly items: readonly string[];
}

export interface WatchMatches {
  readonly watchlist: string;
  /** Posts matched (each once, whatever the number of its items). */
  readonly posts: number;
  /** Posts matched by each item. */
  readonly byItem: readonly { item: string; posts: number }[];
  /** Posts matched by country ('unknown' when none is known), most first; for readers who may not see authors, countries of fewer than `minCell` posts are merged into 'other'. */
  readonly byCountry: readonly { country: string; posts: number }[];
  readonly bucket: Bucket;
  /** Posts matched in each hour or day (UTC) that has any, in time order; `t` is its start. Null where fewer than `minCell` (suppressed). */
  readonly overTime: readonly { t: string; posts: number | null }[];
  /** Cells under this many posts are suppressed (readers who may not see authors); null: nothing suppressed. */
  readonly minCell: number | null;
  /** The latest matched posts, newest first. */
  readonly recent: readonly RecentMatch[];
}

const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };
// Platform names hold no '/', so platform/post id names a post unambiguously.
const POST = sql<string>`m.platform || '/' || m.post_id`;

/** Most posts first; among equals by code, unknown last (databases sort nulls differently). */
function mostFirst(a: { country: string; posts: number }, b: { country: string; posts: number }): number {
  return b.posts - a.posts || Number(a.country === 'unknown') - Number(b.country === 'unknown') || a.country.localeCompare(b.country);
}

/** Countries of fewer than `min` posts merged into 'other' (an account item's posts by country and day would follow one person). */
function mergeSmall(rows: readonly { country: string; posts: number }[], min: number): { country: string; posts: number }[] {
  const kept = rows.filter((r) => r.posts >= min || r.country === 'unknown');
  const other = rows.reduce((s, r) => s + (r.posts < min && r.country !== 'unknown' ? r.posts : 0), 0);
  return other > 0 ? [...kept, { country: 'other', posts: other }] : kept;
}

/**
 * Counts of a list's matches by item, country and time, and its latest matched posts, filtered.
 * A reader who may not see authors gets small cells suppressed (MIN_CELL, as in reports) and no
 * country on the latest posts.
 */
export async function watchMatches(anyDb: AnyDb, watchlist: string, f: MatchFilter, options: { bucket: Bucket; limit: number; authors: boolean }): Promise<WatchMatches> {
  const db = anyDb as Kysely<WatchTables>;
  const where = matchCondition(watchlist, f);
  const from = db.selectFrom('watch_matches as m').where(where);
  const total = await from.select(sql<number>`count(distinct ${POST})`.as('n')).executeTakeFirstOrThrow();
  const byItem = await from.select(['m.item', sql<number>`count(*)`.as('n')]).groupBy('m.item').orderBy(sql`count(*)`, 'desc').orderBy('m.item').execute();
  const byCountry = await from.select(['m.country', sql<number>`count(distinct ${POST})`.as('n')]).groupBy('m.country').execute();
  const size = BUCKET_MS[options.bucket];
  const t = sql<number>`m.created_at - (m.created_at % ${sql.lit(size)})`;
  const overTime = await from.select([t.as('t'), sql<number>`count(distinct ${POST})`.as('n')]).groupBy(t).orderBy(t).execute();
  const min = options.authors ? null : MIN_CELL;
  const countries = byCountry.map((r) => ({ country: r.country ?? 'unknown', posts: Number(r.n) }));
  return {
    watchlist,
    posts: Number(total.n),
    byItem: byItem.map((r) => ({ item: r.item, posts: Number(r.n) })),
    byCountry: (min === null ? countries : mergeSmall(countries, min)).sort(mostFirst),
    bucket: options.bucket,
    overTime: overTime.map((r) => ({ t: new Date(Number(r.t)).toISOString(), posts: min !== null && Number(r.n) < min ? null : Number(r.n) })),
    minCell: min,
    recent: await recent(db, where, options.limit, options.authors),
  };
}

/** The latest matched posts, each with every item it matched. */
async function recent(db: Kysely<WatchTables>, where: ReturnType<typeof matchCondition>, limit: number, authors: boolean): Promise<RecentMatch[]> {
  if (limit === 0) return [];
  const posts = await db
    .selectFrom('watch_matches as m')
    .where(where)
    .select(['m.platform', 'm.post_id', sql<string | null>`max(m.author)`.as('author'), sql<number>`max(m.created_at)`.as('created_at'), sql<string | null>`max(m.country)`.as('country'), sql<number>`max(m.is_repost)`.as('is_repost')])
    .groupBy(['m.platform', 'm.post_id'])
    .orderBy(sql`max(m.created_at)`, 'desc')
    .orderBy('m.platform')
    .orderBy('m.post_id')
    .limit(limit)
    .execute();
  if (posts.length === 0) return [];
  const items = await db
    .selectFrom('watch_matches as m')
    .where(where)
    .where('m.post_id', 'in', [...new Set(posts.map((p) => p.post_id))])
    .select(['m.platform', 'm.post_id', 'm.item'])
    .orderBy('m.item')
    .execute();
  const byPost = new Map<string, string[]>();
  for (const r of items) {
    const key = `${r.platform}/${r.post_id}`;
    (byPost.get(key) ?? byPost.set(key, []).get(key)!).push(r.item);
  }
  return posts.map((p) => ({
    platform: p.platform,
    // A platform's post id leads to its author's account: analysts only, as the author's pseudonym.
    postId: authors ? p.post_id : null,
    author: authors ? p.author : null,
    createdAt: new Date(Number(p.created_at)).toISOString(),
    country: authors ? p.country : null,
    isRepost: Number(p.is_repost) === 1,
    items: byPost.get(`${p.platform}/${p.post_id}`) ?? [],
  }));
}
