import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { anonymiseText, cleanLocation, normaliseLang, parseTime } from '../text';
import { describeId, exactId, isStatusLink, RETWEET_PREFIX, statusIdOf } from './tweet-ids';
import type { FormatContext, Parsed } from './types';
import { SKIP, authorOf, describeValue, handleKey, isObject, mentionPseudonym, one, requireTime, validate } from './types';

/**
 * snscrape's tweets (`snscrape --jsonl twitter-search …`): `_type` names the class of each line.
 * Versions before 0.4 wrote no `_type`; a tweet is then known by its link, date, content and user.
 */
const TWITTER_MODULE = 'snscrape.modules.twitter.';
const TWEET_TYPE = `${TWITTER_MODULE}Tweet`;

export function isSnscrapeRecord(r: Record<string, unknown>): boolean {
  if (typeof r._type === 'string') return r._type.startsWith(TWITTER_MODULE);
  return isStatusLink(r.url) && typeof r.date === 'string' && (typeof r.rawContent === 'string' || typeof r.content === 'string') && isObject(r.user) && typeof r.user.username === 'string';
}

const Id = z.union([z.string(), z.number()]).nullish();

/** An account as snscrape writes it (User, or UserRef with an id alone): only its id, handle and public location are read. */
const User = z.object({
  username: z.string().nullish(),
  id: Id,
  'id.str': z.string().nullish(),
  location: z.string().nullish(),
});
type SnscrapeUser = z.infer<typeof User>;

const TextFields = {
  rawContent: z.string().nullish(),
  content: z.string().nullish(),
  renderedContent: z.string().nullish(),
  mentionedUsers: z.array(User).nullish(),
};

/** A tweet nested in another (retweeted, quoted): a Tweet, or a TweetRef or Tombstone that holds its id alone. */
const Nested = z.object({ url: z.string().nullish(), id: Id, 'id.str': z.string().nullish(), id_str: z.string().nullish(), ...TextFields });
type NestedTweet = z.infer<typeof Nested>;

const Tweet = z.object({
  url: z.string().nullish(),
  date: z.string(),
  id: Id,
  'id.str': z.string().nullish(),
  id_str: z.string().nullish(),
  user: User,
  lang: z.string().nullish(),
  inReplyToTweetId: Id,
  'inReplyToTweetId.str': z.string().nullish(),
  inReplyToUser: User.nullish(),
  retweetedTweet: Nested.nullish(),
  quotedTweet: Nested.nullish(),
  place: z.object({ fullName: z.string().nullish(), countryCode: z.string().nullish() }).nullish(),
  ...TextFields,
});

/** A tweet's id: from its link, which holds it exactly, then from `id.str` (`--jsonl-for-buggy-int-parser`), `id_str` or an exact `id`. */
function tweetId(t: NestedTweet): string | null {
  return statusIdOf(t.url) ?? exactId(t['id.str'], t.id_str, t.id);
}

/**
 * The key an account is pseudonymised by: its id, as every Twitter reader keys accounts; where
 * snscrape gives the id only as a number past 2^53, which is not exact once read, its handle
 * (`handle:NAME`, as a mention is keyed when its id is unknown), never a rounded id that may be
 * another account's.
 */
function accountKey(u: SnscrapeUser): string | null {
  const id = exactId(u['id.str'], u.id);
  if (id) return id;
  return u.username ? handleKey(u.username) : null;
}

function textOf(t: NestedTweet): string | null {
  return t.rawContent ?? t.content ?? t.renderedContent ?? null;
}


/** One snscrape tweet as the Twitter v1.1 reader reads a status: a retweet as its original's text, links to the tweets it answers, retweets and quotes. */
export function parseSnscrape(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  // Accounts (`--with-entity`), tweets that could not be read (TweetRef, Tombstone), trends: not posts.
  if (typeof record._type === 'string' && record._type !== TWEET_TYPE) {
    if (record._type.startsWith(TWITTER_MODULE)) return SKIP;
    // A dotted class name (snscrape.modules.…) is quoted back; anything else, a handle perhaps, is only described.
    const found = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(record._type) && record._type.length <= 80 ? JSON.stringify(record._type) : describeValue(record._type);
    throw new RecordError(`snscrape tweet: _type: expected ${TWEET_TYPE}, found ${found}`);
  }
  const t = validate(Tweet, record, 'snscrape tweet');
  const id = tweetId(t);
  if (id === null) throw new RecordError(`snscrape tweet: id: expected a link to the tweet in url, id.str or an id below 2^53, found ${describeId(t.id)}`);
  const rt = t.retweetedTweet ?? null;
  const keys = new Map<string, string>();
  for (const u of [t.inReplyToUser, ...(t.mentionedUsers ?? []), ...(rt?.mentionedUsers ?? [])]) {
    const key = u?.username ? accountKey(u) : null;
    if (key) keys.set(u!.username!.toLowerCase(), key);
  }
  const own = textOf(t) ?? '';
  const text = (rt ? textOf(rt) : null) ?? (rt ? own.replace(RETWEET_PREFIX, '') : own);
  const author = accountKey(t.user);
  return one({
    platform: 'twitter',
    id,
    createdAt: requireTime(parseTime(t.date), t.date, 'date'),
    text: anonymiseText(text, mentionPseudonym(ctx, 'twitter', keys)),
    lang: normaliseLang(t.lang),
    author: author ? authorOf(ctx, 'twitter', author) : null,
    isRepost: rt !== null,
    repostOf: rt ? tweetId(rt) : null,
    // A reply's parent given only as a number past 2^53 is not exact: the link is left out, not the tweet.
    replyTo: exactId(t['inReplyToTweetId.str'], t.inReplyToTweetId),
    quoteOf: t.quotedTweet ? tweetId(t.quotedTweet) : null,
    placeName: cleanLocation(t.place?.fullName),
    placeCountry: t.place?.countryCode ? t.place.countryCode.toUpperCase() : null,
    userLocation: cleanLocation(t.user.location),
    format: 'snscrape',
  });
}
