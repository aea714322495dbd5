import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { canvassWebRoot } from './support/canvass-fixture';

/** How the server hands out the phone app: its page, worker, manifest, and what the worker keeps. */
describe('the canvass app as served', () => {
  let t: TestApp;
  let api: ReturnType<typeof createServerApp>;

  beforeAll(async () => {
    const webRoot = await canvassWebRoot();
    t = await openTestApp(backends()[0]!);
    api = createServerApp({ users: new UserStore(t.app.store), posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', webRoot });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('serves the page at /canvass/ and under it, never cached, with the CSP and no inline script', async () => {
    const bare = await api.request('/canvass');
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/canvass/']);
    for (const path of ['/canvass/', '/canvass/anything', '/canvass.html']) {
      const r = await api.request(path);
      expect([path, r.status, r.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await r.text();
      expect(html).toContain('<link rel="manifest" href="/canvass/manifest.webmanifest"');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file
    }
    expect(await (await api.request('/')).text()).not.toContain('manifest'); // the dashboard is left alone
  });

  it('serves the worker uncached and the manifest as a manifest; the worker precaches the canvass shell only', async () => {
    const sw = await api.request('/canvass/sw.js');
    expect([sw.status, sw.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    const code = await sw.text();
    const urls = [...code.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toContain('/canvass.html');
    expect(urls.some((u) => /^\/assets\/canvass-.+\.js$/.test(u))).toBe(true);
    expect(urls.filter((u) => u === '/index.html' || u.startsWith('/api') || /^\/assets\/(index|maplibre)/.test(u))).toEqual([]);
    expect(code).toContain('createHandlerBoundToURL("/canvass.html")');
    for (const u of urls) expect([u, (await api.request(u)).status]).toEqual([u, 200]); // every precached file is there to fetch
    const manifest = await api.request('/canvass/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(await manifest.json()).toMatchObject({ start_url: '/canvass/', scope: '/canvass/', display: 'standalone' });
    expect((await api.request('/canvass/missing.png')).status).toBe(404);
  });
});
