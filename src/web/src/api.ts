/** Calls to the hustings API from the page: the session cookie rides along; writes carry the CSRF token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrf: string | null = null;

export function setCsrf(token: string | null): void {
  csrf = token;
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function get<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  return parse<T>(await fetch(withQuery(path, params), { credentials: 'same-origin' }));
}

export async function post<T>(path: string, body: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (csrf) headers['x-csrf-token'] = csrf;
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return parse<T>(await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: payload }));
}

/** The roles, in order: each may do what the ones before it may. */
const ROLES = ['canvasser', 'viewer', 'analyst', 'organiser', 'admin'] as const;

export interface Me {
  user: string;
  role: (typeof ROLES)[number];
  csrf: string | null;
}

/** Whether `me` has `role` or one above it (the views show what the server would let them read). */
export function atLeast(me: Me, role: Me['role']): boolean {
  return ROLES.indexOf(me.role) >= ROLES.indexOf(role);
}

/** Who is logged in, or null (then the page shows the login form). */
export async function whoAmI(): Promise<Me | null> {
  try {
    const me = await get<Me>('/api/me');
    setCsrf(me.csrf);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function login(name: string, password: string): Promise<Me> {
  const r = await post<{ user: string; role: Me['role']; csrf: string }>('/api/login', { name, password });
  setCsrf(r.csrf);
  return { user: r.user, role: r.role, csrf: r.csrf };
}

export async function logout(): Promise<void> {
  await post('/api/logout', {});
  setCsrf(null);
}
