import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { InputError } from '../src/core/errors';
import { recordActivity } from '../src/contacts/activities';
import { verifyAudit } from '../src/contacts/audit';
import { changeConsent } from '../src/contacts/consent/record';
import { importContacts } from '../src/contacts/imports';
import { personRecord } from '../src/contacts/people/record';
import { listReview, resolveReview } from '../src/contacts/review';
import { countSegment } from '../src/contacts/segments/count';
import { contactsDb } from '../src/contacts/tables';
import { backends } from './support/backends';

const ALL = { kind: 'all' } as const;
const source = { basis: 'consent' as const, collectedAt: Date.parse('2026-03-01'), collector: 'test', noticeVersion: 'v1' };
const CSV = [
  'first_name,last_name,email,phone,street,postcode,city,birth_year,tags,consent_newsletter_email,consent_canvassing_phone',
  'Gwenaëlle,Le Bihan,gwen@example.org,,12 rue de Siam,29200,Brest,1980,donor,yes,',
  'Gwenaelle,Le Bihan,,06 12 34 56 78,12 r. de Siam,29200,Brest,1980,volunteer,,yes',
  'Yann,Le Bihan,yann@example.org,,12 rue de Siam,29200,Brest,2004,,yes,',
].join('\n');

for (const backend of backends()) {
  describe(`review queue, consents and activity on ${backend.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      app = await openApp(fresh.config);
      const file = join(fresh.dir, 'people.csv');
      writeFileSync(file, CSV);
      await importContacts(app, { file, mapping: null, source, actor: 'tester' });
    });
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('queues the same person written twice at one address, not their son', async () => {
      const items = await listReview(contactsDb(app.store.db), ALL);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'fuzzy', personId: 2, otherId: 1 });
      expect(items[0]!.score).toBeGreaterThan(0.88);
    });

    it('merges: the newer record folds into the known one, the ledger keeps every entry, the gate sees both consents', async () => {
      const db = contactsDb(app.store.db);
      const entries = (await db.selectFrom('consents').select('id').execute()).length;
      const [item] = await listReview(db, ALL);
      await expect(resolveReview(app.store, item!.id, 'merge', 'organiser1', { kind: 'areas', areas: [] })).rejects.toThrow(InputError);
      const r = await resolveReview(app.store, item!.id, 'merge', 'organiser1', ALL);
      expect(r.survivor).toBe(1);
      expect(await db.selectFrom('people').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 3 }]);
      const rec = (await personRecord(db, 1))!;
      expect(rec.contactPoints.map((p) => p.value).sort()).toEqual(['+33612345678', 'gwen@example.org']);
      expect(rec.tags.map((t) => t.name).sort()).toEqual(['donor', 'volunteer']);
      expect((await db.selectFrom('consents').select('id').execute()).length).toBe(entries);
      expect(await countSegment(db, { condition: { all: [] }, use: { purpose: 'canvassing', channel: 'phone' }, scope: ALL, now: Date.now() })).toBe(1);
      expect(await countSegment(db, { condition: { all: [] }, use: { purpose: 'newsletter', channel: 'email' }, scope: ALL, now: Date.now() })).toBe(2);
      expect((await listReview(db, ALL)).length).toBe(0);
      expect(await db.selectFrom('review_queue').select('status').execute()).toEqual([{ status: 'merged' }]);
      expect((await verifyAudit(app.store.db)).ok).toBe(true);
    });

    it('records consents given and withdrawn outside an import as new entries, and the gate follows', async () => {
      const db = contactsDb(app.store.db);
      const use = { purpose: 'newsletter', channel: 'email' } as const;
      const n = () => countSegment(db, { condition: { all: [] }, use, scope: ALL, now: Date.now() });
      expect(await n()).toBe(2);
      await changeConsent(app.store, { personId: 3, ...use, granted: false, how: 'phone call', basis: 'consent', noticeVersion: null, actor: 'org' });
      expect(await n()).toBe(1);
      await expect(changeConsent(app.store, { personId: 3, ...use, granted: true, how: 'letter', basis: 'consent', noticeVersion: null, actor: 'org' })).rejects.toThrow(/notice/);
      await changeConsent(app.store, { personId: 3, ...use, granted: true, how: 'letter', basis: 'consent', noticeVersion: 'v2', actor: 'org' });
      expect(await n()).toBe(2);
      const rec = (await personRecord(db, 3))!;
      expect(rec.consents.map((c) => [c.granted, c.source?.label])).toEqual([[true, 'people.csv'], [false, 'phone call'], [true, 'letter']]);
    });

    it('keeps an activity history with its source', async () => {
      const db = contactsDb(app.store.db);
      await recordActivity(app.store, { personId: 3, kind: 'contact', channel: 'door', detail: 'interested in the tram project', actor: 'can1' });
      await expect(recordActivity(app.store, { personId: 3, kind: 'gossip' as never, actor: 'can1' })).rejects.toThrow(/activity kind/);
      const rec = (await personRecord(db, 3))!;
      expect(rec.activities).toEqual([expect.objectContaining({ kind: 'contact', channel: 'door', actor: 'can1', detail: 'interested in the tram project' })]);
      expect(await countSegment(db, { condition: { activity: { kind: 'contact', sinceDays: 7 } }, scope: ALL, now: Date.now() })).toBe(1);
    });

    it('shows an organiser the items about one person of their areas (a sign-up, a grant held back), not only pairs', async () => {
      const db = contactsDb(app.store.db);
      await db.updateTable('people').set({ area: 'zone-9' }).where('id', '=', 1).execute();
      await db.insertInto('review_queue').values({ id: 9400, kind: 'signup', person_id: 1, other_id: null, score: null, reason: 'a sign-up grants what the person withdrew', import_id: null, line: null, status: 'open', created_at: 1 }).execute();
      const mine = { kind: 'areas', areas: ['zone-9'] } as const;
      expect((await listReview(db, mine)).map((i) => i.id)).toContain(9400);
      expect((await listReview(db, { kind: 'areas', areas: ['elsewhere'] })).map((i) => i.id)).not.toContain(9400);
      expect(await resolveReview(app.store, 9400, 'dismiss', 'org1', mine)).toMatchObject({ id: 9400, decision: 'dismiss' });
    });

    it('decides an item once when two decisions on it come at once', async () => {
      const db = contactsDb(app.store.db);
      await db.insertInto('review_queue').values({ id: 9500, kind: 'fuzzy', person_id: 3, other_id: 1, score: 0.9, reason: 'similar name and address', import_id: null, line: null, status: 'open', created_at: 1 }).execute();
      const audited = async () => (await db.selectFrom('audit_log').select('action').where('action', 'like', 'contacts.review.%').execute()).length;
      const before = await audited();
      const results = await Promise.allSettled([resolveReview(app.store, 9500, 'merge', 'org1', ALL), resolveReview(app.store, 9500, 'keep', 'org2', ALL)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      // The other was refused: the item was no longer open (found so, or decided while it waited).
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(InputError);
      const decision = (won[0] as PromiseFulfilledResult<{ decision: string }>).value.decision;
      expect(await db.selectFrom('review_queue').select('status').where('id', '=', 9500).executeTakeFirstOrThrow()).toEqual({ status: decision === 'merge' ? 'merged' : 'kept' });
      expect(await audited()).toBe(before + 1);
      expect(await db.selectFrom('people').select('id').where('id', '=', 3).executeTakeFirst()).toEqual(decision === 'merge' ? undefined : { id: 3 });
    });
  });
}
