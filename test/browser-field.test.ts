import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAddresses } from '../src/field/addresses';
import { linkAddresses, saveAreas, saveStations } from '../src/field/areas';
import { createCampaign } from '../src/field/campaigns';
import { applySync } from '../src/field/sync';
import { saveAssignments, setCanvasser } from '../src/field/team';
import type { FieldDb } from '../src/field/tables';
import { fieldDb } from '../src/field/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { ARTIFACTS, builtWebRoot, chromiumPath, launchChromium, listenLocally, loggedInPage } from './support/browser';

const CHROMIUM = chromiumPath();
const PASSWORD = 'a long enough password';
const AREA = 'A01';
/** Three streets of 40 houses (numbers 1–40 along each): 120 addresses of one area. */
const STREETS = ['rue de la Loge', 'rue Foch', 'rue du Palais'];
const ADDRESSES = 120;

function addressesCsv(): string {
  const rows = ['id,street,number,postcode,city,lat,lon,doors,station'];
  STREETS.forEach((street, s) => {
    for (let n = 1; n <= 40; n++) rows.push(`a${s}-${n},${street},${n},34000,Montpellier,${(43.61 + s * 0.0012).toFixed(6)},${(3.87 + n * 0.00018).toFixed(6)},1,S1`);
  });
  return rows.join('\n');
}

const SCRIPT = {
  intro: 'Hello, we are canvassing for the municipal election.',
  questions: [{ id: 'intent', kind: 'single', text: 'Will you vote on Sunday?', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, { id: 'maybe', label: 'Maybe' }] }],
  consents: [],
  notice: { version: '2026-11', text: 'The campaign holds your answers for this election only.' },
};

async function turfsInStore(db: FieldDb, campaign: number): Promise<{ id: number; number: number; doors: number; version: number; addresses: number[] }[]> {
  const turfs = await db.selectFrom('field_turfs').select(['id', 'number', 'doors', 'version']).where('campaign_id', '=', campaign).orderBy('number').execute();
  const doors = await db.selectFrom('field_turf_doors').select(['turf_id', 'address_id']).where('campaign_id', '=', campaign).orderBy('seq').execute();
  return turfs.map((t) => ({ id: Number(t.id), number: Number(t.number), doors: Number(t.doors), version: Number(t.version), addresses: doors.filter((d) => Number(d.turf_id) === Number(t.id)).map((d) => Number(d.address_id)) }));
}

/**
 * Door events through the phones' sync: 30 contacted doors answering intent (20 yes, 7 no, 3 maybe:
 * "maybe" is under 5 and suppressed, and so is "no", the next smallest, since an exclusive
 * question's cells sum to the base) and 10 not at home.
 */
async function knock(t: TestApp, db: FieldDb, campaign: number): Promise<void> {
  const turfs = await db.selectFrom('field_turfs').select('id').where('campaign_id', '=', campaign).execute();
  await saveAssignments(db, { campaignId: campaign, turfs: turfs.map((x) => ({ turfId: Number(x.id), users: ['walker'] })), assignedBy: 'orga' });
  const doors = await db.selectFrom('field_turf_doors').select(['turf_id', 'address_id']).where('campaign_id', '=', campaign).orderBy('address_id').limit(40).execute();
  const at = Date.parse('2026-11-28T10:00:00Z');
  const events = doors.map((d, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    campaignId: campaign,
    turfId: Number(d.turf_id),
    addressId: Number(d.address_id),
    result: i < 30 ? 'contacted' : 'not_home',
    ...(i < 30 ? { answers: { intent: i < 20 ? 'yes' : i < 27 ? 'no' : 'maybe' } } : {}),
    at: at + i * 60_000,
  }));
  const r = await applySync(t.app.store, { name: 'walker', role: 'canvasser' }, 'phone-1', events);
  expect(r.rejected).toEqual([]);
  expect(r.stored).toHaveLength(40);
}

