import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Env } from './routes/define';

/** Where `npm run build:web` (run by `npm ci`) puts the dashboard. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * The page may load only its own scripts, styles and data; MapLibre draws in a worker made from a
 * blob and needs inline styles, as ECharts does. No page may frame it; links carry no referrer
 * (a login link's token must not leak).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The page's security headers on every answer that is not an API answer (pages, files, the login link). */
export function securityHeaders(app: Hono<Env>): void {
  app.use('*', async (c, next) => {
    await next();
    if (!c.req.path.startsWith('/api/')) for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });
}

/**
 * The canvassers' phone app (its own page, canvass.html): at /canvass/ and any path under it, so that
 * its service worker (scope /canvass/) serves them offline. The worker is never cached by HTTP (a new
 * build must reach phones at their next visit); the page neither.
 */
function canvassRoutes(app: Hono<Env>, root: string): void {
  const page = join(root, 'canvass.html');
  if (!existsSync(page)) return;
  const html = readFileSync(page, 'utf8');
  const noCache = { 'cache-control': 'no-cache' };
  app.get('/canvass', (c) => c.redirect('/canvass/', 301));
  app.get('/canvass.html', (c) => c.html(html, 200, noCache));
  app.use('/canvass/sw.js', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'no-cache');
  });
  app.use('/canvass/*', serveStatic({ root: relative(process.cwd(), root) }));
  app.get('/canvass/*', (c, next) => (/\.[a-z0-9]+$/i.test(c.req.path) ? next() : c.html(html, 200, noCache)));
}

/**
 * Serves the built dashboard: its files (public, they hold no data: every figure comes from the
 * API, behind a login) and, for any other page path, its index so that shared URLs open.
 */
export function webRoutes(app: Hono<Env>, root: string): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  const html = readFileSync(index, 'utf8');
  // Built files are named by their content: cached for good. The page itself is never cached.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', compress());
  app.use('/boundaries/*', compress());
  app.use('/assets/*', serveStatic({ root: relative(process.cwd(), root) }));
  app.use('/boundaries/*', serveStatic({ root: relative(process.cwd(), root) }));
  canvassRoutes(app, root);
  // Page paths (no file extension) open the dashboard; a missing file is a 404, not a page.
  app.get('*', (c, next) => (c.req.path.startsWith('/api/') || c.req.path === '/health' || /\.[a-z0-9]+$/i.test(c.req.path) ? next() : c.html(html, 200, { 'cache-control': 'no-cache' })));
  return true;
}
