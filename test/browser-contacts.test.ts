import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContacts } from '../src/contacts/imports';
import { savePolicy } from '../src/contacts/retention';
import { dueDate, openRequest } from '../src/contacts/rights';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { ARTIFACTS, builtWebRoot, chromiumPath, launchChromium, listenLocally, loggedInPage } from './support/browser';

const CHROMIUM = chromiumPath();
const PASSWORD = 'a long enough password';
const PEOPLE = [
  'first_name,last_name,email,phone,street,postcode,birth_year,area,tags,consent_newsletter_email,consent_canvassing_door',
  'Élodie,Martin,elodie.martin@example.org,06 12 34 56 78,12 rue de la Loge,34000,1984,34172_0001,volunteer|donor,yes,yes',
  'Jean,Dupont,jean.dupont@example.org,,,34000,,34172_0001,,no,',
  'Marie,Durand,marie.durand@example.org,,,29200,,29019_0002,volunteer,yes,',
  // A likely duplicate of Élodie Martin: the accent dropped, the same street, postcode and birth
  // year, no e-mail or phone in common. It is created and queued for review, not merged.
  'Elodie,Martin,e.martin@example.net,,12 rue de la Loge,34000,1984,34172_0001,,,',
].join('\n');
const UPLOAD = ['Prénom,Nom,Courriel,Bureau', 'Lucie,Moreau,lucie.moreau@example.org,34172_0003', 'Hugo,Petit,not-an-email,34172_0003'].join('\n');

