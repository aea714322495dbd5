import type { Post } from '../post';
import type { Parsed } from './types';

/** The longest id a post, or a post it refers to, may have: ids are keys of the stores' indexes (PostgreSQL's hold ~2,700 bytes a row). */
export const MAX_ID_CHARS = 256;

const ID_FIELDS = ['platform', 'id', 'repostOf', 'replyTo', 'quoteOf'] as const;

/** Why a post cannot be stored in either store, or null: an id too long to index. */
function idProblem(p: Post): string | null {
  for (const field of ID_FIELDS) {
    const v = p[field];
    if (typeof v === 'string' && v.length > MAX_ID_CHARS) return `${field}: at most ${MAX_ID_CHARS} characters, found ${v.length}`;
  }
  return null;
}

/** The post without NUL characters, which PostgreSQL's text cannot hold (and which mean nothing in a post). */
function withoutNul(p: Post): Post {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string' && v.includes('\u0000')) (out ??= { ...p })[k] = v.replaceAll('\u0000', '');
  }
  return (out as Post | null) ?? p;
}

/**
 * The posts of a record made fit for both stores at the door: NUL characters dropped, and a post
 * whose id (or the id it refers to) is too long to index made an item error. Caught here, a post
 * cannot fail a whole batch in the store or the stream's workers.
 */
export function storable(parsed: Parsed): Parsed {
  if (parsed.posts.length === 0) return parsed;
  const posts: Post[] = [];
  const errors = [...parsed.errors];
  for (const p of parsed.posts) {
    const problem = idProblem(p);
    if (problem) errors.push(`${p.format} post: ${problem}`);
    else posts.push(withoutNul(p));
  }
  return errors.length === parsed.errors.length && posts.every((p, i) => p === parsed.posts[i]) ? parsed : { ...parsed, posts, errors };
}
