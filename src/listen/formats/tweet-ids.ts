/**
 * Tweet ids as scraping tools write them. Their JSON gives ids as numbers, which pass 2^53 (every
 * tweet since 2012) and are then not exact once read; the tweet's link holds the exact id.
 */

// twitter.com/NAME/status/ID, x.com, mobile.twitter.com, twitter.com/i/web/status/ID, …/statuses/ID.
const STATUS_LINK = /^https?:\/\/(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com\/(?:[^/?#\s]+\/)*status(?:es)?\/(\d+)/i;

/** The status id of a link to a tweet; null when the value is no such link. */
export function statusIdOf(url: unknown): string | null {
  return typeof url === 'string' ? (STATUS_LINK.exec(url)?.[1] ?? null) : null;
}

/** Whether a value is a link to a tweet. */
export function isStatusLink(url: unknown): boolean {
  return statusIdOf(url) !== null;
}

/** The first candidate that is an exact id: digits, or a whole number below 2^53; null when none is. */
export function exactId(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    if (typeof c === 'string' && /^\d+$/.test(c)) return c;
    if (typeof c === 'number' && Number.isSafeInteger(c) && c >= 0) return String(c);
  }
  return null;
}

/** What an id that is not exact is like, for an error message: its kind and length, never its digits. */
export function describeId(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'number') return `a number of ${String(Math.trunc(Math.abs(value))).length} digits (past 2^53, not exact in JSON)`;
  return typeof value === 'string' ? `a text of ${value.length} characters` : typeof value;
}

/** A retweet's own text as Twitter and its archives write it: "RT @handle: " and the original's text, cut short. */
export const RETWEET_PREFIX = /^RT @\w{1,15}: /;

/** Twitter's epoch for snowflake ids (4 November 2010); the id's bits above the 22nd count milliseconds since it. */
const TWITTER_EPOCH = 1288834974657n;

/**
 * The creation time a tweet id holds, to the second (as Twitter's own times give it); null for an
 * id from before snowflake ids (November 2010: those were below 3·10^10, every snowflake id since
 * has 13 digits or more).
 */
export function snowflakeTime(id: string): number | null {
  if (!/^\d{13,20}$/.test(id)) return null;
  const ms = Number((BigInt(id) >> 22n) + TWITTER_EPOCH);
  return Math.floor(ms / 1000) * 1000;
}
