import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { reportFromStore } from '../src/listen/report/build';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const question = await loadQuestion('brexit');
const classify = { question, modelPath: builtinModelPath('brexit') };

async function apiOn(t: TestApp, webRoot: string | null = null) {
  const users = new UserStore(t.app.store);
  await users.add('ana', 'admin', 'a long enough password');
  const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live: null, secureCookies: false, version: 'test', webRoot });
  return { api, users, bearer: { authorization: `Bearer ${await users.issueToken('ana', 'tests')}` } };
}

describe.each(backends())('what the dashboard reads, on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('logs in once with a one-time link, which is then used up; an expired link opens nothing', async () => {
    t = await openTestApp(backend);
    const { api, users } = await apiOn(t);
    const token = await users.issueLoginLink('ana');
    const use = (t: string, origin?: string) => api.request('/login/link', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) }, body: new URLSearchParams({ token: t }).toString() });
    // Opening the link shows a button and uses nothing up (link previews fetch URLs).
    const page = await api.request(`/login/link?token=${token}`);
    expect([page.status, page.headers.get('set-cookie'), await page.text()]).toEqual([200, null, expect.stringContaining(`value="${token}"`)]);
    expect((await use(token, 'https://elsewhere.example')).status).toBe(403);
    const r = await use(token);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = (await (await api.request('/api/me', { headers: { cookie: cookie.split(';')[0]! } })).json()) as { user: string; csrf: string };
    expect(me).toMatchObject({ user: 'ana', csrf: expect.any(String) });
    // Used once: the same link again, a made-up one, and an expired one all fail.
    expect((await use(token)).status).toBe(401);
    expect((await use('x'.repeat(43))).status).toBe(401);
    const old = await users.issueLoginLink('ana', Date.now() - 16 * 60_000);
    expect((await use(old)).status).toBe(401);
    expect((await use('')).status).toBe(400);
    await expect(users.issueLoginLink('nobody')).rejects.toThrow(/no user named nobody/);
    // A cookie session writes (here a watchlist) only with its CSRF token.
    const session = { cookie: cookie.split(';')[0]!, 'content-type': 'application/json' };
    const list = JSON.stringify({ id: 'leave', name: 'Leave', items: [{ kind: 'hashtag', value: 'VoteLeave' }] });
    expect((await api.request('/api/watchlists', { method: 'POST', headers: session, body: list })).status).toBe(403);
    expect((await api.request('/api/watchlists', { method: 'POST', headers: { ...session, 'x-csrf-token': 'wrong' }, body: list })).status).toBe(403);
    expect((await api.request('/api/watchlists', { method: 'POST', headers: { ...session, 'x-csrf-token': me.csrf }, body: list })).status).toBe(201);
    expect((await api.request('/api/watchlists/leave', { method: 'DELETE', headers: { cookie: session.cookie } })).status).toBe(403);
  });

  it('gives the 5-point distribution, intervals per day and country, and the latest posts, pseudonymous and filtered', async () => {
    t = await openTestApp(backend);
    const files = await writeDemoFiles(join(t.dir, 'demo'), 1500, 7);
    await t.ingest([...files.files], {}, classify);
    const { api, bearer } = await apiOn(t);
    const report = (await (await api.request('/api/listen/report', { headers: bearer })).json()) as { posts: number; decided: number; byStance: Record<string, number>; byDay: { decided: number; shareB: number | null; ci95B: [number, number] | null }[] };
    expect(Object.keys(report.byStance)).toEqual(['strong_leave', 'weak_leave', 'neutral', 'weak_remain', 'strong_remain']);
    expect(Object.values(report.byStance).reduce((a, b) => a + b, 0)).toBe(report.posts);
    expect(report.posts - report.byStance.neutral!).toBe(report.decided);
    for (const d of report.byDay) if (d.shareB !== null) expect(d.ci95B![0] <= d.shareB && d.shareB <= d.ci95B![1]).toBe(true);
    expect(report).toEqual(JSON.parse(JSON.stringify(await reportFromStore(t.posts, question))));

    const get = async (q: string) => (await (await api.request(`/api/listen/samples?${q}`, { headers: bearer })).json()) as { posts: { createdAt: string; country: string | null; stance: string; topics: string[]; author: string | null; text: string; cues: unknown[] }[] };
    const latest = await get('limit=30');
    expect(latest.posts).toHaveLength(30);
    const times = latest.posts.map((p) => p.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const p of latest.posts) {
      expect(p.author === null || /^[0-9a-f]{16}$/.test(p.author)).toBe(true);
      // Every mention is a pseudonym (@u_ and 16 hex digits), never a handle.
      expect(p.text.replace(/@u_[0-9a-f]{16}\b/g, '')).not.toMatch(/@\w/);
    }
    const gb = await get('country=GB&stance=strong_remain&topic=economy&limit=100');
    expect(gb.posts.length).toBeGreaterThan(0);
    for (const p of gb.posts) expect([p.country, p.stance, p.topics.includes('economy')]).toEqual(['GB', 'strong_remain', true]);
    const unknown = await get('country=unknown&limit=5');
    for (const p of unknown.posts) expect(p.country).toBeNull();
    const bad = await api.request('/api/listen/samples?limit=1000', { headers: bearer });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/limit/);
    expect((await api.request('/api/listen/samples')).status).toBe(401);
  });
});

describe('the dashboard files', () => {
  let t: TestApp;
  let root: string;
  afterEach(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page for any page path with strict security headers, its files, and 404 for the rest', async () => {
    t = await openTestApp(backends()[0]!);
    root = mkdtempSync(join(tmpdir(), 'hustings-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log(1)');
    const { api, bearer } = await apiOn(t, root);
    for (const path of ['/', '/?country=IE&topic=economy', '/some/view']) {
      const r = await api.request(path);
      expect([path, r.status, await r.text()]).toEqual([path, 200, expect.stringContaining('<title>dashboard</title>')]);
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const js = await api.request('/assets/app-1.js');
    expect([js.status, js.headers.get('cache-control')]).toEqual([200, expect.stringContaining('immutable')]);
    expect((await api.request('/assets/missing.js')).status).toBe(404);
    expect((await api.request('/boundaries/missing.geojson')).status).toBe(404);
    // The API keeps its own answers: JSON errors, and a login for data.
    const unknown = await api.request('/api/nothing', { headers: bearer });
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: expect.stringContaining('no route GET /api/nothing') }]);
    expect((await api.request('/api/listen/report')).status).toBe(401);
  });
});
