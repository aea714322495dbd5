import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { LiveIngest } from '../src/listen/live';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { reportFromStore } from '../src/listen/report/build';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReportCache } from '../src/listen/report/cache';
import { createServerApp, HypeWebhook, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { runCli, startCli } from './support/cli';

const question = await loadQuestion('brexit');
const PASSWORD = 'a long enough password';

async function serverOn(t: TestApp) {
  const users = new UserStore(t.app.store);
  await users.add('ana', 'analyst', PASSWORD);
  const live = await LiveIngest.open(t.posts, t.app.pseudonymiser, question, builtinModelPath('brexit'));
  const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live, secureCookies: false, version: 'test' });
  const token = await users.issueToken('ana', 'tests');
  return { api, users, token, bearer: { authorization: `Bearer ${token}` } };
}

async function login(api: Awaited<ReturnType<typeof serverOn>>['api'], password = PASSWORD) {
  const r = await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ana', password }) });
  return { r, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, body: (await r.json()) as { csrf?: string; error?: string } };
}

describe.each(backends())('the HTTP API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('answers nothing but /health without authentication, on every route of its OpenAPI document', async () => {
    t = await openTestApp(backend);
    const { api, bearer } = await serverOn(t);
    const doc = (await (await api.request('/api/openapi.json', { headers: bearer })).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), path] as const));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const [method, path] of routes) {
      const r = await api.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      const text = await r.text();
      if (path === '/health') expect(r.status).toBe(200);
      // The public sign-up form needs no login: an empty body is refused as bad input, not as unauthenticated.
      else if (path === '/api/contacts/signup') expect(r.status).toBe(400);
      else if (path === '/api/login') expect([r.status, text]).toEqual([400, expect.stringContaining('body name')]);
      else if (path === '/login/link') expect([r.status, text]).toEqual([400, expect.stringContaining(method === 'GET' ? 'query token' : 'body token')]);
      else expect([method, path, r.status]).toEqual([method, path, 401]);
    }
    // A wrong token is no better than none.
    expect((await api.request('/api/me', { headers: { authorization: 'Bearer hst_nope' } })).status).toBe(401);
  });

  it('logs in with a password into an HttpOnly, SameSite=Strict session whose writes need the CSRF token', async () => {
    t = await openTestApp(backend);
    const { api } = await serverOn(t);
    expect((await login(api, 'wrong password!')).r.status).toBe(401);
    // A cross-site form posts text/plain: not accepted as a login.
    const form = await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'ana', password: PASSWORD }) });
    expect([form.status, ((await form.json()) as { error: string }).error]).toEqual([400, 'body: expected Content-Type: application/json, found "text/plain"']);
    expect((await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nobody', password: PASSWORD }) })).status).toBe(401);
    // A JSON body is cut off at 2 MB as it arrives, whatever its route, before anything parses it.
    const huge = `{"name":"${'a'.repeat(3 * 1024 * 1024)}"}`;
    const big = await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect([big.status, ((await big.json()) as { error: string }).error]).toEqual([413, 'body: expected at most 2 MB of JSON']);
    const chunked = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(huge)), c.close()) });
    const streamed = await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    const { r, cookie, body } = await login(api);
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(r.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    expect(await (await api.request('/api/me', { headers: { cookie } })).json()).toEqual({ user: 'ana', role: 'analyst', csrf: expect.stringMatching(/^[\w-]{40,}$/) });
    expect((await api.request('/api/logout', { method: 'POST', headers: { cookie } })).status).toBe(403);
    expect((await api.request('/api/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': body.csrf! } })).status).toBe(200);
    expect((await api.request('/api/me', { headers: { cookie } })).status).toBe(401);
    // Guessing: after five failures the name is locked for a while, even with the right password.
    for (let i = 0; i < 5; i++) expect((await login(api, `guess number ${i}`)).r.status).toBe(401);
    const locked = await login(api);
    expect(locked.r.status).toBe(429);
    expect(locked.body.error).toMatch(/too many failed logins for ana/);
    // Guesses sent all at once get no more tries than one after the other.
    await new UserStore(t.app.store).add('eve', 'analyst', PASSWORD);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'eve', password: `parallel guess ${i}` }) })));
    expect([burst.filter((r) => r.status === 401).length, burst.filter((r) => r.status === 429).length]).toEqual([5, 25]);
    // A user made without a password logs in with none (only by a link or a token).
    await new UserStore(t.app.store).addWithoutPassword('walker', 'canvasser');
    for (const password of ['!', '', PASSWORD]) {
      const r = await api.request('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'walker', password }) });
      expect(r.status, JSON.stringify(password)).not.toBe(200);
    }
    // A canvasser (with a token here) may ask who they are, to recover the CSRF token after a reload; reads above stay closed.
    const walker = { authorization: `Bearer ${await new UserStore(t.app.store).issueToken('walker', 'tests')}` };
    expect(await (await api.request('/api/me', { headers: walker })).json()).toEqual({ user: 'walker', role: 'canvasser', csrf: null });
    expect((await api.request('/api/listen/report', { headers: walker })).status).toBe(403);
  });

  it('ends API tokens at their date, and revokes one by id, by itself, or all with the sessions and login links', async () => {
    t = await openTestApp(backend);
    const { api, users, token, bearer } = await serverOn(t);
    const me = async (headers: Record<string, string>) => (await api.request('/api/me', { headers })).status;
    const bear = (x: string) => ({ authorization: `Bearer ${x}` });
    const now = Date.now();
    const dated = await users.issueToken('ana', 'a week', now + 7 * 86_400_000);
    const ended = await users.issueToken('ana', 'ended', now - 1);
    expect([await me(bearer), await me(bear(dated)), await me(bear(ended))]).toEqual([200, 200, 401]);
    expect(await users.tokenUser(dated, now + 8 * 86_400_000)).toBeNull();
    const listed = await users.tokens('ana');
    expect(listed.map((x) => [x.label, x.expiresAt === null])).toEqual([['tests', true], ['a week', false], ['ended', false]]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(4));
    // By id, as listed; by the token itself; then all, sessions included.
    expect(await users.revoke('ana', { id: listed[1]!.id })).toBe(1);
    expect(await me(bear(dated))).toBe(401);
    await expect(users.revoke('ana', { id: listed[1]!.id })).rejects.toThrow('user ana has no such token');
    await expect(users.revoke('ana', { id: 'x' })).rejects.toThrow(/token id: expected 12 hex digits/);
    expect(await users.revoke('ana', { token })).toBe(1);
    expect(await me(bearer)).toBe(401);
    const spare = await users.issueToken('ana', 'spare');
    const { cookie } = await login(api);
    expect(await me({ cookie })).toBe(200);
    const link = await users.issueLoginLink('ana');
    expect(await users.revoke('ana', { all: true })).toBe(2);
    expect([await me(bear(spare)), await me({ cookie })]).toEqual([401, 401]);
    // A login link issued before, not used yet, is withdrawn with the rest.
    expect(await users.redeemLoginLink(link)).toBeNull();
    await expect(users.revoke('nobody', { all: true })).rejects.toThrow('no user named nobody');
  });

  it('serves the report of the store, filtered, with clear errors for bad filters', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 1500, 4);
    await t.ingest([...demo.files], {}, { question, modelPath: builtinModelPath('brexit') });
    const { api, bearer } = await serverOn(t);
    const get = async (q: string) => api.request(`/api/listen/report${q}`, { headers: bearer });
    expect(await (await get('')).json()).toEqual(JSON.parse(JSON.stringify(await reportFromStore(t.posts, question))));
    const gb = (await (await get('?country=GB&from=2016-06-15&to=2016-06-20')).json()) as { posts: number; byCountry: { key: string }[]; byDay: { key: string }[] };
    expect(gb.posts).toBeGreaterThan(0);
    expect(gb.byCountry.map((c) => c.key)).toEqual(['GB']);
    expect(gb.byDay.every((d) => d.key >= '2016-06-15' && d.key < '2016-06-20')).toBe(true);
    const bad = await get('?country=uk');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^query country: expected an ISO 3166-1 alpha-2 code/);
    expect((await get('?question=../../etc/passwd')).status).toBe(400);
    const twice = await get('?country=GB&country=FR');
    expect([twice.status, ((await twice.json()) as { error: string }).error]).toEqual([400, 'query country: expected once, found 2 times (one value per parameter)']);
    // A range the wrong way round would select nothing: it is refused, on every read that takes one.
    for (const path of ['/api/listen/report', '/api/listen/samples', '/api/listen/terms']) {
      const reversed = await api.request(`${path}?from=2016-06-20&to=2016-06-15`, { headers: bearer });
      expect([reversed.status, ((await reversed.json()) as { error: string }).error]).toEqual([400, 'query from: expected a time before to (2016-06-15T00:00:00.000Z), found 2016-06-20T00:00:00.000Z']);
    }
    const trends = (await (await api.request('/api/listen/trends?topic=economy&bucket=day', { headers: bearer })).json()) as { overTime: { t: number; index: number | null }[]; byRegion: { country: string; index: number }[] };
    expect(trends.overTime.length).toBeGreaterThan(5);
    expect(Math.max(...trends.overTime.map((p) => p.index ?? 0))).toBe(100);
    expect(trends.byRegion[0]!.index).toBe(100);
    expect(trends.byRegion.every((r, i, all) => i === 0 || all[i - 1]!.index >= r.index)).toBe(true);
    const noTopic = await api.request('/api/listen/trends', { headers: bearer });
    expect([noTopic.status, ((await noTopic.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/^query topic: /)]);
    const hype = (await (await api.request('/api/listen/hype?country=GB', { headers: bearer })).json()) as { alerts: { topic: string; start: string; peakCount: number }[] };
    expect(Array.isArray(hype.alerts)).toBe(true);
    for (const a of hype.alerts) expect(a.peakCount).toBeGreaterThanOrEqual(10);
    expect((await get('?question=other')).status).toBe(404);
  });
});

