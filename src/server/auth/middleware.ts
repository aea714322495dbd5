import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role, User, UserStore } from './users';
import { roleAllows } from './users';

export const SESSION_COOKIE = 'hustings_session';

export interface AuthVariables {
  user: User;
  /** The session's CSRF token (the page asks for it again after a reload); null with an API token. */
  csrf: string | null;
}

/** The user of a request: a bearer API token, else the session cookie (with its CSRF token on writes). */
async function identify(c: Context, users: UserStore): Promise<(User & { csrf: string | null }) | 'csrf' | null> {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) {
    const user = await users.tokenUser(header.slice(7).trim());
    return user && { ...user, csrf: null };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await users.session(cookie);
  if (!session) return null;
  // A cookie rides along with any request the browser makes; a write must also prove it comes from our page.
  const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
  if (!safe && c.req.header('x-csrf-token') !== session.csrf) return 'csrf';
  return { name: session.name, role: session.role, csrf: session.csrf };
}

/** Requires an authenticated user with at least `role`; 401 without one, 403 when the role or the CSRF token falls short. */
export function requireRole(users: UserStore, role: Role): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const user = await identify(c, users);
    if (user === null) return c.json({ error: 'authentication required: log in (POST /api/login) or send an API token (Authorization: Bearer …)' }, 401);
    if (user === 'csrf') return c.json({ error: 'missing or wrong x-csrf-token header (given by POST /api/login)' }, 403);
    if (!roleAllows(user.role, role)) return c.json({ error: `this needs the ${role} role; ${user.name} is ${user.role}` }, 403);
    c.set('user', { name: user.name, role: user.role });
    c.set('csrf', user.csrf);
    await next();
  };
}
