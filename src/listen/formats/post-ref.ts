import { postId, uriToId } from './bluesky-records';
import type { FormatContext } from './types';

/** The common case, taken as it is: letters, digits and `_ . : -` (ids of every platform's API), but a DID. */
const PLAIN = /^[\w.:-]+$/;
const DID = /^did:/i;
/** Ids as the readers store them: a Mastodon status's "server/number", a Bluesky post's "author pseudonym/record key". */
const MASTODON_ID = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/\d+$/i;
const BLUESKY_ID = /^[0-9a-f]{16,64}\/[\w.~-]+$/;
/** A status on Twitter or X: twitter.com/NAME/status/ID (also /statuses/, i/web/status, mobile., m., www.; with or without https://). */
const TWITTER = /^(?:https?:\/\/)?(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com\/(?:[^/?#]+\/status(?:es)?|i\/web\/status)\/(\d+)(?:[/?#]|$)/i;
/** A post on bsky.app named by its author's DID: bsky.app/profile/did:plc:…/post/RKEY. */
const BLUESKY = /^(?:https?:\/\/)?bsky\.app\/profile\/(did:[a-z]+:[^/?#]+)\/post\/([^/?#]+)(?:[?#]|$)/i;
/** A status on the Mastodon server it was written on: HOST/@NAME/ID or HOST/users/NAME/statuses/ID (a remote account's, @NAME@OTHER, is a copy). */
const MASTODON = /^(?:https?:\/\/)?([^/?#@]+\.[^/?#@]+)\/(?:@[^/?#@]+|users\/[^/?#]+\/statuses)\/(\d+)(?:[/?#]|$)/i;

/**
 * A post's id, or the id of the post a record replies to, reposts or quotes, as a generic record
 * or a CSV column gives it. An id is kept as it is; a post's address is turned into the id the
 * platform's own reader stores (a tweet's number, a Bluesky post's DID pseudonym and record key,
 * a Mastodon status's "server/number"), so that links meet the posts they name. Anything else —
 * an address on another site, an @handle, a DID, a tool's list of users — may name an account,
 * and is kept as its pseudonym: the same value gives the same id, so a post and the links to it
 * still meet, and nothing of it is stored in clear.
 */
export function postRef(ctx: FormatContext, platform: string, value: string): string {
  if (PLAIN.test(value) && !DID.test(value)) return value;
  if (MASTODON_ID.test(value) || BLUESKY_ID.test(value)) return value;
  if (/^at:\/\/did:/i.test(value)) {
    try {
      return uriToId(ctx, value);
    } catch {
      // An at:// URI of another shape: its pseudonym, below.
    }
  }
  const twitter = TWITTER.exec(value);
  if (twitter) return twitter[1]!;
  const bluesky = BLUESKY.exec(value);
  if (bluesky) return postId(ctx, bluesky[1]!, bluesky[2]!);
  const mastodon = MASTODON.exec(value);
  if (mastodon) return `${mastodon[1]!.toLowerCase()}/${mastodon[2]}`;
  return ctx.pseudonym(platform, `ref:${value}`);
}
