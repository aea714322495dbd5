import type { Expression, SqlBool } from 'kysely';
import { expressionBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { PostClassesTable, PostsTable, PostStore } from '../store';
import type { ReportFilter } from './filter';

/** A stored post as the dashboard shows it: pseudonymous, with what decided its stance. */
export interface SamplePost {
  readonly platform: string;
  readonly createdAt: string;
  /** The author's keyed pseudonym (never a handle). */
  readonly author: string | null;
  /** The text as stored: handles and mentions were replaced by pseudonyms at the door. */
  readonly text: string;
  readonly lang: string | null;
  readonly country: string | null;
  readonly stance: string;
  readonly score: number;
  readonly confidence: number;
  readonly sentiment: number | null;
  readonly cues: readonly { cue: string; side: string; weight: number; negated: boolean }[];
  readonly topics: readonly string[];
}

const Cues = z.array(z.object({ cue: z.string(), side: z.string(), weight: z.number(), negated: z.boolean() }));
const Topics = z.array(z.string());

/** The filter's conditions on a question's class rows (`c`). */
function classCondition(question: string, filter: ReportFilter): Expression<SqlBool> {
  const eb = expressionBuilder<{ c: PostClassesTable }, 'c'>();
  const all: Expression<SqlBool>[] = [eb('c.question', '=', question)];
  if (filter.from !== undefined) all.push(eb('c.created_at', '>=', filter.from));
  if (filter.to !== undefined) all.push(eb('c.created_at', '<', filter.to));
  if (filter.country !== undefined) all.push(filter.country === 'unknown' ? eb('c.country', 'is', null) : eb('c.country', '=', filter.country));
  if (filter.lang !== undefined) all.push(filter.lang === 'unknown' ? eb('c.lang', 'is', null) : eb('c.lang', '=', filter.lang));
  if (filter.stance !== undefined) all.push(eb('c.stance', '=', filter.stance));
  // Topics are stored as a JSON array of names: a quoted name matches one whole element.
  if (filter.topic !== undefined) all.push(sql<SqlBool>`c.topics LIKE ${`%${JSON.stringify(filter.topic).replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`);
  return eb.and(all);
}

/**
 * The classified posts of a question joined to their stored posts (`c` and `p`), narrowed by the
 * filter. `postsFirst` reads the posts first (a cross join with the join condition in WHERE:
 * SQLite then keeps that loop order, PostgreSQL plans as for an inner join), for queries whose
 * condition on the posts is the selective one (the audience's partial index).
 */
export function classedPosts(posts: PostStore, question: string, filter: ReportFilter, postsFirst = false) {
  const q = postsFirst
    ? posts.db.selectFrom('posts as p').crossJoin('post_classes as c').whereRef('c.platform', '=', 'p.platform').whereRef('c.post_id', '=', 'p.post_id')
    : posts.db.selectFrom('post_classes as c').innerJoin('posts as p', (j) => j.onRef('p.platform', '=', 'c.platform').onRef('p.post_id', '=', 'c.post_id'));
  // On PostgreSQL a class row's created_at (its post's) joins too, so that each post is looked up
  // in its own month's partition; and the time range goes on both sides, since PostgreSQL carries
  // equalities across a join but not ranges, and prunes each side only by a range on that side.
  // Not on SQLite: it would carry the range over itself, and then read the posts by time rather
  // than by the audience's partial index.
  const range = postRange(posts, filter);
  return q
    .where(classCondition(question, filter))
    .$if(posts.dialect === 'postgres', (w) => w.whereRef('c.created_at', '=', 'p.created_at'))
    .$if(range !== null, (w) => w.where(range!));
}

/** On PostgreSQL, the filter's time range on the posts' side too (see `classedPosts`); else null. */
function postRange(posts: PostStore, filter: ReportFilter): Expression<SqlBool> | null {
  if (posts.dialect !== 'postgres' || (filter.from === undefined && filter.to === undefined)) return null;
  const eb = expressionBuilder<{ p: PostsTable }, 'p'>();
  const all: Expression<SqlBool>[] = [];
  if (filter.from !== undefined) all.push(eb('p.created_at', '>=', filter.from));
  if (filter.to !== undefined) all.push(eb('p.created_at', '<', filter.to));
  return eb.and(all);
}

/** The latest `limit` classified posts of a question that pass the filter, newest first. */
export async function samplePosts(posts: PostStore, question: string, filter: ReportFilter, limit: number): Promise<SamplePost[]> {
  // The latest class rows first, then their posts: planners then join `limit` rows, where a join
  // of everything would be sorted (PostgreSQL misjudges the join on three near-unique columns as
  // one row). created_at joins too, so that PostgreSQL reads each post in its month's partition.
  const range = postRange(posts, filter);
  const latest = posts.db.selectFrom('post_classes as c').selectAll('c').where(classCondition(question, filter)).orderBy('c.created_at', 'desc').limit(limit);
  const rows = await posts.db
    .selectFrom(latest.as('c'))
    .innerJoin('posts as p', (j) => j.onRef('p.platform', '=', 'c.platform').onRef('p.post_id', '=', 'c.post_id').onRef('p.created_at', '=', 'c.created_at'))
    .$if(range !== null, (w) => w.where(range!))
    .select(['p.platform', 'c.created_at', 'p.author', 'p.text', 'c.lang', 'c.country', 'c.stance', 'c.score', 'c.confidence', 'c.sentiment', 'c.cues', 'c.topics'])
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    platform: r.platform,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    author: r.author,
    text: r.text,
    lang: r.lang,
    country: r.country,
    stance: r.stance,
    score: Number(r.score),
    confidence: Number(r.confidence),
    sentiment: r.sentiment === null ? null : Number(r.sentiment),
    cues: Cues.parse(JSON.parse(r.cues)),
    topics: Topics.parse(JSON.parse(r.topics)),
  }));
}