describe('live listening over HTTP', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('stores a posted batch (bad lines reported, duplicates not counted twice) and streams the new headline', async () => {
    t = await openTestApp(backends()[0]!);
    const { api, bearer, users } = await serverOn(t);
    const stream = await api.request('/api/listen/stream', { headers: bearer });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    const events: { posts: number; version: number }[] = [];
    const next = async (): Promise<{ posts: number; version: number }> => {
      let text = '';
      for (;;) {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
        const m = /event: headline\ndata: (.*)\n/.exec(text);
        if (m) return JSON.parse(m[1]!) as { posts: number; version: number };
      }
    };
    events.push(await next());
    expect(events[0]).toMatchObject({ posts: 0, version: 0 });
    const lines = [
      JSON.stringify({ id: 'a1', text: 'Vote leave, take back control #VoteLeave', created_at: '2016-06-20T10:00:00Z', lang: 'en', user_location: 'Leeds' }),
      '{"id": "a2", "text": ',
      JSON.stringify({ id: 'a3', text: 'We are stronger in Europe #StrongerIn', created_at: '2016-06-20T11:00:00Z', lang: 'en' }),
    ].join('\n');
    const post = (body: string, headers: Record<string, string> = bearer) => api.request('/api/listen/posts', { method: 'POST', headers, body });
    const started = Date.now();
    const first = (await (await post(lines)).json()) as { stored: number; bad: number; badShown: { line: number }[] };
    expect(first).toMatchObject({ read: 3, stored: 2, bad: 1, duplicates: 0 });
    expect(first.badShown.map((b) => b.line)).toEqual([2]);
    events.push(await next());
    expect(events[1]).toMatchObject({ posts: 2, version: 1 });
    // The cells added live equal what the store now reports.
    const stored = await reportFromStore(t.posts, question);
    expect(events[1]).toMatchObject({ posts: stored.posts, decided: stored.decided, share: stored.share, ci95: stored.ci95, averageStrength: stored.averageStrength });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(((await (await post(lines)).json()) as { stored: number; duplicates: number })).toMatchObject({ stored: 0, duplicates: 2 });
    await reader.cancel();
    // A JSON batch keeps this route's own limit (16 MB), not the 2 MB of other JSON bodies.
    const array = `[${Array.from({ length: 12_000 }, (_, i) => JSON.stringify({ id: `j${i}`, text: `Vote leave ${'x'.repeat(200)}`, created_at: '2016-06-20T12:00:00Z', lang: 'en' })).join(',')}]`;
    expect(array.length).toBeGreaterThan(2 * 1024 * 1024);
    const bulk = await post(array, { ...bearer, 'content-type': 'application/json' });
    expect(bulk.status).toBe(200);
    expect(((await bulk.json()) as { stored: number }).stored).toBe(12_000);
    // In a one-line array every element is on line 1: each bad one is named by its position too.
    const mixed = await post(`[${JSON.stringify({ id: 'm1', text: 'ok', created_at: '2016-06-20T12:00:00Z' })},{"id":"m2","text":5,"created_at":"2016-06-20T12:00:00Z"},7]`, { ...bearer, 'content-type': 'application/json' });
    const shown = ((await mixed.json()) as { stored: number; badShown: { line: number; error: string }[] });
    expect(shown.stored).toBe(1);
    expect(shown.badShown.map((b) => [b.line, b.error.slice(0, 11)])).toEqual([[1, 'element 2: '], [1, 'element 3: ']]);
    // Writing needs the analyst role; an empty batch is a clear 400.
    expect((await post('')).status).toBe(400);
    await users.add('vic', 'viewer', PASSWORD);
    const viewer = await post(lines, { authorization: `Bearer ${await users.issueToken('vic', 'tests')}` });
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: string }).error).toMatch(/needs the analyst role; vic is viewer/);
  });
});

