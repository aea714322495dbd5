import { decodeHTML } from 'entities';
import { parseIsoTime } from '../core/iso-time';
import { memoise } from '../core/memo';
import { MAX_LOCATION_CHARS } from './post';

// Addresses in any script ("josé@exämple.de"), as mail now allows.
const EMAIL = /[\p{L}\p{M}\p{N}._%+-]+@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.[\p{L}\p{M}]{2,}/gu;
// A handle after "@", not inside a word (addresses are gone by then): ".@name", the public reply,
// and "@@name" are mentions too. Mastodon handles may carry "@instance".
// A handle is taken whole, in any script (Mastodon's "@müller"; a full-width "＠ｊｕｄｙ"): cut at its
// first non-ASCII letter, the rest of it stayed in clear and the pseudonym was another account's.
const MENTION = /(?<![\p{L}\p{M}\p{N}_])@([\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_.-]*[\p{L}\p{M}\p{N}_])?(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu;
// Addresses the pattern above leaves: no dotted domain ("gina@localhost", "bob@[192.168.1.5]"), or "@" percent-encoded (mailto:frank%40example.com).
// Both sides need a letter (a bracketed address aside): "3@4" or "2@30" are no addresses.
const BARE_EMAIL = /(?<![\p{L}\p{M}\p{N}._%+-])(?=[\p{M}\p{N}._%+-]*\p{L})[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}._%+-]*@(?:\[[0-9A-Fa-f.:]+\]|(?=[\p{M}\p{N}_-]*\p{L})[\p{L}\p{M}\p{N}_-]+)/gu;
const ENCODED_EMAIL = /[\p{L}\p{M}\p{N}._+-]+%40[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*/gu;
// A link to a profile or a post on a social platform names the account in its path: the path goes.
const PROFILE_LINK = /\b(https?:\/\/(?:(?:www|mobile|m)\.)?(?:twitter\.com|x\.com|facebook\.com|fb\.com|instagram\.com|threads\.net|tiktok\.com|bsky\.app|linkedin\.com|youtube\.com|t\.me|reddit\.com))\/[^\s]*/giu;
// Characters that show nothing: written into a handle or an address, they would hide it from the patterns above.
const INVISIBLE = /[\u200b\u2060\ufeff\u00ad]|[\u200c\u200d](?=[@\uff20])|(?<=[@\uff20])[\u200c\u200d]/g;

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
  return withoutContacts(text, (handle) => mentionToken(resolve(handle.normalize('NFKC').toLowerCase())));
}

/** `text` with its e-mail addresses as "[email]" and each @account as `account(handle)`. */
function withoutContacts(text: string, account: (handle: string) => string): string {
  const wide = text.includes('\uff20');
  const links = text.includes('://');
  const encoded = text.includes('%40');
  if (!wide && !links && !encoded && !text.includes('@')) return text;
  // The full-width "＠" is a mention sign too (as Twitter reads it), and "．" a dot; invisible characters are dropped first.
  let plain = (wide ? text.replaceAll('\uff20', '@').replaceAll('\uff0e', '.') : text).replace(INVISIBLE, '');
  if (links) plain = plain.replace(PROFILE_LINK, '$1/…');
  if (encoded) plain = plain.replace(ENCODED_EMAIL, '[email]');
  const clean = mayHoldEmail(plain) ? plain.replace(EMAIL, '[email]').replace(BARE_EMAIL, '[email]') : plain;
  return clean.replace(MENTION, (_m, handle: string) => account(handle));
}

/** An address has a letter, digit or one of ._%+- right before "@"; a mention never does. Cheaper than the regex. */
function mayHoldEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    if (/[\p{L}\p{M}\p{N}._%+-]/u.test(text[at - 1]!)) return true;
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
  // A location finds a country: "Leeds · DM @alice" keeps no handle ("[account]") nor e-mail address.
  const trimmed = withoutContacts(value, () => '[account]').replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > MAX_LOCATION_CHARS ? trimmed.slice(0, MAX_LOCATION_CHARS) : trimmed;
}

// Twitter v1.1's created_at: "Wed Oct 10 20:19:24 +0000 2018".
const TWITTER_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d{4} \d{4}$/;

/**
 * Milliseconds since the epoch from an ISO 8601 string (strictly: no zone means UTC, and a day
 * the calendar lacks is no date), a Twitter v1.1 date ("Wed Oct 10 20:19:24 +0000 2018"), or a
 * number of seconds or milliseconds. NaN when none fits: `Date.parse` alone would take "foo 12"
 * for December 2001 and 30 February for 1 March.
 */
export function parseTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? epochToMs(value) : NaN;
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  const compact = COMPACT_DATE.exec(text);
  if (compact) return compactTime(compact);
  if (/^\d+(\.\d+)?$/.test(text)) return epochToMs(Number(text));
  if (TWITTER_DATE.test(text)) return twitterTime(text);
  return parseIsoTime(text) ?? NaN;
}

/** A Twitter v1.1 date's time, NaN when its day is not in its month ("Fri Feb 30 …" would roll over). */
function twitterTime(text: string): number {
  const t = Date.parse(text);
  const [, , day, , zone] = text.split(' ') as [string, string, string, string, string];
  const offsetMs = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  return Number.isNaN(t) || new Date(t + offsetMs).getUTCDate() !== Number(day) ? NaN : t;
}

/** YYYYMMDD, YYYYMMDDhhmm or YYYYMMDDhhmmss (UTC), as CSV exports write dates: 8, 12 or 14 digits from 19xx or 20xx. */
const COMPACT_DATE = /^((?:19|20)\d\d)(\d\d)(\d\d)(?:(\d\d)(\d\d)(\d\d)?)?$/;

/** The time of a compact date, NaN when it is no calendar time (20160231, 201606012460): read as the ISO date-time it spells. */
function compactTime(m: RegExpExecArray): number {
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  return parseIsoTime(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`) ?? NaN;
}

function epochToMs(n: number): number {
  // Ten or fewer digits are seconds (until the year 2286); more are milliseconds.
  return Math.round(n < 1e11 ? n * 1000 : n);
}
