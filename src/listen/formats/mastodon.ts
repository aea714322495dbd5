import { z } from 'zod';
import { RecordError } from '../../core/errors';
import { anonymiseText, htmlToText, normaliseLang, parseTime } from '../text';
import type { FormatContext, Parsed } from './types';
import { SKIP, authorOf, describeUri, one, requireTime, validate } from './types';

/**
 * An id on the fetching server, as a string, or as a number (Mastodon.py turns ids into numbers,
 * and a JSON dump of its statuses writes them so); a number past 2^53 is not exact once read, and
 * is taken for no id. The status's own id is not kept: its uri names it on its origin server.
 */
const LocalId = z.union([z.string(), z.number()]).nullish().transform((v) => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null));

const StatusFields = {
  id: z.union([z.string().min(1), z.number()]),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  visibility: z.string().nullish(),
  in_reply_to_id: LocalId,
  account: z.object({ acct: z.string().min(1), url: z.string().nullish() }),
  mentions: z.array(z.object({ acct: z.string(), username: z.string().optional(), url: z.string().nullish() })).nullish(),
  // Mastodon 4.4's quote posts: the quoted status (Quote), or only its id on this server (ShallowQuote).
  quote: z.object({ quoted_status: z.object({ uri: z.string(), url: z.string().nullish() }).nullish(), quoted_status_id: LocalId }).nullish(),
};
const Original = z.object(StatusFields);
const Status = z.object({ ...StatusFields, reblog: Original.nullish() });
type MastodonStatus = z.infer<typeof Original>;

const PUBLIC = new Set(['public', 'unlisted']);

const HOST = /^https?:\/\/([^/?#@]+)/i;

/** Host of an http(s) URL; a regular expression is several times cheaper than `new URL` here. */
function hostOf(url: string | null | undefined): string | null {
  const m = url ? HOST.exec(url) : null;
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Id of a status on the server it was written on, without the account name that URLs carry:
 * "mastodon.social/123" from https://mastodon.social/users/alice/statuses/123, or from an
 * OStatus tag URI (tag:mastodon.social,2017-04-14:objectId=123:objectType=Status).
 */
export function originId(s: Pick<MastodonStatus, 'uri' | 'url'>): string {
  const tag = /^tag:([^,]+),[^:]*:objectId=(\d+)/.exec(s.uri);
  if (tag) return `${tag[1]!.toLowerCase()}/${tag[2]}`;
  for (const candidate of [s.uri, s.url]) {
    const host = hostOf(candidate);
    const last = candidate?.replace(/\/(activity)?$/, '').split('/').pop();
    if (host && last && /^[\w-]+$/.test(last)) return `${host}/${last}`;
  }
  throw new RecordError(`mastodon status: uri: expected an https or tag: URI, found ${describeUri(s.uri)}`);
}

/** Full "user@server" form of an acct; local accts (no "@") take the server of their profile URL. */
function fullAcct(acct: string, url: string | null | undefined): string {
  const a = acct.toLowerCase();
  if (a.includes('@')) return a;
  const host = hostOf(url);
  return host ? `${a}@${host}` : a;
}

function mentionAccts(s: MastodonStatus): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of s.mentions ?? []) {
    const full = fullAcct(m.acct, m.url);
    out.set(full, full);
    out.set(m.acct.toLowerCase(), full);
    if (m.username) out.set(m.username.toLowerCase(), full);
  }
  return out;
}

/** A streaming API event: `update` carries a status as a JSON string; other events are skipped. */
const StreamEvent = z.object({ event: z.string(), payload: z.string().optional() });

export function isMastodonStreamEvent(record: Record<string, unknown>): boolean {
  return typeof record.event === 'string' && 'payload' in record && !('account' in record);
}

function streamedStatus(record: Record<string, unknown>): Record<string, unknown> | null {
  const e = validate(StreamEvent, record, 'mastodon stream event');
  if (e.event !== 'update' && e.event !== 'status.update') return null;
  try {
    return JSON.parse(e.payload ?? '') as Record<string, unknown>;
  } catch {
    throw new RecordError('mastodon stream event: payload: expected a status as a JSON string');
  }
}

export const QUOTE_INLINE = /<p class="quote-inline">[\s\S]*?<\/p>/;

/** The status a quote post quotes: its origin id, or (a shallow quote) its id on `host` as replies have it. */
function quoteOf(s: MastodonStatus, host: string): string | null {
  if (s.quote?.quoted_status) return originId(s.quote.quoted_status);
  return s.quote?.quoted_status_id != null ? `${host}/${s.quote.quoted_status_id}` : null;
}

/** A Mastodon status (API JSON), or a streaming `update` event. Only public and unlisted statuses are kept. */
export function parseMastodon(record: Record<string, unknown>, ctx: FormatContext): Parsed {
  if (isMastodonStreamEvent(record)) {
    const status = streamedStatus(record);
    return status ? parseMastodon(status, ctx) : SKIP;
  }
  const s = validate(Status, record, 'mastodon status');
  if (s.visibility && !PUBLIC.has(s.visibility)) return SKIP;
  const content = s.reblog ?? s;
  const accts = mentionAccts(content);
  // A quote post's content ends its text with "RE: <link>" for servers that cannot show quotes; the quote is kept as a link instead.
  const body = htmlToText(content.quote ? content.content.replace(QUOTE_INLINE, '') : content.content);
  const text = content.spoiler_text ? `${content.spoiler_text}\n\n${body}` : body;
  const id = originId(s);
  const host = id.slice(0, id.indexOf('/'));
  return one({
    platform: 'mastodon',
    id,
    createdAt: requireTime(parseTime(s.created_at), s.created_at, 'created_at'),
    text: anonymiseText(text, (h) => ctx.pseudonym('mastodon', accts.get(h) ?? h)),
    lang: normaliseLang(content.language),
    author: authorOf(ctx, 'mastodon', fullAcct(s.account.acct, s.account.url)),
    isRepost: s.reblog != null,
    repostOf: s.reblog ? originId(s.reblog) : null,
    // in_reply_to_id is in the id space of the server the status was fetched from.
    replyTo: s.in_reply_to_id !== null ? `${host}/${s.in_reply_to_id}` : null,
    quoteOf: quoteOf(content, host),
    placeName: null,
    placeCountry: null,
    userLocation: null,
    format: 'mastodon',
  });
}
