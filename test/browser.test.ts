import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import { LiveIngest } from '../src/listen/live';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { ARTIFACTS, builtWebRoot, chromiumPath, launchChromium, listenLocally } from './support/browser';

const CHROMIUM = chromiumPath();
const PASSWORD = 'a long enough password';
const question = await loadQuestion('brexit');

/** The page asks who is logged in before anyone is (401), and the test tries a wrong password once. */
function expected(url: string, status: number): boolean {
  return status === 401 && (url.endsWith('/api/me') || url.endsWith('/api/login'));
}

describe.skipIf(!CHROMIUM)('the dashboard in a real browser (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let token: string;
  let users: UserStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const webRoot = await builtWebRoot();
    t = await openTestApp(backends()[0]!);
    const files = await writeDemoFiles(join(t.dir, 'demo'), 2000, 11);
    await t.ingest([...files.files], {}, { question, modelPath: builtinModelPath('brexit') });
    users = new UserStore(t.app.store);
    await users.add('ana', 'analyst', PASSWORD);
    token = await users.issueToken('ana', 'browser test');
    const watch = { id: 'leave', name: 'Leave slogans', items: [{ kind: 'phrase', value: 'take back control' }, { kind: 'hashtag', value: 'VoteLeave' }] };
    const live = await LiveIngest.open(t.posts, t.app.pseudonymiser, question, builtinModelPath('brexit'));
    const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live, secureCookies: false, version: 'test', webRoot });
    const served = await listenLocally(api.fetch);
    base = served.base;
    const created = await fetch(`${base}/api/watchlists`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(watch) });
    if (created.status !== 201) throw new Error(`watchlist: ${created.status} ${await created.text()}`);
    close = served.close;
    browser = await launchChromium(CHROMIUM!);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await t?.close();
  });

  async function open(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Failed requests are listed by URL (the browser's console says only "Failed to load resource").
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && !expected(r.url(), r.status()) && errors.push(`${r.status()} ${r.url()}`));
    return { page, errors };
  }

  it('logs in, draws every chart and the map with data, and moves the live counter within 2 s of a posted batch', async () => {
    const { page, errors } = await open(1280, 900);
    await page.goto(base);
    await page.fill('input[name=name]', 'ana');
    await page.fill('input[name=password]', 'wrong password here');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toMatch(/wrong user name or password/);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=headline]');
    const headline = await page.textContent('[data-testid=headline]');
    const report = (await (await fetch(`${base}/api/listen/report`, { headers: { authorization: `Bearer ${token}` } })).json()) as { posts: number };
    expect(headline).toContain(`${report.posts.toLocaleString('en-US')} posts`);
    // Each chart has drawn SVG marks; the map has shaded countries and drawn on its canvas.
    for (const id of ['share-over-time', 'distribution', 'topics', 'languages']) {
      await expect.poll(() => page.locator(`[data-testid=${id}] svg path`).count(), { message: id }).toBeGreaterThan(5);
    }
    await expect.poll(() => page.getAttribute('[data-testid=country-map]', 'data-map-state'), { timeout: 20_000 }).toBe('ready');
    await expect.poll(() => page.getAttribute('[data-testid=country-map]', 'data-shaded').then(Number)).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-testid=country-map] canvas').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid=samples] li').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('[data-testid=interest] svg path').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('[data-testid=terms] li:not(.head)').count()).toBeGreaterThan(3);
    // A top hashtag, clicked, shows its interest over time.
    const hashtag = (await page.locator('[data-testid=terms] ol:first-child li:not(.head) button').first().textContent())!;
    await page.locator('[data-testid=terms] ol:first-child li:not(.head) button').first().click();
    await expect.poll(() => page.textContent('[data-testid=interest] h2')).toContain(`Interest in “${hashtag}”`);
    await expect.poll(() => page.locator('[data-testid=interest] svg path').count()).toBeGreaterThan(3);
    // The audience table shows only figures of 10 people or more, and says which it hides.
    await expect.poll(() => page.locator('[data-testid=audience] tbody tr').count()).toBeGreaterThan(3);
    const people = await page.locator('[data-testid=audience] tbody tr td:nth-child(2)').allTextContents();
    for (const v of people) expect(v === 'suppressed' || Number(v.replace(/,/g, '')) >= 10).toBe(true);
    await expect.poll(() => page.textContent('[data-testid=watchlists]')).toMatch(/[1-9][\d,]* matched posts/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-1280.png'), fullPage: true });

    await expect.poll(() => page.getAttribute('[data-testid=live-counter]', 'data-posts')).toBe(String(report.posts));
    const batch = [0, 1, 2].map((i) => JSON.stringify({ id: `live-${i}`, text: `Vote leave, take back control #VoteLeave ${i}`, created_at: '2016-06-23T08:00:00Z', lang: 'en' })).join('\n');
    const sent = Date.now();
    const r = await fetch(`${base}/api/listen/posts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: batch });
    expect(r.status).toBe(200);
    // The page's strict CSP forbids evaluated strings, so the test polls the attribute itself.
    await expect.poll(() => page.getAttribute('[data-testid=live-counter]', 'data-posts'), { timeout: 2000, interval: 20 }).toBe(String(report.posts + 3));
    const seenAfter = Date.now() - sent;
    await expect.poll(() => page.textContent('[data-testid=headline]'), { timeout: 2000 }).toContain(`${(report.posts + 3).toLocaleString('en-US')} posts`);
    console.log(`browser: posted batch reached the live counter in ${seenAfter} ms`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-after-post.png') });
    expect(errors.join('\n')).toBe('');
    // The session gone (expired, say): "log out" still leads back to the login form.
    await page.context().clearCookies();
    await page.click('header button:has-text("log out")');
    await page.waitForSelector('input[name=password]');
  });

  it('opens a shared URL with its filters, on a phone-sized screen, through a one-time login link', async () => {
    const { page, errors } = await open(390, 844);
    const link = await users.issueLoginLink('ana');
    await page.goto(`${base}/login/link?token=${link}`);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=headline]');
    await page.goto(`${base}/?country=GB&topic=economy`);
    await page.waitForSelector('[data-testid=headline]');
    const filtered = (await (await fetch(`${base}/api/listen/report?country=GB&topic=economy`, { headers: { authorization: `Bearer ${token}` } })).json()) as { posts: number };
    await expect.poll(() => page.textContent('[data-testid=headline]')).toContain(`${filtered.posts.toLocaleString('en-US')} posts`);
    expect(await page.textContent('[data-testid=filters]')).toMatch(/country: GB.*topic: economy/);
    // Removing a filter updates the URL.
    await page.click('text=country: GB ✕');
    await expect.poll(() => page.url()).toBe(`${base}/?topic=economy`);
    // Nothing is wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    expect(errors.join('\n')).toBe('');
  });
});
