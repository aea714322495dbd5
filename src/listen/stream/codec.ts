import { PSEUDONYM_PATTERN } from '../../core/pseudonym';
import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { END_POST_TIME, FIRST_POST_TIME } from '../formats/types';
import type { Post } from '../post';
import { fieldsOf } from './fields';

/** Version of the entry layout; a worker refuses entries of a version it does not know. */
export const ENTRY_VERSION = '1';

const nullableText = z.string().nullable();

/** A post as the producer writes it (listen/post.ts), checked field by field when a worker reads it. */
const PostSchema = z.object({
  platform: z.string().min(1),
  id: z.string().min(1),
  createdAt: z.number().int().min(FIRST_POST_TIME).lt(END_POST_TIME, 'expected a time from 1990 to 2099'),
  text: z.string(),
  lang: nullableText,
  author: z.string().regex(PSEUDONYM_PATTERN, 'expected a pseudonym (16 hex digits): posts must be pseudonymised by hustings before they reach the stream').nullable(),
  isRepost: z.boolean(),
  repostOf: nullableText,
  replyTo: nullableText,
  quoteOf: nullableText,
  placeName: nullableText,
  placeCountry: nullableText,
  userLocation: nullableText,
  format: z.string(),
  ageBand: nullableText.optional(),
  gender: nullableText.optional(),
});

const PostsSchema = z.array(PostSchema);

/** The fields of one stream entry: layout version, pseudonym key fingerprint, the posts as JSON. */
export function encodeEntry(posts: readonly Post[], keyFingerprint: string): string[] {
  return ['v', ENTRY_VERSION, 'k', keyFingerprint, 'n', String(posts.length), 'posts', JSON.stringify(posts)];
}

/** The fingerprint of the key an entry's posts were pseudonymised with (its `k` field), if it says. */
export function keyOf(fields: readonly string[]): string | undefined {
  return fieldsOf(fields).get('k');
}

/** One entry read back, or why it cannot be processed. */
export interface DecodedEntry {
  readonly id: string;
  readonly posts: readonly Post[];
}

/**
 * The posts of an entry. Throws a RecordError that says what is wrong (the entry then counts a
 * failed attempt, and goes to the dead letters after too many): an unknown layout, posts
 * pseudonymised with another key (their pseudonyms would not match this store's: once the store
 * is bound to the worker's key, the entry is the one at fault; see batch.ts), bad JSON, or a post
 * that is not a post.
 */
export function decodeEntry(id: string, fields: readonly string[], keyFingerprint: string): DecodedEntry {
  const f = fieldsOf(fields);
  const version = f.get('v');
  if (version !== ENTRY_VERSION) throw new RecordError(`entry ${id}: expected layout version ${ENTRY_VERSION}, found ${version ?? 'none'}`);
  const key = f.get('k');
  if (key !== keyFingerprint) {
    throw new RecordError(`entry ${id}: posts pseudonymised with key ${key ?? 'none'}, but this worker's key is ${keyFingerprint} (set the same HUSTINGS_PSEUDONYM_KEY on producer and workers)`);
  }
  const posts = f.get('posts');
  if (posts === undefined) throw new RecordError(`entry ${id}: expected a posts field (the posts as JSON), found only ${[...f.keys()].join(', ')}`);
  let raw: unknown;
  try {
    raw = JSON.parse(posts);
  } catch (error) {
    throw new RecordError(`entry ${id}: posts are not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PostsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RecordError(`entry ${id}: not a list of posts: at ${issue.path.join('.') || 'top'}: ${issue.message}`);
  }
  return { id, posts: parsed.data as Post[] };
}