describe.skipIf(!CHROMIUM)('the contacts view in a real browser (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const webRoot = await builtWebRoot();
    t = await openTestApp(backends()[0]!);
    const file = join(t.dir, 'people.csv');
    writeFileSync(file, PEOPLE);
    await importContacts(t.app, { file, mapping: null, source: { label: 'fête de la rose 2026', basis: 'consent', collectedAt: Date.parse('2026-06-01'), collector: 'root', noticeVersion: 'notice-v3' }, actor: 'root' });
    const users = new UserStore(t.app.store);
    await users.add('root', 'admin', PASSWORD);
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

  const open = (path: string, width: number): Promise<Page> => loggedInPage(browser, base, path, width, 'root', PASSWORD);

  it('searches a person, opens the profile with the consent history, imports a CSV and counts a segment', async () => {
    const page = await open('/contacts', 1280);
    await page.waitForSelector('[data-testid=people-results] tbody tr');
    expect(await page.locator('[data-testid=people-results] tbody tr').count()).toBe(4); // the likely duplicate is still a person until reviewed
    await page.fill('input[name=q]', 'mart');
    await page.click('form[role=search] button');
    await expect.poll(() => page.locator('[data-testid=people-results] tbody tr').count()).toBe(2);
    expect(page.url()).toContain('q=mart');
    await page.click('[data-testid=people-results] button:has-text("Élodie Martin")');
    await page.waitForSelector('[data-testid=consent-history] tbody tr');
    const history = await page.textContent('[data-testid=consent-history]');
    expect(history).toContain('newsletter');
    expect(history).toContain('import: fête de la rose 2026');
    expect(history).toContain('notice-v3');
    expect(await page.textContent('[data-testid=profile]')).toContain('+33612345678');
    await page.screenshot({ path: join(ARTIFACTS, 'contacts.png'), fullPage: true });
    copyFileSync(join(ARTIFACTS, 'contacts.png'), join(import.meta.dirname, '..', 'docs', 'contacts.png'));

    // The import wizard: upload, the guessed mapping, import, the report with the bad line.
    await page.click('nav[aria-label="contacts sections"] button:has-text("Import")');
    const upload = join(t.dir, 'upload.csv');
    // Saved by a spreadsheet in Windows-1252 ("Prénom" with é as one byte): the page sends the bytes, and the server decodes them.
    writeFileSync(upload, UPLOAD, 'latin1');
    await page.setInputFiles('input[type=file]', upload);
    await page.fill('input[name=noticeVersion]', 'notice-v4');
    await page.click('button:has-text("Preview")');
    await page.waitForSelector('[data-testid=import-mapping]');
    expect(await page.inputValue('select[aria-label="target of Courriel"]')).toBe('email');
    expect(await page.locator('select[aria-label="target of Prénom"]').count()).toBe(1);
    expect(await page.inputValue('select[aria-label="target of Bureau"]')).toBe('area');
    await page.selectOption('select[aria-label="target of Bureau"]', 'ignore');
    await page.click('[data-testid=import-mapping] button:has-text("Import")');
    await page.waitForSelector('[data-testid=import-report]');
    const report = await page.textContent('[data-testid=import-report]');
    expect(report).toMatch(/2 rows: 1 new/);
    expect(report).toMatch(/1 bad/);
    expect(await page.textContent('[data-testid=import-report] [data-testid=bad-lines]')).toContain('3');
    // The import is listed with the others, as stored (what a lost answer would not have shown).
    await expect.poll(() => page.textContent('[data-testid=recent-imports] tbody tr:first-child'), { timeout: 10_000 }).toMatch(/upload\.csv\s*finished.*2\s*1\s*0\s*0\s*1$/);

    // A segment's live count, then for a use (only those who may be reached).
    await page.click('nav[aria-label="contacts sections"] button:has-text("Segments")');
    await page.fill('input[aria-label="value 1"]', 'volunteer');
    const countIs = (re: RegExp) => expect.poll(() => page.textContent('[data-testid=segment-count]'), { timeout: 10_000 }).toMatch(re);
    await countIs(/^2 people/);
    await page.selectOption('select[aria-label=purpose]', 'canvassing');
    await page.selectOption('select[aria-label=channel]', 'door');
    await countIs(/^1 people who may be reached for canvassing by door/);
  });

  it('corrects a person from the profile (rectification), and names the field it refuses', async () => {
    const page = await open('/contacts', 1280);
    await page.waitForSelector('[data-testid=people-results] tbody tr');
    await page.click('[data-testid=people-results] button:has-text("Jean Dupont")');
    await page.waitForSelector('[data-testid=profile]');
    await page.click('[data-testid=profile] button:has-text("Correct")');
    await page.waitForSelector('[data-testid=rectify]');
    expect(await page.inputValue('[data-testid=rectify] textarea[name=emails]')).toBe('jean.dupont@example.org');
    // A birth year that is not one: refused, the field named, nothing changed.
    await page.fill('[data-testid=rectify] input[name=birthYear]', 'soon');
    await page.click('[data-testid=rectify] button:has-text("Save the correction")');
    await expect.poll(() => page.textContent('[data-testid=rectify] [role=alert]')).toMatch(/birthYear/);
    await page.fill('[data-testid=rectify] input[name=birthYear]', '1970');
    await page.fill('[data-testid=rectify] input[name=givenName]', 'Jean-Pierre');
    await page.fill('[data-testid=rectify] textarea[name=phones]', '06 98 76 54 32');
    await page.screenshot({ path: join(ARTIFACTS, 'contacts-rectify.png'), fullPage: true });
    await page.click('[data-testid=rectify] button:has-text("Save the correction")');
    await expect.poll(() => page.textContent('[data-testid=profile] [role=status]')).toMatch(/^Corrected: /);
    expect(await page.locator('[data-testid=rectify]').count()).toBe(0);
    // The profile is asked for again after the note: wait for the record as corrected.
    await expect.poll(() => page.textContent('[data-testid=profile] h2')).toContain('Jean-Pierre Dupont');
    const profile = await page.textContent('[data-testid=profile]');
    expect(profile).toContain('+33698765432');
    expect(profile).toContain('1970');
    expect(profile).toContain('jean.dupont@example.org');
  });

  it('shows the likely duplicate side by side in the review queue and merges it', async () => {
    const page = await open('/contacts', 1280);
    await page.click('nav[aria-label="contacts sections"] button:has-text("Review")');
    await expect.poll(() => page.locator('[data-testid=review-item]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid=review-person]').count()).toBe(2);
    const item = await page.textContent('[data-testid=review-item]');
    expect(item).toContain('Elodie Martin');
    expect(item).toContain('Élodie Martin');
    expect(item).toContain('e.martin@example.net');
    expect(item).toContain('elodie.martin@example.org');
    expect(item).toContain('1984');
    expect(item).toContain('similar name and address');
    await page.screenshot({ path: join(ARTIFACTS, 'contacts-review.png'), fullPage: true });
    await page.click('[data-testid=review-item] button:has-text("Merge")');
    await expect.poll(() => page.locator('[data-testid=review-item]').count()).toBe(0);
    expect(await page.textContent('[data-testid=review]')).toContain('Nothing to review.');

    await page.click('nav[aria-label="contacts sections"] button:has-text("People")');
    await page.fill('input[name=q]', 'mart');
    await page.click('form[role=search] button');
    await expect.poll(() => page.locator('[data-testid=people-results] tbody tr').count()).toBe(1);
    await page.click('[data-testid=people-results] button:has-text("Martin")');
    await page.waitForSelector('[data-testid=profile]');
    const profile = await page.textContent('[data-testid=profile]');
    expect(profile).toContain('elodie.martin@example.org');
    expect(profile).toContain('e.martin@example.net'); // the merged person's e-mail moved over
  });

  it('shows the retention preview and the request log as they are, and an erased profile as erased', async () => {
    const page = await open('/contacts?tab=retention', 1280);
    await page.waitForSelector('[data-testid=retention] .empty');
    // The command the empty state gives is one that exists.
    expect(await page.textContent('[data-testid=retention]')).toContain('hustings contacts retention --policy NAME --keep-days N --from collected');
    await savePolicy(t.app, 'after the vote', { keepDays: 30, from: 'election', electionDay: '2026-03-15', purposes: ['newsletter'] }, 'root');
    await page.reload();
    await page.waitForSelector('[data-testid=retention] tbody tr');
    expect(await page.textContent('[data-testid=retention] tbody tr')).toContain('30 days from the election of 2026-03-15 (data collected for newsletter only)');

    // A request whose deadline passed a few hours ago is a day overdue, not "0 days overdue".
    const now = Date.now();
    let received = now - 32 * 86_400_000;
    while (dueDate(received) < now - 6 * 3_600_000) received += 3_600_000;
    await openRequest(t.app, { personId: null, kind: 'access', receivedAt: received, actor: 'root' });
    await page.click('nav[aria-label="contacts sections"] button:has-text("Rights requests")');
    await page.waitForSelector('[data-testid=rights-requests] tbody tr');
    expect(await page.textContent('[data-testid=rights-requests] tbody tr')).toContain('(1 day overdue)');

    // Erased from the profile: said so, with the way back, not "no person N" as if it had failed.
    await page.click('nav[aria-label="contacts sections"] button:has-text("People")');
    await page.click('[data-testid=people-results] button:has-text("Marie Durand")');
    await page.waitForSelector('[data-testid=profile]');
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-testid=profile] button:has-text("Erase")');
    await page.waitForSelector('[data-testid=profile-erased]');
    expect(await page.textContent('[data-testid=profile-erased]')).toMatch(/^Person #\d+ erased/);
    expect(await page.locator('main [role=alert]').count()).toBe(0);
    await page.click('[data-testid=profile-erased] button:has-text("back to the search")');
    await page.waitForSelector('[data-testid=people-results] tbody tr');
    expect(await page.textContent('[data-testid=people-results]')).not.toContain('Marie');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await open('/contacts', 390);
    await page.waitForSelector('[data-testid=people-results] tbody tr');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
