import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import type { Parsed } from './types';
import { SKIP } from './types';

/**
 * Keys under which API responses hold a list of posts, as users save the responses whole:
 * `statuses` (Twitter v1.1 search/tweets, Mastodon v2 search), `results` (Twitter premium search),
 * `posts` (Bluesky searchPosts, getPosts), `feed` (Bluesky getAuthorFeed, getTimeline, getFeed).
 */
const LIST_KEYS = ['statuses', 'results', 'posts', 'feed'] as const;

/** Keys a post carries itself: a record with one is a post (or a page of them), not a wrapper. */
const POST_KEYS = ['id', 'id_str', 'text', 'content', 'data', 'did', 'uri', 'user', 'account', 'post', 'record'];

export interface Envelope {
  readonly key: string;
  readonly items: readonly unknown[];
}

/** The list of posts a response document wraps, or null when the record is not such a wrapper. */
export function envelopeOf(record: Record<string, unknown>): Envelope | null {
  for (const key of LIST_KEYS) {
    const items = record[key];
    if (Array.isArray(items) && !POST_KEYS.some((k) => k in record)) return { key, items };
  }
  return null;
}

/**
 * The posts of every item of an envelope, each read by `parseItem`. A bad item is reported alone
 * (`statuses[3]: …`) and the others are kept; an empty list (a search with no results) is a
 * record skipped, not a bad one.
 */
export function parseEnvelope(envelope: Envelope, parseItem: (item: unknown) => Parsed): Parsed {
  if (envelope.items.length === 0) return SKIP;
  const posts: Post[] = [];
  const errors: string[] = [];
  let skipped = 0;
  envelope.items.forEach((item, i) => {
    try {
      const parsed = parseItem(item);
      for (const p of parsed.posts) posts.push(p);
      skipped += parsed.skipped;
      for (const e of parsed.errors) errors.push(`${envelope.key}[${i}]: ${e}`);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      errors.push(`${envelope.key}[${i}]: ${error.message}`);
    }
  });
  return { posts, skipped, errors };
}
