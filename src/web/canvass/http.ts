import type { SessionRow } from './db';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** An answer the server gave (status ≠ 2xx), with its JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The session cookie is gone or expired, or is another session than the stored CSRF token's (a
 * login on the dashboard meanwhile): the canvasser logs in again (the outbox stays).
 */
export function isLoggedOut(e: unknown): boolean {
  return e instanceof HttpError && (e.status === 401 || (e.status === 403 && /csrf/i.test(e.message)));
}

/** A JSON call with the session cookie and, on writes, the CSRF token of the stored session. */
export async function call<T>(fetch: Fetch, session: Pick<SessionRow, 'csrf'> | null, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers = { 'content-type': 'application/json', ...(session?.csrf ? { 'x-csrf-token': session.csrf } : {}) };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new HttpError(res.status, typeof json.error === 'string' ? json.error : `${res.status} ${res.statusText}`, json);
  return json as T;
}

/** A time the server may send as ms or as an ISO string. */
export function toMs(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
