import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRound } from '../src/elections/formats/read';
import { loadRound, saveRound } from '../src/elections/store';
import { saveStations } from '../src/field/areas';
import type { FieldDb } from '../src/field/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { twoDistrictRounds } from './support/elections';
import { ARTIFACTS, builtWebRoot, chromiumPath, launchChromium, listenLocally, loggedInPage } from './support/browser';

const CHROMIUM = chromiumPath();
const PASSWORD = 'a long enough password';
const FIXTURES = join(import.meta.dirname, '..', 'data', 'elections');

describe.skipIf(!CHROMIUM)('the elections view in a real browser (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const webRoot = await builtWebRoot();
    t = await openTestApp(backends()[0]!);
    for (const n of [1, 2]) {
      const file = join(FIXTURES, `fr-legislatives-2024-finistere-circ2-3-by-station-tour${n}.csv`);
      await saveRound(t.app.store.db, { election: 'fin2024', round: n, name: 'Législatives 2024, Finistère 2–3' }, (await readRound(file)).round);
    }
    // The stations on a grid near Brest (the shipped results carry no coordinates), so the maps have something to show.
    const units = (await loadRound(t.app.store.db, 'fin2024', 1)).units;
    await saveStations(t.app.store.db as FieldDb, units.map((u, i) => ({ code: u.sourceCode, name: null, lat: 48.3 + Math.floor(i / 15) * 0.01, lon: -4.6 + (i % 15) * 0.01 })));
    const [r1, r2] = twoDistrictRounds();
    await saveRound(t.app.store.db, { election: 'two', round: 1, name: 'Two districts' }, r1);
    await saveRound(t.app.store.db, { election: 'two', round: 2, name: 'Two districts' }, r2);
    const users = new UserStore(t.app.store);
    await users.add('vic', 'viewer', PASSWORD);
    const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', webRoot });
    const served = await listenLocally(api.fetch);
    base = served.base;
    close = served.close;
    browser = await launchChromium(CHROMIUM!);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await t?.close();
  });

  const open = (path: string, width: number): Promise<Page> => loggedInPage(browser, base, path, width, 'vic', PASSWORD);

  it('shows results, turnout, the transfer heat map with intervals, the projection and priority areas', async () => {
    const page = await open('/elections?election=fin2024&from=1&to=2&method=lp', 1280);
    await page.waitForSelector('[data-testid=transfer-matrix] svg');
    await page.waitForSelector('[data-testid=priority-areas] tbody tr');
    await page.waitForSelector('[data-testid=projection] tbody tr');
    expect(await page.textContent('[data-testid=election-totals]')).toMatch(/registered, [\d.]+ % turnout/);
    await expect.poll(() => page.locator('[data-testid=unit-table] tbody tr').count()).toBe(200);
    expect(await page.locator('[data-testid=transfer-matrix] svg path').count()).toBeGreaterThan(20);
    expect(await page.textContent('[data-testid=transfer-matrix]')).toContain('201 units matched');
    expect(await page.locator('[data-testid=priority-areas] tbody tr').count()).toBeGreaterThan(5);
    // The units and the priority areas on maps (WebGL in headless Chromium), every station placed.
    await expect.poll(() => page.getAttribute('[data-testid=unit-map]', 'data-map-state'), { timeout: 20_000 }).toBe('ready');
    expect(await page.getAttribute('[data-testid=unit-map]', 'data-stations')).toBe('201');
    expect(await page.textContent('[data-testid=unit-map-panel]')).toContain('201 of 201 units placed');
    await expect.poll(() => page.getAttribute('[data-testid=priority-map]', 'data-map-state'), { timeout: 20_000 }).toBe('ready');
    expect(await page.getAttribute('[data-testid=priority-map]', 'data-stations')).toBe('201');
    expect(await page.textContent('[data-testid=priority-areas]')).toContain('Areas group nearby stations.');
    await page.selectOption('select[aria-label="colour units by"]', 'leader');
    await expect.poll(() => page.locator('[data-testid=unit-map-panel] .map-legend span').count()).toBeGreaterThan(1);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, 'elections.png'), fullPage: true });
    copyFileSync(join(ARTIFACTS, 'elections.png'), join(import.meta.dirname, '..', 'docs', 'elections.png'));
    // Another method through the URL; Back returns to the first.
    await page.selectOption('select[aria-label=method]', 'goodman');
    await page.waitForSelector('[data-testid=transfer-matrix][data-method=goodman]');
    expect(page.url()).toContain('method=goodman');
    await page.goBack();
    await page.waitForSelector('[data-testid=transfer-matrix][data-method=lp]');
    // md-bayes takes a while: the view says how far it has got (the previous matrix stays below), then shows its matrix.
    await page.selectOption('select[aria-label=method]', 'md-bayes');
    await page.waitForSelector('[data-testid=estimate-progress]');
    await expect.poll(() => page.textContent('[data-testid=estimate-progress]'), { timeout: 60_000 }).toMatch(/^Estimating the transfers \(md-bayes\): \d+ % of [\d,]+ sweeps, \d+ s/);
    await page.waitForSelector('[data-testid=transfer-matrix][data-method=md-bayes]', { timeout: 240_000 });
    expect(await page.locator('[data-testid=estimate-progress]').count()).toBe(0);
  }, 300_000);

  it('cancels a long estimate: the view says so, and the server stops it', async () => {
    const page = await open('/elections?election=fin2024&from=2&to=1&method=md-bayes', 1280);
    await expect.poll(() => page.textContent('[data-testid=estimate-progress]'), { timeout: 60_000 }).toMatch(/: \d+ % of [\d,]+ sweeps/);
    const clicked = Date.now();
    await page.click('[data-testid=estimate-progress] button:has-text("Cancel")');
    await page.waitForSelector('[role=alert]:has-text("the md-bayes estimate was cancelled")');
    // Within a couple of seconds (the chains look every 25 sweeps), not at the end of the estimate.
    expect(Date.now() - clicked).toBeLessThan(3_000);
    expect(await page.locator('[data-testid=transfer-matrix]').count()).toBe(0);
    const progress = await page.evaluate(() => fetch('/api/elections/fin2024/transfers/progress?from=2&to=1&method=md-bayes').then((r) => r.json()));
    expect(progress).toEqual({ state: 'none' });
  }, 120_000);

  it('estimates one district, or pools candidates by party, and says when pooling mixes line-ups', async () => {
    const page = await open('/elections?election=two&from=1&to=2&method=lp', 1280);
    await page.waitForSelector('[data-testid=transfer-matrix] svg');
    // The ministry's 2024 files give no district: the Finistère election offers none (its options name parties).
    expect(await page.locator('select[aria-label="in district"] option').allTextContents()).toEqual(['all (pooled)', '01-1', '01-2']);
    const rows = () => page.locator('[data-testid=transfer-matrix]').getAttribute('data-rows');
    expect(await rows()).toBe('ABSTENTION,A,B,C,D');
    await page.selectOption('select[aria-label=by]', 'party');
    await expect.poll(rows).toBe('ABSTENTION,X,Y,Z');
    expect(page.url()).toContain('by=party');
    expect(await page.textContent('[data-testid=pooling-note]')).toMatch(/^pooled by party over 2 districts whose second rounds have 2 different line-ups/);
    await page.selectOption('select[aria-label="in district"]', '01-1');
    await expect.poll(rows).toBe('ABSTENTION,X,Y');
    expect(page.url()).toContain('district=01-1');
    expect(await page.locator('[data-testid=pooling-note]').count()).toBe(0);
    // The priority areas follow the district: only its stations (U01–U12) are ranked.
    await page.waitForSelector('[data-testid=priority-areas] tbody tr');
    const stations = async () => (await page.locator('[data-testid=priority-areas] tbody td:nth-child(2)').allTextContents()).flatMap((t) => t.split(', ')).sort();
    await expect.poll(stations).toEqual(Array.from({ length: 12 }, (_, i) => `U${String(i + 1).padStart(2, '0')}`));
    // Another election that has no such district: the choice is dropped, not sent.
    await page.selectOption('select[aria-label=election]', 'fin2024');
    await page.waitForSelector('[data-testid=transfer-matrix] svg');
    expect(await page.locator('select[aria-label="in district"]').count()).toBe(0);
  }, 120_000);

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await open('/elections?election=fin2024', 390);
    await page.waitForSelector('[data-testid=transfer-matrix] svg');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
