import { isObject } from './types';

/**
 * Error responses that collection scripts save among their pages: a Twitter v2 problem
 * (`{title, detail, type, status}`), a v1.1 error list (`{errors: [{code, message}]}`), a Bluesky
 * XRPC or Mastodon error (`{error, message}`). They hold no posts, and tell of a page not collected.
 */

/**
 * A Twitter v2 error that is a notice, not a failure: a partial error (a requested tweet or user
 * not found or not shown), or a filtered stream's disconnection notice, which a collector writes
 * among the stream's lines before it reconnects (as v1.1 streams wrote `disconnect`).
 */
export function isNoticeError(e: unknown): boolean {
  if (!isObject(e)) return false;
  return 'resource_type' in e || 'resource_id' in e || 'disconnect_type' in e || (typeof e.type === 'string' && e.type.endsWith('/operational-disconnect'));
}

/** A title or error name quoted back only while it is a few words of letters: details may name an account. */
function quotable(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Za-z][A-Za-z ]{0,39}$/.test(v) ? v : null;
}

const ERROR_KEYS = new Set(['error', 'message', 'error_description', 'error_code', 'status', 'title', 'detail', 'type', 'errors']);

/**
 * What an error response says, as far as it can be quoted (an HTTP status, a title, an error
 * name or code; "" when nothing can be); null when the record is not an error response.
 */
export function apiErrorOf(r: Record<string, unknown>): string | null {
  if ('data' in r || !Object.keys(r).every((k) => ERROR_KEYS.has(k))) return null;
  const problem = typeof r.title === 'string' && typeof r.type === 'string';
  const list = Array.isArray(r.errors) && r.errors.length > 0 && r.errors.every(isObject) && !r.errors.every(isNoticeError);
  if (!problem && !list && typeof r.error !== 'string') return null;
  const said: string[] = [];
  if (typeof r.status === 'number') said.push(String(r.status));
  const name = quotable(r.title) ?? quotable(r.error);
  if (name) said.push(name);
  const codes = Array.isArray(r.errors) ? r.errors.map((e) => (isObject(e) && typeof e.code === 'number' ? `code ${e.code}` : null)).filter((c) => c !== null) : [];
  if (codes.length > 0) said.push([...new Set(codes)].slice(0, 3).join(', '));
  return said.join(' ');
}
