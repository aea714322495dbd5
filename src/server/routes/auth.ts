import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/middleware';
import type { UserStore } from '../auth/users';
import { SESSION_MS } from '../auth/users';
import { LoginThrottle } from '../auth/throttle';
import type { Routes } from './define';
import { body, query } from './input';

const LinkQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'expected the token of a login link').describe('the one-time token') });
const LINK_USED = '<!doctype html><meta charset="utf-8"><title>hustings</title><p>This login link is unknown, used or expired. Ask for a new one (<code>hustings users link NAME</code>) or <a href="/">log in</a>.</p>';

/** The page of a login link: one button that POSTs the token (no script: the page's CSP allows none inline). */
function confirmPage(token: string): string {
  return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>hustings · log in</title><form method="post" action="/login/link" style="font-family:system-ui,sans-serif;max-width:22rem;margin:20vh auto;display:grid;gap:1rem"><p>This one-time link logs you in to the hustings listening room.</p><input type="hidden" name="token" value="${token}"><button type="submit" style="padding:.7rem;font:inherit">Open the listening room</button></form>`;
}

const Login = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

/** Log in (a session cookie, HttpOnly and SameSite=Strict, and a CSRF token for writes), log out, who am I. */
export function authRoutes(routes: Routes, users: UserStore, secureCookies: boolean): void {
  const throttle = new LoginThrottle();
  routes.add({ method: 'post', path: '/api/login', summary: 'log in with a user name and password; sets the session cookie and returns the CSRF token for writes', role: null, body: Login }, async (c) => {
    const { name, password } = await body(c, Login);
    const wait = throttle.wait(name);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      return c.json({ error: `too many failed logins for ${name}: try again in ${Math.ceil(wait / 60_000)} min` }, 429);
    }
    // Counted as failed before the (slow) password check, and cleared if it succeeds: guesses sent
    // in parallel each take a place at once, instead of all passing the check above together.
    throttle.fail(name);
    const user = await users.login(name, password);
    if (!user) return c.json({ error: 'wrong user name or password' }, 401);
    throttle.succeed(name);
    const s = await users.openSession(user);
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Strict', secure: secureCookies, path: '/', maxAge: SESSION_MS / 1000 });
    return c.json({ user: user.name, role: user.role, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() });
  });
  routes.add({ method: 'post', path: '/api/logout', summary: 'end this session', role: 'canvasser' }, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await users.closeSession(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });
  routes.add({ method: 'get', path: '/api/me', summary: 'the user of this request and their role (any role: a canvasser\'s page recovers its CSRF token here)', role: 'canvasser' }, (c) => {
    const user = c.get('user');
    return c.json({ user: user.name, role: user.role, csrf: c.get('csrf') });
  });
  // A link only shows a button; the POST it makes uses the token up. Link previews (chat, mail)
  // that fetch the URL therefore neither use the link up nor receive the session.
  routes.add({ method: 'get', path: '/login/link', summary: 'a one-time login link (as `hustings demo` prints): a page whose button logs in (POST /login/link)', role: null, query: LinkQuery }, (c) => {
    const { token } = query(c, LinkQuery);
    return c.html(confirmPage(token));
  });
  routes.add({ method: 'post', path: '/login/link', summary: 'use a one-time login link (form field token, from the page of GET /login/link): sets the session cookie and opens the dashboard', role: null }, async (c) => {
    // Browsers say where a form comes from: Sec-Fetch-Site (Origin is "null" under no-referrer).
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const foreign = site !== undefined ? site !== 'same-origin' : origin !== undefined && origin !== 'null' && origin !== new URL(c.req.url).origin;
    if (foreign) return c.json({ error: `a login link is used from this server's own page, not from ${origin ?? site}` }, 403);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const parsed = LinkQuery.safeParse({ token: form.token });
    if (!parsed.success) return c.json({ error: 'body token: expected the form field token of a login link (application/x-www-form-urlencoded)' }, 400);
    const user = await users.redeemLoginLink(parsed.data.token);
    if (!user) return c.html(LINK_USED, 401);
    const s = await users.openSession(user);
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Strict', secure: secureCookies, path: '/', maxAge: SESSION_MS / 1000 });
    return c.redirect('/', 303);
  });
}