describe('the hype webhook', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('sends a burst that starts after it, once, and not the history it found', async () => {
    t = await openTestApp(backends()[0]!);
    const received: { question: string; alert: { kind: string; topic?: string; term?: string; start: string; peakCount: number } }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as (typeof received)[number]);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const users = new UserStore(t.app.store);
      await users.add('ana', 'analyst', PASSWORD);
      const headers = { authorization: `Bearer ${await users.issueToken('ana', 'tests')}` };
      const live = await LiveIngest.open(t.posts, t.app.pseudonymiser, question, null);
      const reports = new ReportCache(t.posts);
      const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live, reports, secureCookies: false, version: 'test' });
      const posts = (hour: number, n: number, tag: string) =>
        Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${tag}-${hour}-${i}`, text: 'The economy will suffer', created_at: new Date(Date.UTC(2016, 5, 10, hour, i % 60)).toISOString(), lang: 'en' }));
      // A day at 12 posts an hour, with a burst of 60 in its 20th hour: history when the hook starts.
      const history = Array.from({ length: 24 }, (_, h) => posts(h, h === 20 ? 60 : 12, 'old')).flat();
      await api.request('/api/listen/posts', { method: 'POST', headers, body: history.join('\n') });
      const hook = new HypeWebhook(reports, question, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hype`, () => undefined);
      await hook.start();
      // Two more quiet hours, then a new burst.
      await api.request('/api/listen/posts', { method: 'POST', headers, body: [...posts(24, 12, 'new'), ...posts(25, 12, 'new'), ...posts(26, 80, 'new')].join('\n') });
      await new Promise((r) => setTimeout(r, 1500));
      // The topic's burst, and the same burst of the phrase the posts repeat.
      expect(received.map((r) => [r.question, r.alert.kind, r.alert.topic ?? r.alert.term, r.alert.start, r.alert.peakCount])).toEqual([
        ['brexit', 'topic', 'economy', '2016-06-11T02:00:00.000Z', 80],
        ['brexit', 'phrase', 'economy will suffer', '2016-06-11T02:00:00.000Z', 80],
      ]);
      // Checked again, nothing new is sent twice.
      expect(await hook.check()).toBe(0);
      hook.stop();
    } finally {
      receiver.close();
    }
  });
});

