import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import { parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { describeUri, isObject, one, requireTime, validate } from './types';
import { POST, post, postFields, repost, uriToId } from './bluesky-records';

/*
 * The API's views of posts (app.bsky.feed.defs), as saved from searchPosts and getPosts (`posts`),
 * getAuthorFeed, getTimeline and getFeed (`feed` of feedViewPost), and getPostThread (`thread`).
 * Handles and display names in them are never read: authors are keyed by DID, as in Jetstream.
 */
const Did = z.string().startsWith('did:');
const PostView = z.object({ uri: z.string(), author: z.object({ did: Did }), record: z.unknown(), indexedAt: z.string().optional() });
const ReasonRepost = z.object({ $type: z.literal('app.bsky.feed.defs#reasonRepost'), by: z.object({ did: Did }), uri: z.string().optional(), indexedAt: z.string() });
const FeedViewPost = z.object({ post: PostView, reason: z.unknown().optional() });

function isPostView(v: unknown): boolean {
  return isObject(v) && typeof v.uri === 'string' && v.uri.startsWith('at://') && isObject(v.author) && isObject(v.record);
}

/** A postView, a feedViewPost (`post` holds a postView) or a getPostThread response (`thread`). */
export function isBlueskyView(r: Record<string, unknown>): boolean {
  return isPostView(r) || (isObject(r.post) && isPostView(r.post)) || (isObject(r.thread) && ('post' in r.thread || 'notFound' in r.thread || 'blocked' in r.thread));
}

function fromView(v: z.infer<typeof PostView>, ctx: FormatContext): Post {
  // The uri names its author (a DID): the message says what it is like, not what it holds.
  if (!v.uri.includes(`/${POST}/`)) throw new RecordError(`bluesky post view: uri: expected an at://DID/${POST}/RKEY uri, found ${describeUri(v.uri)}`);
  return post(postFields(ctx, v.author.did, uriToId(ctx, v.uri), v.record, parseTime(v.indexedAt)));
}

/** A feed item: its post, and the repost that brought it, when the reason names the repost record. */
function parseFeedItem(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const item = validate(FeedViewPost, record, 'bluesky feed item');
  const original = fromView(item.post, ctx);
  // A pinned post (reasonPin), or a repost whose record the API did not name, is the post alone.
  const reason = ReasonRepost.safeParse(item.reason);
  const uri = reason.success ? reason.data.uri : undefined;
  if (!reason.success || uri === undefined) return one(original);
  const createdAt = requireTime(parseTime(reason.data.indexedAt), reason.data.indexedAt, 'reason.indexedAt');
  return { posts: [original, repost(ctx, uriToId(ctx, uri), reason.data.by.did, createdAt, item.post.uri)], skipped: 0, errors: [] };
}

/** Every post of a thread: the post, its parents and all replies; posts not found or blocked are left out. */
function parseThread(thread: unknown, ctx: FormatContext): Parsed {
  const posts: Post[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const stack: unknown[] = [thread];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (isObject(node.post) && typeof node.post.uri === 'string' && !seen.has(node.post.uri)) {
      seen.add(node.post.uri);
      try {
        posts.push(fromView(validate(PostView, node.post, 'bluesky thread post'), ctx));
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        errors.push(error.message);
      }
    }
    if (node.parent !== undefined) stack.push(node.parent);
    if (Array.isArray(node.replies)) for (const reply of node.replies) stack.push(reply);
  }
  return { posts, skipped: posts.length + errors.length === 0 ? 1 : 0, errors };
}

/** The posts of an API view (a postView, a feed item, a thread); null when the record is none. */
export function parseBlueskyView(record: Record<string, unknown>, ctx: FormatContext): Parsed | null {
  if (isPostView(record)) return one(fromView(validate(PostView, record, 'bluesky post view'), ctx));
  if (isObject(record.post) && isPostView(record.post)) return parseFeedItem(record, ctx);
  if (isObject(record.thread)) return parseThread(record.thread, ctx);
  return null;
}
