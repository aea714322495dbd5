import { ApiError } from '../api';
import type { Me } from '../api';

/**
 * Writes the contacts view needs beyond JSON: a file's text as the body (an upload) and answers
 * that are downloads. The session's CSRF token comes from `me`, as for every write.
 */
/** POSTs a body: text (JSON by default) or a form, whose type and boundary the browser sets. */
export async function send(me: Me, path: string, body: string | FormData, contentType = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': contentType } : {};
  if (me.csrf) headers['x-csrf-token'] = me.csrf;
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body });
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { error?: string };
    throw new ApiError(res.status, answer.error ?? `${res.status} ${res.statusText}`);
  }
  return res;
}

export async function sendJson<T>(me: Me, path: string, body: unknown): Promise<T> {
  return (await (await send(me, path, JSON.stringify(body))).json()) as T;
}

/** Saves an answer that is a file (an export, an access request) under the name the server gives. */
export async function download(me: Me, path: string, body: unknown): Promise<void> {
  const res = await send(me, path, JSON.stringify(body));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
