import { RecordError } from '../../core/errors';
import { postId, uriToId } from './bluesky-records';
import type { FormatContext } from './types';
import { describeUri } from './types';

/** The common case, taken as it is: letters, digits and `_ . : -` (ids of every platform's API). */
const PLAIN = /^[\w.:-]+$/;
/** A status on Twitter or X: https://twitter.com/NAME/status/ID (also /statuses/, mobile., www.). */
const TWITTER = /^https?:\/\/(?:(?:www|mobile)\.)?(?:twitter|x)\.com\/(?:[^/?#]+\/status(?:es)?|i\/web\/status)\/(\d+)(?:[/?#]|$)/i;
/** A post on bsky.app named by its author's DID: https://bsky.app/profile/did:plc:…/post/RKEY. */
const BLUESKY = /^https?:\/\/bsky\.app\/profile\/(did:[a-z]+:[^/?#]+)\/post\/([^/?#]+)(?:[?#]|$)/i;
/** A status on a Mastodon server: https://HOST/@NAME/ID or https://HOST/users/NAME/statuses/ID. */
const MASTODON = /^https?:\/\/([^/?#@]+)\/(?:@[^/?#]+|users\/[^/?#]+\/statuses)\/(\d+)(?:[/?#]|$)/i;
/** What a post id is never made of: blanks, quotes, brackets, separators, or an account's @. */
const NOT_AN_ID = /[\s"'[\]{}<>,;@]/;

/**
 * A post's id, or the id of the post a record replies to, reposts or quotes, as a generic record
 * or a CSV column gives it. Ids are kept as they are; a post's address is turned into the id the
 * platform's own reader stores (a tweet's number, a Bluesky post's DID pseudonym and record key, a
 * Mastodon status's "server/number"). Anything that names an account — an @handle, an address
 * whose account part cannot be left out, a list of users as some tools export in `reply_to` — is
 * a RecordError that says what the value is like, never what it holds: such values are not
 * stored, since the store keeps no account name in clear.
 */
export function postRef(ctx: FormatContext, value: string, field: string): string {
  if (PLAIN.test(value)) return value;
  const expected = `${field}: expected ${field === 'id' ? "the post's id" : 'the id of a post'} or its address on Twitter/X, Mastodon or Bluesky (bsky.app/profile/did:…)`;
  if (/^at:\/\//i.test(value)) return uriToId(ctx, value);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const twitter = TWITTER.exec(value);
    if (twitter) return twitter[1]!;
    const bluesky = BLUESKY.exec(value);
    if (bluesky) return postId(ctx, bluesky[1]!, bluesky[2]!);
    const mastodon = MASTODON.exec(value);
    if (mastodon) return `${mastodon[1]!.toLowerCase()}/${mastodon[2]}`;
    throw new RecordError(`${expected}, found ${describeUri(value)} that is neither (it may name an account, and is not stored)`);
  }
  if (value.startsWith('@')) throw new RecordError(`${expected}, found an @handle of ${value.length} characters (an account, not a post; not stored)`);
  if (NOT_AN_ID.test(value)) throw new RecordError(`${expected}, found a text of ${value.length} characters with blanks, quotes, brackets or an @ (a list of accounts, perhaps; not stored)`);
  return value;
}
