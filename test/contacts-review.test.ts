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

  describe(`rows sharing an email or phone under another name on ${backend.name}`, () => {
    const apps: App[] = [];
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const a of apps) await a.close();
      for (const c of cleanups) await c();
    });
    const FIRST = 'first_name,last_name,email,phone\nJean,Dupont,jean@example.org,02 98 11 22 33\n';
    const SECOND = [
      'first_name,last_name,email,phone,consent_canvassing_phone',
      'Marie,Dupont,,02 98 11 22 33,yes', // the household's landline
      'JEAN,DUPONT,,0298112233,', // the same man, in capitals
      'J.,Dupont,jean@example.org,,', // by his initial
      'Dupont,Jean,jean@example.org,,', // columns swapped
      ',Dupont,,+33298112233,', // no first name
      'Paul,Martin,jean@example.org,,', // a colleague writing from the office address
      'Marie,Dupont,marie@example.org,02 98 11 22 33,', // Marie again, with her own address
      'Jeanne,Dupont,,02 98 11 22 33,', // one letter more: another person
    ].join('\n');

    /** A fresh store with Jean, then SECOND imported in batches of `batchRows`. */
    async function household(batchRows: number) {
      const fresh = await backend.fresh();
      cleanups.push(fresh.cleanup);
      const a = await openApp(fresh.config);
      apps.push(a);
      const file = (name: string, text: string) => (writeFileSync(join(fresh.dir, name), text), join(fresh.dir, name));
      await importContacts(a, { file: file('first.csv', FIRST), mapping: null, source, actor: 'tester' });
      const summary = await importContacts(a, { file: file('second.csv', SECOND), mapping: null, source, actor: 'tester', batchRows });
      const db = contactsDb(a.store.db);
      const people = await db.selectFrom('people').select(['id', 'given_name', 'family_name']).orderBy('id').execute();
      const points = await db.selectFrom('contact_points').select(['person_id', 'value']).orderBy('value').execute();
      const items = await listReview(db, ALL);
      return { app: a, db, file, summary, people, points, items };
    }

    it('creates such a row apart with a review item, merges real duplicates, and decides alike wherever batches end', async () => {
      const h = await household(1000);
      expect(h.summary).toMatchObject({ rows: 8, created: 3, merged: 5, review: 3, bad: 0 });
      expect(h.people.map((p) => `${p.id} ${p.given_name ?? ''} ${p.family_name}`)).toEqual(['1 Jean Dupont', '2 Marie Dupont', '3 Paul Martin', '4 Jeanne Dupont']);
      // Each point has one holder: the shared ones stay with Jean; Marie's own address is hers.
      expect(h.points.map((p) => `${p.value} ${p.person_id}`)).toEqual(['+33298112233 1', 'jean@example.org 1', 'marie@example.org 2']);
      expect(h.items.map((i) => [i.kind, i.personId, i.otherId, i.line, i.reason])).toEqual([
        ['shared', 2, 1, 2, expect.stringMatching(/^this row's phone belongs to a person of another name .*: not merged; created apart, without that phone/)],
        ['shared', 3, 1, 7, expect.stringMatching(/^this row's e-mail belongs to a person of another name/)],
        ['shared', 4, 1, 9, expect.stringMatching(/^this row's phone belongs to/)],
      ]);
      // Marie's consent is Marie's, not Jean's.
      const granted = await h.db.selectFrom('consent_state').select(['person_id', 'purpose']).where('granted', '=', 1).execute();
      expect(granted.map((g) => [Number(g.person_id), g.purpose])).toEqual([[2, 'canvassing']]);
      // One row a batch: the earlier rows are stored by then, and found again (people created apart, through their items).
      // The same outcome, by name (each batch reserves its own ids).
      const outcome = (x: typeof h) => {
        const name = new Map(x.people.map((p) => [Number(p.id), `${p.given_name ?? ''} ${p.family_name}`]));
        return [[...name.values()], x.points.map((p) => `${p.value} ${name.get(Number(p.person_id))}`), x.items.map((i) => [i.kind, name.get(i.personId!), name.get(i.otherId!), i.line])];
      };
      const one = await household(1);
      expect(one.summary).toMatchObject({ rows: 8, created: 3, merged: 5, review: 3 });
      expect(outcome(one)).toEqual(outcome(h));
    });

    it('finds the person created apart again in a later file, and the queue decides the pair', async () => {
      const h = await household(1000);
      const third = h.file('third.csv', 'first_name,last_name,email,phone\nMarie,Dupont,,0298112233\nPaul,Martin,jean@example.org,\nMarie,Dupont,marie@example.org,0298112233\n');
      const s = await importContacts(h.app, { file: third, mapping: null, source, actor: 'tester' });
      expect(s).toMatchObject({ rows: 3, created: 0, merged: 3, review: 0 });
      expect(await h.db.selectFrom('people').select('id').execute()).toHaveLength(4);
      const [marie, paul] = h.items;
      expect(await resolveReview(h.app.store, marie!.id, 'keep', 'org1', ALL)).toMatchObject({ decision: 'keep' });
      // Kept as two people, Marie is still found under her name with the household's phone.
      const again = await importContacts(h.app, { file: third, mapping: null, source, actor: 'tester', again: true });
      expect(again).toMatchObject({ created: 0, merged: 3, review: 0 });
      expect(await resolveReview(h.app.store, paul!.id, 'merge', 'org1', ALL)).toMatchObject({ survivor: 1 });
      expect((await h.db.selectFrom('people').select('id').orderBy('id').execute()).map((p) => Number(p.id))).toEqual([1, 2, 4]);
      expect((await verifyAudit(h.app.store.db)).ok).toBe(true);
    });
  });
}
