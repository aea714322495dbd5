import { z } from 'zod';
import { describeError } from '../../core/errors';
import type { Post } from '../post';
import { anonymiseText, cleanLocation, normaliseLang, parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, authorOf, isObject, mentionPseudonym, requireTime, validate } from './types';
import { isNoticeError } from './api-errors';

const Tweet = z.object({
  id: z.string().min(1),
  text: z.string(),
  created_at: z.string({ error: 'missing: request tweet.fields=created_at' }),
  author_id: z.string().optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).optional(),
  // Flattened tweets (twarc2 flatten) carry each referenced tweet whole: its text too.
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string(), text: z.string().optional(), note_tweet: z.object({ text: z.string() }).optional() })).optional(),
  // twarc2 flatten merges the place into geo (geo.full_name, geo.country_code); other tools nest it as geo.place.
  geo: z
    .object({
      place_id: z.string().optional(),
      full_name: z.string().nullish(),
      country_code: z.string().nullish(),
      place: z.object({ full_name: z.string().nullish(), country_code: z.string().nullish() }).optional(),
    })
    .optional(),
  // Flattened tweets (as twarc2 writes them) carry the author and the place inline.
  author: z.object({ location: z.string().nullish() }).optional(),
  entities: z.object({ mentions: z.array(z.object({ username: z.string(), id: z.string().optional() })).optional() }).optional(),
});
type V2Tweet = z.infer<typeof Tweet>;

const Includes = z
  .object({
    users: z.array(z.object({ id: z.string(), location: z.string().nullish() })).optional(),
    places: z.array(z.object({ id: z.string(), full_name: z.string().nullish(), country_code: z.string().nullish() })).optional(),
    tweets: z.array(z.object({ id: z.string(), text: z.string(), note_tweet: z.object({ text: z.string() }).optional() })).optional(),
  })
  .optional();
type V2Includes = NonNullable<z.infer<typeof Includes>>;

const Response = z.object({ data: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(), includes: Includes });

interface Lookups {
  readonly locations: Map<string, string | null | undefined>;
  readonly places: Map<string, { full_name?: string | null; country_code?: string | null }>;
  readonly texts: Map<string, string>;
}

function lookups(includes: V2Includes | undefined): Lookups {
  return {
    locations: new Map((includes?.users ?? []).map((u) => [u.id, u.location])),
    places: new Map((includes?.places ?? []).map((p) => [p.id, p])),
    texts: new Map((includes?.tweets ?? []).map((t) => [t.id, t.note_tweet?.text ?? t.text])),
  };
}

function refOf(t: V2Tweet, type: string): string | null {
  return t.referenced_tweets?.find((r) => r.type === type)?.id ?? null;
}

function toPost(t: V2Tweet, ctx: FormatContext, look: Lookups): Post {
  const repostOf = refOf(t, 'retweeted');
  const ids = new Map((t.entities?.mentions ?? []).filter((m) => m.id).map((m) => [m.username.toLowerCase(), m.id!]));
  // A v2 retweet's own text is cut short ("RT @x: …"); the original's full text is in includes, or in a flattened tweet's reference.
  const original = t.referenced_tweets?.find((r) => r.type === 'retweeted');
  const text = (repostOf ? (look.texts.get(repostOf) ?? original?.note_tweet?.text ?? original?.text) : undefined) ?? t.note_tweet?.text ?? t.text;
  const merged = t.geo?.full_name || t.geo?.country_code ? t.geo : undefined;
  const place = t.geo?.place ?? merged ?? (t.geo?.place_id ? look.places.get(t.geo.place_id) : undefined);
  return {
    platform: 'twitter',
    id: t.id,
    createdAt: requireTime(parseTime(t.created_at), t.created_at, 'created_at'),
    text: anonymiseText(text, mentionPseudonym(ctx, 'twitter', ids)),
    lang: normaliseLang(t.lang),
    author: t.author_id ? authorOf(ctx, 'twitter', t.author_id) : null,
    isRepost: repostOf !== null,
    repostOf,
    replyTo: refOf(t, 'replied_to'),
    quoteOf: refOf(t, 'quoted'),
    placeName: cleanLocation(place?.full_name),
    placeCountry: place?.country_code ? place.country_code.toUpperCase() : null,
    userLocation: cleanLocation(t.author?.location ?? (t.author_id ? look.locations.get(t.author_id) : null)),
    format: 'twitter-v2',
  };
}

/**
 * A v2 response without `data`: a page holding only `meta` (a timeline's last page, a search
 * without results), or only notices (tweets not found or not shown, a stream's disconnection).
 */
export function isTwitterV2EmptyPage(r: Record<string, unknown>): boolean {
  if ('data' in r) return false;
  if (isObject(r.meta)) return 'result_count' in r.meta || 'next_token' in r.meta || 'newest_id' in r.meta;
  return Array.isArray(r.errors) && r.errors.length > 0 && r.errors.every(isNoticeError);
}

/**
 * A Twitter API v2 response (`data` with `includes.users/places/tweets`), or one v2 tweet object.
 * A bad tweet in a page is reported alone; the page's other tweets are kept.
 */
export function parseTwitterV2(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  const isResponse = 'data' in record || 'includes' in record || 'meta' in record || 'errors' in record;
  const response = isResponse ? validate(Response, record, 'twitter-v2 response') : { data: record, includes: undefined };
  const data = response.data === undefined ? [] : Array.isArray(response.data) ? response.data : [response.data];
  // A page without tweets (the last page of a timeline, a search without results, tweets not found): skipped, not bad.
  if (data.length === 0) return SKIP;
  const look = lookups(response.includes);
  const posts: Post[] = [];
  const errors: string[] = [];
  data.forEach((item, i) => {
    try {
      posts.push(toPost(validate(Tweet, item, isResponse ? `twitter-v2 data[${i}]` : 'twitter-v2 tweet'), ctx, look));
    } catch (error) {
      errors.push(describeError(error));
    }
  });
  return { posts, skipped: 0, errors };
}
