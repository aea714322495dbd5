import { sql } from 'kysely';
import { z } from 'zod';
import type { PostStore } from '../store';
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

/**
 * The classified posts of a question joined to their stored posts (`c` and `p`), narrowed by the
 * filter. `postsFirst` reads the posts first (a cross join with the join condition in WHERE:
 * SQLite then keeps that loop order, PostgreSQL plans as for an inner join), for queries whose
 * condition on the posts is the selective one (the audience's partial index). A class row
 * carries its post's created_at: joining on it too lets partitioned PostgreSQL look each post up
 * in its own month's partition, and carries a time filter over to the posts' side.
 */
export function classedPosts(posts: PostStore, question: string, filter: ReportFilter, postsFirst = false) {
  let q = postsFirst
    ? posts.db.selectFrom('posts as p').crossJoin('post_classes as c').whereRef('c.platform', '=', 'p.platform').whereRef('c.post_id', '=', 'p.post_id').whereRef('c.created_at', '=', 'p.created_at')
    : posts.db.selectFrom('post_classes as c').innerJoin('posts as p', (j) => j.onRef('p.platform', '=', 'c.platform').onRef('p.post_id', '=', 'c.post_id').onRef('p.created_at', '=', 'c.created_at'));
  q = q.where('c.question', '=', question);
  if (filter.from !== undefined) q = q.where('c.created_at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('c.created_at', '<', filter.to);
  if (filter.country !== undefined) q = filter.country === 'unknown' ? q.where('c.country', 'is', null) : q.where('c.country', '=', filter.country);
  if (filter.lang !== undefined) q = filter.lang === 'unknown' ? q.where('c.lang', 'is', null) : q.where('c.lang', '=', filter.lang);
  if (filter.stance !== undefined) q = q.where('c.stance', '=', filter.stance);
  // Topics are stored as a JSON array of names: a quoted name matches one whole element.
  if (filter.topic !== undefined) q = q.where(sql<boolean>`c.topics LIKE ${`%${JSON.stringify(filter.topic).replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`);
  return q;
}

/** The latest `limit` classified posts of a question that pass the filter, newest first. */
export async function samplePosts(posts: PostStore, question: string, filter: ReportFilter, limit: number): Promise<SamplePost[]> {
  const rows = await classedPosts(posts, question, filter)
    .select(['p.platform', 'c.created_at', 'p.author', 'p.text', 'c.lang', 'c.country', 'c.stance', 'c.score', 'c.confidence', 'c.sentiment', 'c.cues', 'c.topics'])
    .orderBy('c.created_at', 'desc')
    .limit(limit)
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
