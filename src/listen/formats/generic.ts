import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { AgeBand, Gender } from '../audience/normalise';
import { parseAgeBand, parseGender } from '../audience/normalise';
import { anonymiseText, cleanLocation, normaliseLang, parseTime } from '../text';
import { postRef } from './post-ref';
import type { FormatContext, Parsed } from './types';
import { authorOf, handleKey, idString, mentionPseudonym, one, PLATFORM_PATTERN, requireTime, validate } from './types';

const optionalId = idString.nullish();

/** Generic post record: `id, text, created_at, lang?, user_location?, author_id?` (plus optional links). */
export const GenericRecord = z.object({
  id: idString,
  text: z.string(),
  created_at: z.union([z.string(), z.number()]),
  lang: z.string().nullish(),
  user_location: z.string().nullish(),
  author_id: optionalId,
  platform: z
    .string()
    .regex(PLATFORM_PATTERN, 'expected a lower-case platform name')
    .nullish(),
  is_repost: z.boolean().nullish(),
  repost_of: optionalId,
  reply_to: optionalId,
  quote_of: optionalId,
  place_country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code')
    .nullish(),
  /** The author's age band (or age, kept only as its band) and gender, as aggregate exports carry them. */
  age_band: z.union([z.string(), z.number()]).nullish(),
  age: z.union([z.string(), z.number()]).nullish(),
  gender: z.string().nullish(),
});

type GenericFields = z.infer<typeof GenericRecord>;

/**
 * The record as `GenericRecord` would give it back, when it has the plain shape most inputs
 * have — `id` (a non-empty string), `text`, `created_at`, and optionally `lang`,
 * `user_location`, `author_id` and the repost, reply and quote links, nothing else — without
 * running the schema (~3.5 µs a record, a tenth of classifying one). Anything else (other keys,
 * number ids, wrong types): null, and the schema decides, with its error messages. A property
 * test holds the two to the same answers.
 */
export function plainGeneric(record: Record<string, unknown>): GenericFields | null {
  for (const key in record) {
    const v = record[key];
    switch (key) {
      case 'id':
        if (typeof v !== 'string' || v.length === 0) return null;
        break;
      case 'text':
        if (typeof v !== 'string') return null;
        break;
      case 'created_at':
        if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) return null;
        break;
      case 'lang':
      case 'user_location':
        if (v !== null && typeof v !== 'string') return null;
        break;
      case 'author_id':
      case 'repost_of':
      case 'reply_to':
      case 'quote_of':
        if (v !== null && (typeof v !== 'string' || v.length === 0)) return null;
        break;
      case 'is_repost':
        if (v !== null && typeof v !== 'boolean') return null;
        break;
      default:
        return null;
    }
  }
  if (typeof record.id !== 'string' || typeof record.text !== 'string' || record.created_at === undefined) return null;
  return record as GenericFields;
}

/** The audience fields of a record, normalised (see `parseAgeBand`, `parseGender`); a bad value is a bad record. */
function audienceOf(r: { age_band?: string | number | null; age?: string | number | null; gender?: string | null }): { ageBand: AgeBand | null; gender: Gender | null } {
  const ageBand = parseAgeBand(r.age_band ?? r.age);
  const gender = parseGender(r.gender);
  if (ageBand !== null && typeof ageBand === 'object') throw new RecordError(ageBand.error);
  if (gender !== null && typeof gender === 'object') throw new RecordError(gender.error);
  return { ageBand, gender };
}

/** Account key for generic inputs: numeric ids as they are, anything else as a handle. */
export function genericAuthorKey(author: string): string {
  return /^\d+$/.test(author) ? author : handleKey(author);
}

export function parseGeneric(record: Record<string, unknown>, ctx: FormatContext, format = 'generic'): Parsed {
  const r = plainGeneric(record) ?? validate(GenericRecord, record, `${format} post`);
  const platform = r.platform ?? ctx.platform;
  const author = r.author_id ? authorOf(ctx, platform, genericAuthorKey(r.author_id)) : null;
  return one({
    platform,
    id: postRef(ctx, platform, r.id),
    createdAt: requireTime(parseTime(r.created_at), r.created_at, 'created_at'),
    text: anonymiseText(r.text, mentionPseudonym(ctx, platform)),
    lang: normaliseLang(r.lang),
    author,
    // A record that names the post it reposts is a repost, whether or not it says so too.
    isRepost: r.is_repost ?? r.repost_of != null,
    repostOf: r.repost_of != null ? postRef(ctx, platform, r.repost_of) : null,
    replyTo: r.reply_to != null ? postRef(ctx, platform, r.reply_to) : null,
    quoteOf: r.quote_of != null ? postRef(ctx, platform, r.quote_of) : null,
    placeName: null,
    placeCountry: r.place_country ? r.place_country.toUpperCase() : null,
    userLocation: cleanLocation(r.user_location),
    format,
    ...audienceOf(r),
  });
}
