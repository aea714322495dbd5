import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import type { PostsTable } from '../store';
import type { MatchFilter } from './filter';
import { matchCondition } from './filter';
import type { WatchTables } from './tables';

/**
 * The least figure for which a pseudonym is listed. An influencer list names people (by
 * pseudonym: still personal data); one or two matched posts say little about anyone's reach
 * and would list every passer-by, so a pseudonym is listed only when its figure rests on at
 * least this many posts (matched posts, or reposts received). How many were left out is said.
 */
export const INFLUENCER_MIN = 3;

export interface Influencer {
  readonly platform: string;
  readonly pseudonym: string;
  /** Matched posts they wrote (reposts they made are not counted). */
  readonly posts: number;
  /** Reposts in the store, by others, of their matched posts. */
  readonly repostsReceived: number;
}

export interface Influencers {
  readonly watchlist: string;
  readonly min: number;
  /** Most matched posts first. */
  readonly byMatches: readonly Influencer[];
  /** Most reposts received first. */
  readonly byReposts: readonly Influencer[];
  /** Pseudonyms with some figure, left out because it is below `min`. */
  readonly suppressed: { readonly byMatches: number; readonly byReposts: number };
}

type Db = Kysely<WatchTables & { posts: PostsTable }>;

/** A list's matched original posts (not reposts) with a known author: the base of both rankings. */
function originals(db: Db, watchlist: string, f: MatchFilter) {
  return db.selectFrom('watch_matches as m').where(matchCondition(watchlist, f)).where('m.is_repost', '=', 0).where('m.author', 'is not', null).select(['m.platform', 'm.post_id', 'm.author']).distinct();
}

/** Matched posts per author (platform, pseudonym). */
function postCounts(db: Db, watchlist: string, f: MatchFilter) {
  return db.selectFrom(originals(db, watchlist, f).as('o')).select(['o.platform', 'o.author', sql<number>`count(*)`.as('n')]).groupBy(['o.platform', 'o.author']);
}

/** Reposts by others of each author's matched posts. */
function repostCounts(db: Db, watchlist: string, f: MatchFilter) {
  return db
    .selectFrom(originals(db, watchlist, f).as('o'))
    .innerJoin('posts as r', (j) => j.onRef('r.platform', '=', 'o.platform').onRef('r.repost_of', '=', 'o.post_id'))
    .where('r.is_repost', '=', 1)
    .where(sql<boolean>`r.author IS DISTINCT FROM o.author`)
    .select(['o.platform', 'o.author', sql<number>`count(*)`.as('n')])
    .groupBy(['o.platform', 'o.author']);
}

type Counts = ReturnType<typeof postCounts>;

/** The top `limit` authors of a count with at least `min`, and how many had less. */
async function ranked(db: Db, counts: Counts, min: number, limit: number): Promise<{ top: Map<string, number>; suppressed: number }> {
  const rows = await db.selectFrom(counts.as('c')).selectAll().where('c.n', '>=', min).orderBy('c.n', 'desc').orderBy('c.platform').orderBy('c.author').limit(limit).execute();
  const below = await db.selectFrom(counts.as('c')).select(sql<number>`count(*)`.as('k')).where('c.n', '<', min).executeTakeFirstOrThrow();
  return { top: new Map(rows.map((r) => [`${r.platform}/${r.author}`, Number(r.n)])), suppressed: Number(below.k) };
}

/** The other figure of listed authors. */
async function figuresOf(db: Db, counts: Counts, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const authors = [...new Set(keys.map((k) => k.slice(k.indexOf('/') + 1)))];
  const rows = await db.selectFrom(counts.as('c')).selectAll().where('c.author', 'in', authors).execute();
  return new Map(rows.map((r) => [`${r.platform}/${r.author}`, Number(r.n)]));
}

function influencer(key: string, posts: number, reposts: number): Influencer {
  const at = key.indexOf('/');
  return { platform: key.slice(0, at), pseudonym: key.slice(at + 1), posts, repostsReceived: reposts };
}

/**
 * The pseudonyms of a list ranked by matched posts and by reposts received (reposts in the store
 * whose original is one of their matched posts; their own reposts of it are not counted), each
 * listed only when that figure is at least `min` (never below INFLUENCER_MIN).
 */
export async function watchInfluencers(anyDb: AnyDb, watchlist: string, f: MatchFilter, options: { limit: number; min: number }): Promise<Influencers> {
  const db = anyDb as Db;
  const min = Math.max(options.min, INFLUENCER_MIN);
  const posts = postCounts(db, watchlist, f);
  const reposts = repostCounts(db, watchlist, f);
  const byPosts = await ranked(db, posts, min, options.limit);
  const byReposts = await ranked(db, reposts, min, options.limit);
  const repostsOf = await figuresOf(db, reposts, [...byPosts.top.keys()]);
  const postsOf = await figuresOf(db, posts, [...byReposts.top.keys()]);
  return {
    watchlist,
    min,
    byMatches: [...byPosts.top].map(([k, n]) => influencer(k, n, repostsOf.get(k) ?? 0)),
    byReposts: [...byReposts.top].map(([k, n]) => influencer(k, postsOf.get(k) ?? 0, n)),
    suppressed: { byMatches: byPosts.suppressed, byReposts: byReposts.suppressed },
  };
}