describe('hustings serve and hustings users', () => {
  it('listens on 127.0.0.1 by default and needs a login for everything but /health', async () => {
    const [backend] = backends();
    const { config, dir, cleanup } = await backend!.fresh();
    const env = { HUSTINGS_PSEUDONYM_KEY: config.pseudonymKey!, HUSTINGS_DATA_DIR: dir };
    const db = ['--db', config.sqlitePath];
    try {
      const added = await runCli([...db, 'users', 'add', 'root', '--role', 'admin'], { env });
      expect(added.code).toBe(0);
      const password = /^password: (\S+)$/m.exec(added.stdout)![1]!;
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect((await runCli([...db, 'users', 'add', 'x', '--role', 'owner'], { env })).stderr).toMatch(/role: expected one of canvasser, viewer, analyst, organiser, admin, found "owner"/);
      const token = (await runCli([...db, 'users', 'token', 'root'], { env })).stdout.trim();
      expect(token).toMatch(/^hst_/);
      // Listed without the token, revoked from standard input; a dated one says when it ends.
      const spare = await runCli([...db, 'users', 'token', 'root', '--label', 'spare', '--days', '30'], { env });
      expect(spare.stderr).toMatch(/It ends 20\d\d-\d\d-\d\dT/);
      const tokens = (await runCli([...db, 'users', 'tokens', 'root'], { env })).stdout.trim().split('\n');
      expect(tokens).toEqual([expect.stringMatching(/^[0-9a-f]{12}\tapi\t\S+\tuntil revoked$/), expect.stringMatching(/^[0-9a-f]{12}\tspare\t\S+\t20\d\d-/)]);
      expect((await runCli([...db, 'users', 'revoke', 'root', '--token-stdin'], { env, input: spare.stdout })).stderr).toContain('1 token of root revoked.');
      expect((await runCli([...db, 'users', 'revoke', 'root'], { env })).stderr).toContain('expected exactly one of --id ID, --token-stdin or --all');
      const server = startCli([...db, 'serve', '--port', '0'], { env });
      const url = await new Promise<string>((resolve) => server.child.stderr!.on('data', (d: Buffer) => /Listening on (\S+)/.exec(d.toString()) && resolve(/Listening on (\S+)/.exec(d.toString())![1]!)));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/me`)).status).toBe(401);
      expect(await (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()).toEqual({ user: 'root', role: 'admin', csrf: null });
      // A one-time login link from the command line opens a session, once.
      const link = (await runCli([...db, 'users', 'link', 'root', '--url', url], { env })).stdout.trim();
      expect(link).toMatch(new RegExp(`^${url}/login/link\\?token=[\\w-]{40,}$`));
      // The link itself shows a button (a link preview uses nothing up); its POST logs in, once.
      expect(await (await fetch(link)).text()).toContain('<form method="post" action="/login/link"');
      const use = () => fetch(`${url}/login/link`, { method: 'POST', body: new URLSearchParams({ token: new URL(link).searchParams.get('token')! }), redirect: 'manual' });
      const opened = await use();
      expect([opened.status, opened.headers.get('set-cookie')]).toEqual([303, expect.stringMatching(/^hustings_session=/)]);
      expect((await use()).status).toBe(401);
      // An open event stream (a dashboard) does not keep the server from stopping, and a POST in
      // progress when it is told to stop is answered, its posts stored.
      const stream = await fetch(`${url}/api/listen/stream`, { headers: { authorization: `Bearer ${token}` } });
      await stream.body!.getReader().read();
      const body = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `s${i}`, text: `Vote remain ${i}`, created_at: '2016-06-20T10:00:00Z' })).join('\n');
      const posting = fetch(`${url}/api/listen/posts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
      await sleep(300);
      const stopped = Date.now();
      server.child.kill('SIGTERM');
      const posted = await posting;
      const answeredMs = Date.now() - stopped;
      expect(posted.status).toBe(200);
      expect(((await posted.json()) as { stored: number }).stored).toBe(20_000);
      expect((await server.done).code).toBe(0);
      expect(Date.now() - stopped, `stopped in ${Date.now() - stopped} ms, answered in ${answeredMs} ms`).toBeLessThan(9_000);
    } finally {
      await cleanup();
    }
  });
});
