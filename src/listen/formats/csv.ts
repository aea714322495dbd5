import { RecordError } from '../../core/errors';
import { TWINT_COLUMNS, isTwintHeader } from './twint';

/** Header names accepted for each generic field (compared case-insensitively, ignoring spaces). */
const ALIASES: Record<string, readonly string[]> = {
  id: ['id', 'post_id', 'tweet_id', 'status_id', 'id_str'],
  text: ['text', 'content', 'body', 'message', 'full_text', 'tweet', 'tweet_text'],
  // timestamp_utc: epoch seconds, as medialab's twitwi, minet and gazouilloire write them (never their local_time).
  created_at: ['created_at', 'createdat', 'date', 'datetime', 'timestamp', 'time', 'published_at', 'timestamp_utc'],
  lang: ['lang', 'language'],
  user_location: ['user_location', 'location', 'user.location', 'author.location'],
  author_id: ['author_id', 'author.id', 'user_id', 'user.id', 'user.id_str', 'author', 'username', 'author.username', 'screen_name', 'handle', 'user'],
  platform: ['platform', 'source_platform'],
  is_repost: ['is_repost', 'is_retweet', 'retweet'],
  // twarc2's CSV (twarc-csv) names a tweet's references referenced_tweets.TYPE.id; twitwi's, retweeted_id, to_tweetid, quoted_id.
  repost_of: ['repost_of', 'retweet_of', 'retweeted_status_id', 'retweeted_status_id_str', 'referenced_tweets.retweeted.id', 'retweeted_id'],
  reply_to: ['reply_to', 'in_reply_to', 'in_reply_to_status_id', 'in_reply_to_status_id_str', 'referenced_tweets.replied_to.id', 'to_tweetid'],
  quote_of: ['quote_of', 'quoted_status_id', 'quoted_status_id_str', 'referenced_tweets.quoted.id', 'quoted_id'],
  place_country: ['place_country', 'country_code', 'place.country_code', 'geo.country_code', 'place_country_code'],
  age_band: ['age_band', 'age_range', 'age_group', 'age'],
  gender: ['gender', 'sex'],
};
const REQUIRED = ['id', 'text', 'created_at'] as const;

/**
 * The columns of a CSV of Bluesky posts, as medialab's twitwi and minet write it: a post is named
 * by its at:// uri and its author's DID, which only Bluesky's reader may turn into ids (a DID
 * names an account); `original_text` is the post's own text, without the links appended to `text`.
 */
const BLUESKY_ALIASES: Record<string, readonly string[]> = {
  uri: ['uri'],
  user_did: ['user_did', 'author_did', 'author.did'],
  text: ['original_text', 'text'],
  created_at: ['created_at', 'createdat', 'timestamp_utc'],
  lang: ['lang', 'langs'],
  reply_to_uri: ['to_post_uri'],
  quoted_uri: ['quoted_uri'],
  mentioned_user_dids: ['mentioned_user_dids'],
  mentioned_user_handles: ['mentioned_user_handles'],
};
const BLUESKY_REQUIRED = ['uri', 'user_did', 'text', 'created_at'] as const;

/** A header of Bluesky posts: a uri and an author DID, and no id column of its own. */
function isBlueskyHeader(names: readonly string[]): boolean {
  return names.includes('uri') && BLUESKY_ALIASES.user_did!.some((a) => names.includes(a)) && !ALIASES.id!.some((a) => names.includes(a));
}

/** twint's CSV: its own columns, read by its own reader (twint.ts), which never reads the handles and names it holds. */
const TWINT_ALIASES: Record<string, readonly string[]> = Object.fromEntries(TWINT_COLUMNS.map((c) => [c, [c]]));
const TWINT_REQUIRED = ['id', 'tweet', 'created_at'] as const;

/** The fields whose empty cell is kept as an empty text: a post's text. */
const KEEP_EMPTY = new Set(['text', 'tweet']);

/**
 * Fields to columns; `platform`, when set, is the platform of every row that names none (a header
 * only tools of one platform write).
 */
export type CsvMapping = ReadonlyArray<readonly [field: string, column: number]> & { readonly platform?: string };

/**
 * Columns only tweets have, as twarc2's CSV (twarc-csv), twitwi, minet, gazouilloire and exports of
 * the v1.1 API name them: a CSV with one of them holds tweets, whatever --platform says for posts
 * that carry no platform.
 */
const TWITTER_ONLY = /^(?:referenced_tweets\..*|__twarc\..*|(?:in_reply_to|retweeted|quoted)_status_id(?:_str)?|tweet_id|to_tweetid|to_userid|retweeted_id|retweeted_user_id|quoted_user_id|user_screen_name|retweet_count|favorite_count)$/;

function platformOf(names: readonly string[]): string | undefined {
  if (ALIASES.platform!.some((a) => names.includes(a))) return undefined;
  return names.some((n) => TWITTER_ONLY.test(n)) ? 'twitter' : undefined;
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * Maps header columns to generic fields; a header without id, text and created_at is refused. A
 * header of Bluesky posts (uri and user_did, no id) maps to Bluesky's columns instead, and
 * twint's header (tweet, conversation_id, user_id) to twint's.
 */
export function csvHeaderMapping(header: readonly string[], where: string): CsvMapping {
  const names = header.map(normalise);
  const [aliases, required]: [Record<string, readonly string[]>, readonly string[]] = isBlueskyHeader(names)
    ? [BLUESKY_ALIASES, BLUESKY_REQUIRED]
    : isTwintHeader(names)
      ? [TWINT_ALIASES, TWINT_REQUIRED]
      : [ALIASES, REQUIRED];
  const mapping: [string, number][] = [];
  for (const [field, accepted] of Object.entries(aliases)) {
    const column = accepted.map((a) => names.indexOf(a)).find((i) => i >= 0);
    if (column !== undefined) mapping.push([field, column]);
  }
  const missing = required.filter((f) => !mapping.some(([m]) => m === f));
  if (missing.length > 0) {
    const wanted = missing
      .map((f) => {
        const others = aliases[f]!.filter((a) => a !== f).slice(0, 3);
        return others.length > 0 ? `${f} (or ${others.join(', ')})` : f;
      })
      .join('; ');
    throw new RecordError(`${where}: the CSV header has no ${wanted} column; found: ${header.slice(0, 12).join(', ')}`);
  }
  const platform = aliases === ALIASES ? platformOf(names) : undefined;
  return platform ? Object.assign(mapping, { platform }) : mapping;
}

const TRUE = new Set(['1', 'true', 'yes', 't', 'y']);

/** One CSV row as a generic record; empty cells are absent, not empty strings. */
export function csvRowToRecord(fields: readonly string[], mapping: CsvMapping, columns: number): Record<string, unknown> {
  if (fields.length !== columns) {
    throw new RecordError(`expected ${columns} columns as in the header, found ${fields.length}`);
  }
  const record: Record<string, unknown> = {};
  for (const [field, column] of mapping) {
    const value = fields[column]!;
    if (value === '' && !KEEP_EMPTY.has(field)) continue;
    record[field] = field === 'is_repost' ? TRUE.has(value.trim().toLowerCase()) : value;
  }
  if (mapping.platform !== undefined) record.platform = mapping.platform;
  return record;
}
