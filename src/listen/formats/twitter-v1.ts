import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { anonymiseText, cleanLocation, normaliseLang, parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { RETWEET_PREFIX } from './tweet-ids';
import { SKIP, authorOf, isObject, mentionPseudonym, one, requireTime, validate } from './types';

const Mentions = z
  .object({ user_mentions: z.array(z.object({ screen_name: z.string(), id_str: z.string().nullish() })).nullish() })
  .nullish();

const StatusFields = {
  id_str: z.string().optional(),
  id: z.number().optional(),
  created_at: z.string(),
  timestamp_ms: z.string().optional(),
  text: z.string().optional(),
  full_text: z.string().optional(),
  extended_tweet: z.object({ full_text: z.string(), entities: Mentions }).nullish(),
  lang: z.string().nullish(),
  user: z.object({ id_str: z.string().optional(), id: z.number().optional(), location: z.string().nullish() }),
  place: z.object({ full_name: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
  entities: Mentions,
  in_reply_to_status_id_str: z.string().nullish(),
  quoted_status_id_str: z.string().nullish(),
};
const Original = z.object(StatusFields);
const Status = z.object({ ...StatusFields, retweeted_status: Original.nullish() });
type OriginalStatus = z.infer<typeof Original>;

/** Stream messages that are not statuses: deletions, limits, withheld notices, warnings. */
const CONTROL_KEYS = ['delete', 'limit', 'scrub_geo', 'status_withheld', 'user_withheld', 'disconnect', 'warning'];

/** A v1.1 streaming control message: one object-valued control key, and no status fields. */
export function isTwitterV1Control(record: Record<string, unknown>): boolean {
  if ('user' in record || 'text' in record) return false;
  const keys = Object.keys(record);
  return keys.length === 1 && CONTROL_KEYS.includes(keys[0]!) && typeof record[keys[0]!] === 'object' && record[keys[0]!] !== null;
}

/** Twitter's numeric ids pass 2^53, so only id_str is exact; a bare `id` is used only while it is. */
function exactId(idStr: string | undefined, id: number | undefined, field: string): string {
  if (idStr) return idStr;
  if (id !== undefined && Number.isSafeInteger(id)) return String(id);
  throw new RecordError(`twitter-v1 status: ${field}: expected id_str (or an id below 2^53), found ${id === undefined ? 'none' : `a number of ${String(Math.trunc(Math.abs(id))).length} digits`}`);
}

function fullText(s: OriginalStatus): string {
  return s.extended_tweet?.full_text ?? s.full_text ?? s.text ?? '';
}

function mentionIds(statuses: readonly { entities?: z.infer<typeof Mentions>; extended_tweet?: OriginalStatus['extended_tweet'] }[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const s of statuses) {
    for (const m of [...(s.entities?.user_mentions ?? []), ...(s.extended_tweet?.entities?.user_mentions ?? [])]) {
      if (m.id_str) ids.set(m.screen_name.toLowerCase(), m.id_str);
    }
  }
  return ids;
}

/**
 * A tweet of a Twitter archive's data/tweets.js: `{"tweet": {…}}`, or (archives before 2020) the
 * tweet itself, which has `display_text_range` as API statuses do but no `user`: every tweet of an
 * archive is its owner's, and the archive names the owner elsewhere (account.js).
 */
export function isArchiveTweet(record: Record<string, unknown>): boolean {
  if (isObject(record.tweet) && Object.keys(record).length === 1) return true;
  return !('user' in record) && 'display_text_range' in record && 'id_str' in record && 'created_at' in record;
}

const ArchiveTweet = z.object({
  id_str: z.string().min(1),
  created_at: z.string(),
  full_text: z.string().optional(),
  text: z.string().optional(),
  lang: z.string().nullish(),
  entities: Mentions,
  in_reply_to_status_id_str: z.string().nullish(),
});


/** An archived tweet; its author is the archive's owner, whom the tweet does not name: null. */
function parseArchiveTweet(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const t = validate(ArchiveTweet, isObject(record.tweet) ? record.tweet : record, 'twitter archive tweet');
  const ids = mentionIds([t]);
  const full = t.full_text ?? t.text ?? '';
  const isRepost = RETWEET_PREFIX.test(full);
  return one({
    platform: 'twitter',
    id: t.id_str,
    createdAt: requireTime(parseTime(t.created_at), t.created_at, 'created_at'),
    text: anonymiseText(isRepost ? full.replace(RETWEET_PREFIX, '') : full, mentionPseudonym(ctx, 'twitter', ids)),
    lang: normaliseLang(t.lang),
    author: null,
    isRepost,
    repostOf: null,
    replyTo: t.in_reply_to_status_id_str ?? null,
    quoteOf: null,
    placeName: null,
    placeCountry: null,
    userLocation: null,
    format: 'twitter-v1',
  });
}

/** A Twitter API v1.1 status (REST or streaming), retweets and extended tweets included, or a tweet of a Twitter archive. */
export function parseTwitterV1(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  if (isTwitterV1Control(record)) return SKIP;
  if (isArchiveTweet(record)) return parseArchiveTweet(record, ctx);
  const s = validate(Status, record, 'twitter-v1 status');
  const rt = s.retweeted_status ?? null;
  const content = rt ?? s;
  const ids = mentionIds(rt ? [s, rt] : [s]);
  const resolve = mentionPseudonym(ctx, 'twitter', ids);
  const created = s.timestamp_ms ? Number(s.timestamp_ms) : parseTime(s.created_at);
  return one({
    platform: 'twitter',
    id: exactId(s.id_str, s.id, 'id_str'),
    createdAt: requireTime(created, s.created_at, 'created_at'),
    text: anonymiseText(fullText(content), resolve),
    lang: normaliseLang(s.lang),
    author: authorOf(ctx, 'twitter', exactId(s.user.id_str, s.user.id, 'user.id_str')),
    isRepost: rt !== null,
    repostOf: rt ? exactId(rt.id_str, rt.id, 'retweeted_status.id_str') : null,
    replyTo: s.in_reply_to_status_id_str ?? null,
    quoteOf: s.quoted_status_id_str ?? null,
    placeName: cleanLocation(s.place?.full_name),
    placeCountry: s.place?.country_code ? s.place.country_code.toUpperCase() : null,
    userLocation: cleanLocation(s.user.location),
    format: 'twitter-v1',
  });
}
