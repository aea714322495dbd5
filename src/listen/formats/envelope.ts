import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import type { Parsed } from './types';
import { SKIP } from './types';

/**
 * Keys under which API responses hold lists of posts, as users save the responses whole:
 * `statuses` (Twitter v1.1 search/tweets, Mastodon v2 search), `results` (Twitter premium search),
 * `ancestors` and `descendants` (Mastodon's status context), `posts` (Bluesky searchPosts,
 * getPosts, getQuotes), `feed` (Bluesky getAuthorFeed, getTimeline, getFeed).
 */
const LIST_KEYS = ['statuses', 'results', 'ancestors', 'descendants', 'posts', 'feed'] as const;

/** Keys a post carries itself: a record with one is a post (or a page of them), not a wrapper. */
const POST_KEYS = ['id', 'id_str', 'text', 'content', 'data', 'did', 'user', 'account', 'post', 'record'];

export interface Envelope {
  /** Each list, under its key. */
  readonly lists: readonly (readonly [key: string, items: readonly unknown[]])[];
}

/** The lists of posts a response document wraps, or null when the record is not such a wrapper. */
export function envelopeOf(record: Record<string, unknown>): Envelope | null {
  if (POST_KEYS.some((k) => k in record)) return null;
  const lists = LIST_KEYS.flatMap((key) => (Array.isArray(record[key]) ? [[key, record[key] as unknown[]] as const] : []));
  return lists.length > 0 ? { lists } : null;
}

/**
 * The posts of every item of an envelope, each read by `parseItem`. A bad item is reported alone
 * (`statuses[3]: …`) and the others are kept; empty lists (a search with no results) are a
 * record skipped, not a bad one.
 */
export function parseEnvelope(envelope: Envelope, parseItem: (item: unknown) => Parsed): Parsed {
  if (envelope.lists.every(([, items]) => items.length === 0)) return SKIP;
  const posts: Post[] = [];
  const errors: string[] = [];
  let skipped = 0;
  for (const [key, items] of envelope.lists) {
    items.forEach((item, i) => {
      try {
        const parsed = parseItem(item);
        for (const p of parsed.posts) posts.push(p);
        skipped += parsed.skipped;
        for (const e of parsed.errors) errors.push(`${key}[${i}]: ${e}`);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        errors.push(`${key}[${i}]: ${error.message}`);
      }
    });
  }
  return { posts, skipped, errors };
}