describe.skipIf(!CHROMIUM)('the field view in a real browser (Chromium)', () => {
  let t: TestApp;
  let db: FieldDb;
  let campaign: number;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const webRoot = await builtWebRoot();
    t = await openTestApp(backends()[0]!);
    db = fieldDb(t.app.store.db);
    await saveStations(db, [{ code: 'S1', name: 'École Jules Ferry', lat: 43.611, lon: 3.873 }]);
    await saveAreas(db, [{ id: AREA, name: 'Écusson', stations: ['S1'], registered: 190 }], 'test');
    const file = join(t.dir, 'addresses.csv');
    writeFileSync(file, addressesCsv());
    await importAddresses(t.app.store, file, { actor: 'root' });
    await linkAddresses(db);
    campaign = (await createCampaign({ db: t.app.store.db, dialect: t.app.store.dialect }, { name: 'Municipales 2026', script: SCRIPT, actor: 'root' })).id;
    const users = new UserStore(t.app.store);
    await users.add('orga', 'organiser', PASSWORD);
    await users.add('walker', 'canvasser', PASSWORD);
    await setCanvasser(db, { user: 'walker', district: AREA, attributes: { gender: 'f', age_band: '25-34' }, availability: ['sat-am'] });
    const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', webRoot, store: t.app.store, pseudonymiser: t.app.pseudonymiser });
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

  const open = (path: string, width: number): Promise<Page> => loggedInPage(browser, base, path, width, 'orga', PASSWORD);
  const rows = (page: Page) => page.locator('[data-testid=turf-list] tbody tr');

  it('cuts the area into turfs, shows them on the map, merges two and splits one; then progress and answers', async () => {
    const page = await open('/field', 1400);
    await page.waitForSelector('[data-testid=field-choice]');
    expect(await page.inputValue('select[aria-label=area]')).toBe(AREA);
    await page.fill('input[name=target]', '20');
    await page.click('form[aria-label="cut turfs"] button[type=submit]');
    await page.waitForSelector('[data-testid=turf-change]');
    const cut = await turfsInStore(db, campaign);
    expect(cut.length).toBeGreaterThanOrEqual(4);
    expect(cut.flatMap((x) => x.addresses).sort()).toHaveLength(ADDRESSES);
    await expect.poll(() => rows(page).count()).toBe(cut.length);
    await expect.poll(() => page.getAttribute('[data-testid=turf-map]', 'data-map-state'), { timeout: 20_000 }).toBe('ready');
    expect(await page.getAttribute('[data-testid=turf-map]', 'data-doors')).toBe(String(ADDRESSES));
    expect(await page.locator('.turf-label').count()).toBe(cut.length);

    // Merge turfs 1 and 2: one turf fewer, turf 1 holds both turfs' doors, its version bumped.
    const [one, two] = [cut.find((x) => x.number === 1)!, cut.find((x) => x.number === 2)!];
    await page.check('input[aria-label="pick turf 1"]');
    await page.check('input[aria-label="pick turf 2"]');
    await page.click('[data-testid=turf-edit] button:has-text("Merge")');
    await expect.poll(() => page.textContent('[data-testid=turf-change]')).toMatch(/Merged/);
    const merged = await turfsInStore(db, campaign);
    expect(merged).toHaveLength(cut.length - 1);
    const survivor = merged.find((x) => x.id === one.id || x.id === two.id)!;
    expect(survivor.addresses.sort()).toEqual([...one.addresses, ...two.addresses].sort());
    expect(survivor.version).toBeGreaterThan(1);
    await expect.poll(() => rows(page).count()).toBe(merged.length);

    // Split the merged turf in 3: two more turfs, the same doors between them, each door in one turf.
    await page.click(`[data-testid=turf-list] tr[data-turf="${survivor.number}"] button.link`);
    await page.waitForSelector('[data-testid=door-list] li');
    await page.selectOption('select[aria-label=parts]', '3');
    await page.click('[data-testid=turf-edit] button:has-text("Split")');
    await expect.poll(() => page.textContent('[data-testid=turf-change]')).toMatch(/Split/);
    const split = await turfsInStore(db, campaign);
    expect(split).toHaveLength(merged.length + 2);
    expect(split.flatMap((x) => x.addresses).sort()).toEqual(cut.flatMap((x) => x.addresses).sort());
    await expect.poll(() => rows(page).count()).toBe(split.length);

    // Shift-drag a box over the whole map: every door is selected; then clear.
    const canvas = (await page.locator('[data-testid=turf-map] canvas').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(canvas.x + 3, canvas.y + 3);
    await page.mouse.down();
    await page.mouse.move(canvas.x + canvas.width - 3, canvas.y + canvas.height - 3, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.textContent('[data-testid=turf-edit]')).toContain(`${ADDRESSES} selected`);
    await page.click('[data-testid=turf-edit] button:has-text("clear")');

    // Tick the open turf's first two doors and move them to the last turf.
    const open1 = split.find((x) => x.id === survivor.id)!;
    const last = split[split.length - 1]!;
    const boxes = page.locator('[data-testid=door-list] input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.selectOption('select[aria-label="move to turf"]', { label: `turf ${last.number}` });
    await page.click(`[data-testid=turf-edit] button:has-text("Move to turf ${last.number}")`);
    await expect.poll(() => page.textContent('[data-testid=turf-change]')).toMatch(/Moved 2 addresses/);
    const moved = await turfsInStore(db, campaign);
    expect(moved.find((x) => x.id === last.id)!.addresses).toEqual(expect.arrayContaining(open1.addresses.slice(0, 2)));
    expect(moved.find((x) => x.id === open1.id)!.addresses).toHaveLength(open1.addresses.length - 2);
    await page.screenshot({ path: join(ARTIFACTS, 'field.png'), fullPage: true });
    copyFileSync(join(ARTIFACTS, 'field.png'), join(import.meta.dirname, '..', 'docs', 'field.png'));

    await knock(t, db, campaign);
    await page.click('nav[aria-label="field sections"] button:has-text("Progress")');
    await expect.poll(() => page.textContent('[data-testid=progress-total]')).toMatch(/^40 of 120 addresses knocked/);
    expect(await page.textContent('[data-testid=progress-total]')).toContain('30 contacts');
    // The turf table has its own fetch: wait for it rather than read it the moment the total shows.
    await expect.poll(() => page.locator('[data-testid=progress-turfs] tbody tr').count()).toBe(split.length);
    const csvOf = async (link: string): Promise<string> => {
      const res = await page.request.get(`${base}${(await page.getAttribute(link, 'href'))!}`);
      expect(res.headers()['content-type']).toMatch(/^text\/csv/);
      return res.text();
    };
    expect((await csvOf('[data-testid=progress-turfs] a:has-text("CSV")')).trim().split('\n')).toHaveLength(split.length + 1);

    await page.click('nav[aria-label="field sections"] button:has-text("Answers")');
    await page.waitForSelector('[data-testid=answer-question] tbody tr');
    const answers = await page.textContent('[data-testid=answer-question]');
    expect(answers).toContain('Will you vote on Sunday?');
    expect(answers).toContain('66.7 %'); // 20 of 30
    expect(answers).toContain('<5');
    expect(await csvOf('[data-testid=answer-question] a:has-text("CSV")')).toContain('intent');

    // Teams: the canvasser, the turfs handed out to them, and ending one assignment.
    await page.click('nav[aria-label="field sections"] button:has-text("Teams")');
    await page.waitForSelector('[data-testid=assignments] tbody tr');
    expect(await page.textContent('[data-testid=canvassers]')).toContain('gender: f');
    // Every attribute unticked leaves nothing to mirror: the form does not send what the server would refuse.
    const compute = page.locator('[data-testid=team-form] button:has-text("Compute teams")');
    for (const box of await page.locator('[data-testid=team-form] input[data-attribute]').all()) await box.uncheck();
    expect(await compute.isDisabled()).toBe(true);
    await page.check('[data-testid=team-form] input[data-attribute=gender]');
    expect(await compute.isDisabled()).toBe(false);
    expect(await page.locator('[data-testid=assignments] tbody tr').count()).toBe(split.length);
    await page.click('[data-testid=assignments] tbody tr:first-child button:has-text("End")');
    await expect.poll(() => page.locator('[data-testid=assignments] tbody tr').count()).toBe(split.length - 1);
    const ended = await db.selectFrom('field_assignments').select('id').where('campaign_id', '=', campaign).where('ended_at', 'is not', null).execute();
    expect(ended).toHaveLength(1);
  });

  it('shows a server refusal in an alert', async () => {
    const page = await open(`/field?campaign=${campaign}`, 1400);
    await page.waitForSelector('[data-testid=turf-list] tbody tr');
    // The turfs have door events now: cutting again without "replace existing turfs" is refused.
    await page.click('form[aria-label="cut turfs"] button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').count()).toBeGreaterThan(0);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await open(`/field?campaign=${campaign}`, 390);
    await page.waitForSelector('[data-testid=turf-list] tbody tr');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
