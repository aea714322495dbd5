import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { Post } from '../post';
import { anonymiseText, cleanLocation, normaliseLang } from '../text';
import { parsePythonLiteral } from './python-literal';
import { describeId, exactId, RETWEET_PREFIX, snowflakeTime, statusIdOf } from './tweet-ids';
import { twintTime } from './twint-time';
import type { FormatContext, Parsed } from './types';
import { authorOf, handleKey, isObject, mentionPseudonym, one, requireTime, validate } from './types';

/**
 * twint's tweets, as its CSV (`--csv`) and its JSON lines (`--json`) write them, one set of keys:
 * id, conversation_id, created_at, date, time, timezone, user_id, username, name, place, tweet,
 * language, mentions, …, link, retweet, quote_url, …, user_rt_id, user_rt, retweet_id, reply_to,
 * retweet_date, …. These are the columns read from its CSV; the names of accounts and the links
 * to them (username, name, link, user_rt) are not: the CSV gives every id exactly.
 */
export const TWINT_COLUMNS = ['id', 'conversation_id', 'created_at', 'timezone', 'user_id', 'place', 'tweet', 'language', 'mentions', 'retweet', 'quote_url', 'user_rt_id', 'retweet_id', 'reply_to', 'retweet_date'] as const;

/** A header of twint's CSV: its `tweet`, `conversation_id` and `user_id` columns, which no other tool writes together. */
export function isTwintHeader(names: readonly string[]): boolean {
  return names.includes('tweet') && names.includes('conversation_id') && names.includes('user_id');
}

/** A CSV row read with twint's columns: the text is under `tweet`, which other CSVs' rows never carry (their text is `text`). */
export function isTwintRow(record: Record<string, unknown>): boolean {
  return typeof record.tweet === 'string';
}

/** A line of twint's JSON: the same keys as its CSV. */
export function isTwintRecord(r: Record<string, unknown>): boolean {
  return typeof r.tweet === 'string' && 'conversation_id' in r && 'created_at' in r && !('text' in r);
}

const Id = z.union([z.string(), z.number()]).nullish();

const Tweet = z.object({
  id: z.union([z.string(), z.number()]),
  created_at: z.union([z.string(), z.number()]),
  timezone: z.union([z.string(), z.number()]).nullish(),
  user_id: Id,
  // JSON only (the CSV's are not read): a key for the author when user_id is a number past 2^53, and the tweet's exact id.
  username: z.string().nullish(),
  link: z.string().nullish(),
  place: z.unknown().optional(),
  tweet: z.string(),
  language: z.string().nullish(),
  mentions: z.unknown().optional(),
  reply_to: z.unknown().optional(),
  retweet: z.union([z.boolean(), z.string(), z.number()]).nullish(),
  retweet_id: Id,
  user_rt_id: Id,
  retweet_date: z.string().nullish(),
  quote_url: z.union([z.string(), z.number()]).nullish(),
});
type TwintTweet = z.infer<typeof Tweet>;

const TRUE = new Set(['true', '1', 'yes']);

/**
 * The handles of the accounts a tweet names, to their ids: `mentions` and `reply_to`, lists of
 * `{screen_name, name, id}` (twint 2.1.20), `{user_id, username}` or bare handles (earlier), as
 * JSON or, in the CSV, as Python writes a list. A list that cannot be read costs the ids only.
 */
function mentionIds(...lists: unknown[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const list of lists) {
    let items = list;
    if (typeof list === 'string' && list.trim().startsWith('[')) {
      try {
        items = parsePythonLiteral(list);
      } catch {
        continue;
      }
    }
    if (!Array.isArray(items)) continue;
    for (const m of items) {
      if (!isObject(m)) continue;
      const handle = m.screen_name ?? m.username;
      const id = exactId(m.id, m.user_id);
      if (typeof handle === 'string' && id) ids.set(handle.toLowerCase(), id);
    }
  }
  return ids;
}

/** The tweet's id: exact as the CSV gives it; twint's JSON gives it as a number, exact only below 2^53, and its link holds it whole. */
function tweetId(t: TwintTweet): string {
  const id = exactId(t.id) ?? statusIdOf(t.link);
  if (id === null) throw new RecordError(`twint tweet: id: expected digits, an id below 2^53 or the tweet's link, found ${describeId(t.id)}`);
  return id;
}

