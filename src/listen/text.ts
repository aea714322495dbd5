import { decodeHTML } from 'entities';
import { memoise } from '../core/memo';
import { MAX_LOCATION_CHARS } from './post';

const EMAIL = /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A handle after "@", not inside a word or an address; Mastodon handles may carry "@instance".
const MENTION = /(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g;

let lastText = '';
let lastChunks: readonly string[] = [];

/**
 * The pieces of a text between whitespace, empty ones dropped: the unit every reader of a post
 * (sentiment, cues, model features) works from, and memoises its work by. The last text's
 * pieces are kept, as those readers ask for one post in turn.
 */
export function chunksOf(text: string): readonly string[] {
  if (text === lastText) return lastChunks;
  const chunks = text.split(/\s+/);
  if (chunks[0] === '') chunks.shift();
  if (chunks[chunks.length - 1] === '') chunks.pop();
  lastText = text;
  lastChunks = chunks;
  return chunks;
}

/**
 * Whether a piece of a text (between whitespace), or a token, may come again: false for the
 * kinds that come once, a link or a mention. On 600,000 synthetic posts they were all of the pieces seen only once
 * (81,292 of 108,887 distinct); in real posts, links and mentions are most of them. The
 * per-word memo tables leave them out (`memoise`'s `admit`).
 */
export function repeats(piece: string): boolean {
  const c = piece.charCodeAt(0);
  // "@…" (mentions), "http…", "www." — cheap first-character checks before the prefix tests.
  if (c === 64) return false;
  if (c === 104 || c === 72) return !/^https?:/i.test(piece);
  if (c === 119 || c === 87) return !/^www\./i.test(piece);
  return true;
}

// A link's scheme and host, then its path, query or fragment (up to the next whitespace).
const LINK_PATH = /\b(https?:\/\/[^\s/?#]+)[/?#]\S*/gi;

/**
 * The text as the classifiers read it: each link cut to its scheme and host
 * ("https://t.co/8qcnptwb" → "https://t.co"). A path says little and is mostly noise: a
 * shortener's random slug, a tracking query. Read, it moved the stance model's probability by
 * as much as 0.3 between two posts that differed only in their slug, and it made every post that
 * carries a link a text never seen before. The host is kept: a campaign's site names its side.
 */
export function withoutLinkPaths(text: string): string {
  return text.includes('://') ? text.replace(LINK_PATH, '$1') : text;
}

/** Marker that replaces a mention: "@u_" then the pseudonym of the account mentioned. */
export function mentionToken(pseudonym: string): string {
  return `@u_${pseudonym}`;
}

/**
 * Removes the personal identifiers a post's text carries: every @mention becomes the pseudonym of
 * the account (`resolve` gets the lower-cased handle without "@"), e-mail addresses become "[email]".
 */
export function anonymiseText(text: string, resolve: (handle: string) => string): string {
  if (!text.includes('@')) return text;
  const clean = mayHoldEmail(text) ? text.replace(EMAIL, '[email]') : text;
  return clean.replace(MENTION, (_m, handle: string) => mentionToken(resolve(handle.toLowerCase())));
}

/** An address has a word character right before "@"; a mention never does. Cheaper than the regex. */
function mayHoldEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    if (/[\w.+-]/.test(text[at - 1]!)) return true;
  }
  return false;
}

/** Plain text of the small HTML subset Mastodon statuses use (p, br, a, span). */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text).trim();
}

// Few distinct tags occur; the memory is bounded all the same.
const primaryTag = memoise((lang: string): string | null => {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return !/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'zxx' ? null : primary;
}, 10_000);

/** ISO 639-1 primary subtag in lower case ("en-GB" → "en"); null for unknown ("und", ""). */
export function normaliseLang(lang: unknown): string | null {
  return typeof lang === 'string' ? primaryTag(lang) : null;
}

/** A declared location, trimmed and capped; null when empty. */
export function cleanLocation(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > MAX_LOCATION_CHARS ? trimmed.slice(0, MAX_LOCATION_CHARS) : trimmed;
}

const NAIVE_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Milliseconds since the epoch from an ISO 8601 string (no zone means UTC), a Twitter v1.1 date
 * ("Wed Oct 10 20:19:24 +0000 2018"), or a number of seconds or milliseconds. NaN when none fits.
 */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? epochToMs(value) : NaN;
  if (typeof value !== 'string') return NaN;
  // The common case first: ISO 8601 in UTC, as every API writes it.
  if (value.length >= 20 && value.charCodeAt(value.length - 1) === 90 /* Z */ && value.charCodeAt(4) === 45 /* - */) return Date.parse(value);
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return epochToMs(Number(text));
  return Date.parse(NAIVE_DATE_TIME.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

function epochToMs(n: number): number {
  // Ten or fewer digits are seconds (until the year 2286); more are milliseconds.
  return Math.round(n < 1e11 ? n * 1000 : n);
}
