import { z } from 'zod';
import { RecordError } from '../../core/errors';
import type { Post } from '../post';

export const FORMAT_NAMES = ['generic', 'csv', 'twitter-v1', 'twitter-v2', 'bluesky', 'mastodon', 'snscrape', 'twint'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface FormatContext {
  /** Keyed pseudonym of an account identifier within a platform. */
  readonly pseudonym: (platform: string, value: string) => string;
  /**
   * The post's author as kept: its pseudonym, or null where posts are classified and not kept
   * (classify, report), which then never pseudonymise authors at all. Absent: `pseudonym`.
   */
  readonly author?: (platform: string, value: string) => string | null;
  /** Platform name for generic and CSV inputs that do not carry one. */
  readonly platform: string;
}

/**
 * The context that pseudonymises with `pseudonymiser`; `platform` names generic and CSV posts.
 * `authors: false` leaves every post's author null (nothing downstream reads it).
 */
export function formatContext(pseudonymiser: { pseudonym(platform: string, value: string): string }, platform: string, authors = true): FormatContext {
  const pseudonym = (p: string, v: string): string => pseudonymiser.pseudonym(p, v);
  return { pseudonym, author: authors ? pseudonym : () => null, platform };
}

/** The author of a post as the context keeps it (see `FormatContext.author`). */
export function authorOf(ctx: FormatContext, platform: string, value: string): string | null {
  return ctx.author ? ctx.author(platform, value) : ctx.pseudonym(platform, value);
}

/** The key an account known only by its handle is pseudonymised by: "@Alice" and "alice" alike. */
export function handleKey(handle: string): string {
  return `handle:${handle.replace(/^@/, '').toLowerCase()}`;
}

const NO_IDS: ReadonlyMap<string, string> = new Map();

/**
 * How a post's text names the accounts it mentions (for `anonymiseText`): the pseudonym of the
 * account's id where the post gives it (`ids`, by lower-case handle), else of its handle.
 */
export function mentionPseudonym(ctx: FormatContext, platform: string, ids: ReadonlyMap<string, string> = NO_IDS): (handle: string) => string {
  return (h) => ctx.pseudonym(platform, ids.get(h) ?? `handle:${h}`);
}

/** What one input record yields: posts, records deliberately not kept, and per-item errors. */
export interface Parsed {
  readonly posts: readonly Post[];
  /** Records that are valid but not posts to keep (deletions, likes, non-public statuses). */
  readonly skipped: number;
  /** Items inside the record that were bad (one tweet of a 100-tweet API page, say). */
  readonly errors: readonly string[];
}

export type RecordParser = (record: Record<string, unknown>, ctx: FormatContext) => Parsed;

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const SKIP: Parsed = { posts: [], skipped: 1, errors: [] };

export function one(post: Post): Parsed {
  return { posts: [post], skipped: 0, errors: [] };
}

/** Validates at the edge; the error names the format, the field and what was found. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(record)';
  // A field left out is said so, rather than as the schema's generic "Invalid input".
  const found = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  if (issue.path.length > 0 && found === undefined && issue.message.startsWith('Invalid input')) throw new RecordError(`${what}: ${path}: missing`);
  // A union's bare "Invalid input" says neither what was wanted nor what came: the kinds it takes, and the kind found.
  if (issue.message === 'Invalid input' && issue.code === 'invalid_union') {
    const kinds = [...new Set(issue.errors.flat().map((e) => (e.code === 'invalid_type' ? e.expected : null)).filter((k): k is NonNullable<typeof k> => k !== null))];
    const kind = found === null ? 'null' : Array.isArray(found) ? 'an array' : typeof found;
    throw new RecordError(`${what}: ${path}: expected ${kinds.length ? kinds.join(' or ') : 'another value'}, found ${kind}`);
  }
  throw new RecordError(`${what}: ${path}: ${issue.message}`);
}

/**
 * The times a post can have: from 1990 to the end of 2099. Outside, a time is a mistake — a
 * placeholder (0), a year or a compact date read as seconds since 1970 ("2016" is 00:33:36 on
 * 1 January 1970), a unit misread — that would open a partition and a rollup hour for it, and
 * that dates cannot even print past year 275760.
 */
export const FIRST_POST_TIME = Date.UTC(1990, 0, 1);
export const END_POST_TIME = Date.UTC(2100, 0, 1);

export function requireTime(ms: number, raw: unknown, field: string): number {
  if (Number.isNaN(ms)) {
    throw new RecordError(`${field}: expected an ISO 8601 date, a Twitter date or epoch seconds/milliseconds, found ${describeValue(raw)}`);
  }
  if (ms < FIRST_POST_TIME || ms >= END_POST_TIME) {
    // The time it was read as, only for a value quoted back: from the time, a long number's digits would follow.
    throw new RecordError(`${field}: expected a time from 1990 to 2099, found ${describeValue(raw)}${quotable(raw) && Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? ` (${new Date(ms).toISOString()})` : ''}`);
  }
  return ms;
}

/** A platform's name as posts and watchlists carry it: lower case, so that one platform is never stored under two spellings. */
export const PLATFORM_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** An id as a string; a JSON number is taken only while it is exact (Twitter ids pass 2^53). */
export const idString = z
  .union([z.string().min(1), z.number().int('expected a string, or a whole number below 2^53 (larger numbers are not exact in JSON: give the id as a string)')])
  .transform(String);

/**
 * What a bad uri is like, without what it holds: a post's uri names its author (a DID, a handle,
 * /users/NAME/), and error messages reach logs and the uploader. "a https: URL of 58 characters".
 */
/**
 * A bad value as an error message may say it: quoted when it can only be a date, a time or a small
 * number (digits and date punctuation, a Twitter date), else what it is like — a column shifted by
 * one puts an author's name, e-mail or account id where a date was due, and messages reach logs.
 */
export function describeValue(value: unknown): string {
  if (quotable(value)) return typeof value === 'number' ? String(value) : JSON.stringify(value);
  // Long numbers may be phone numbers or account ids: their length only.
  if (typeof value === 'number') return `a number of ${String(Math.trunc(Math.abs(value))).length} digits`;
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  return `a text of ${value.length} characters`;
}

/** Whether `describeValue` quotes a value back: a small number, or a text shaped as a date or of six digits at most. */
function quotable(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) < 1e8;
  return typeof value === 'string' && (DATE_SHAPED.test(value) || TWITTER_DATE_SHAPED.test(value) || /^\d{1,6}$/.test(value));
}

/** A date (2016-06-01, 2016/6/1), with a time, seconds, fraction and zone or not: nothing else is quoted back. */
const DATE_SHAPED = /^\d{4}[-/]\d{1,2}(?:[-/]\d{1,2})?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const TWITTER_DATE_SHAPED = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}$/;

export function describeUri(uri: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  return `${scheme ? `a ${scheme.toLowerCase()}: URI` : 'a text'} of ${uri.length} characters`;
}