/** The key the author is pseudonymised by: the account id; in the JSON, where it is a number past 2^53 (not exact once read), the handle, never a rounded id. */
function authorKey(t: TwintTweet): string | null {
  return exactId(t.user_id) ?? (t.username ? handleKey(t.username) : null);
}


/**
 * What a retweet row is. twint 2.1.20 writes the retweet itself, and names the tweet it retweets
 * in `retweet_id` (and its author in `user_rt_id`); earlier versions wrote the retweeted tweet,
 * and named the retweet in `retweet_id` (and the retweeter in `user_rt_id`). A retweet comes after
 * what it retweets, so its id is the larger: the two ids tell which is which.
 */
function retweetOf(t: TwintTweet, id: string): { kind: 'none' } | { kind: 'retweet'; of: string } | { kind: 'original'; retweetId: string } {
  const flagged = t.retweet === null || t.retweet === undefined ? true : TRUE.has(String(t.retweet).trim().toLowerCase());
  const other = flagged ? exactId(t.retweet_id) : null;
  if (other === null) return { kind: 'none' };
  if (BigInt(other) === BigInt(id)) throw new RecordError("twint tweet: retweet_id: the tweet's own id; expected the id of the retweet or of the tweet retweeted");
  return BigInt(other) < BigInt(id) ? { kind: 'retweet', of: other } : { kind: 'original', retweetId: other };
}

/** One twint tweet as the Twitter v1.1 reader reads a status; a reply is not linked (twint names the thread, not the tweet answered). */
export function parseTwint(record: Record<string, unknown>, ctx: FormatContext, format = 'twint'): Parsed {
  const t = validate(Tweet, record, format === 'csv' ? 'csv twint tweet' : 'twint tweet');
  const id = tweetId(t);
  const ids = mentionIds(t.mentions, t.reply_to);
  const resolve = mentionPseudonym(ctx, 'twitter', ids);
  const rt = retweetOf(t, id);
  const common = { lang: normaliseLang(t.language), quoteOf: statusIdOf(t.quote_url) };
  if (rt.kind === 'original') return one(post({ ...retweetOfRow(t, id, rt.retweetId, ctx), ...common, text: anonymiseText(t.tweet, resolve) }, format));
  const author = authorKey(t);
  return one(
    post(
      {
        id,
        createdAt: twintTime(t.created_at, t.timezone, id, 'created_at'),
        text: anonymiseText(rt.kind === 'retweet' ? t.tweet.replace(RETWEET_PREFIX, '') : t.tweet, resolve),
        author: author ? authorOf(ctx, 'twitter', author) : null,
        isRepost: rt.kind === 'retweet',
        repostOf: rt.kind === 'retweet' ? rt.of : null,
        // twint's place is a place's name (before 2020) or the tweet's coordinates (a dict: not kept).
        placeName: typeof t.place === 'string' && !t.place.trim().startsWith('{') ? cleanLocation(t.place) : null,
        ...common,
      },
      format,
    ),
  );
}

/** The retweet of a row that holds the tweet retweeted (twint before 2020): by its retweeter, at its own time; the place is the original's. */
function retweetOfRow(t: TwintTweet, id: string, retweetId: string, ctx: FormatContext): Omit<Fields, 'text' | 'lang' | 'quoteOf'> {
  const retweeter = exactId(t.user_rt_id);
  const at = t.retweet_date ? twintTime(t.retweet_date, t.timezone, retweetId, 'retweet_date') : snowflakeTime(retweetId);
  if (at === null) throw new RecordError("twint tweet: retweet_date: missing, and the retweet's id is from before November 2010, which holds no time");
  return { id: retweetId, createdAt: requireTime(at, t.retweet_date, 'retweet_date'), author: retweeter ? authorOf(ctx, 'twitter', retweeter) : null, isRepost: true, repostOf: id, placeName: null };
}

type Fields = Pick<Post, 'id' | 'createdAt' | 'text' | 'lang' | 'author' | 'isRepost' | 'repostOf' | 'quoteOf' | 'placeName'>;

/** twint gives no country code and no profile location. */
function post(f: Fields, format: string): Post {
  return { platform: 'twitter', ...f, replyTo: null, placeCountry: null, userLocation: null, format };
}
