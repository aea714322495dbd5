import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAudit } from '../src/contacts/audit';
import { personRecord } from '../src/contacts/people/record';
import { retentionCandidates, runRetention, savePolicy, scheduleRetention } from '../src/contacts/retention';
import { closeRequest, dueDate, listRequests, openRequest } from '../src/contacts/rights';
import { contactsDb } from '../src/contacts/tables';
import { changeConsent } from '../src/contacts/consent/record';
import { InputError } from '../src/core/errors';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { DAY, fixtureSource, insertPerson } from './support/contacts-fixture';

describe('request due dates (art. 12(3): one calendar month)', () => {
  it('clamps to the last day of a shorter month', () => {
    expect(new Date(dueDate(Date.UTC(2025, 0, 31, 10))).toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(new Date(dueDate(Date.UTC(2024, 0, 31))).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(dueDate(Date.UTC(2025, 2, 31))).toISOString()).toBe('2025-04-30T00:00:00.000Z');
    expect(new Date(dueDate(Date.UTC(2025, 11, 15))).toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });
});

const NOW = Date.UTC(2026, 5, 1);

for (const backend of backends()) {
  describe(`rights requests on ${backend.name}`, () => {
    let t: TestApp;
    beforeAll(async () => (t = await openTestApp(backend)));
    afterAll(async () => t?.close());

    it('logs requests with their deadline, days left and overdue, and closes them', async () => {
      const src = await fixtureSource(t.app);
      const p = await insertPerson(t.app, { given: 'Yvon', family: 'Le Goff' }, src);
      const late = await openRequest(t.app, { personId: p, kind: 'access', receivedAt: Date.UTC(2026, 3, 1), actor: 'dpo' });
      const soon = await openRequest(t.app, { personId: null, kind: 'erasure', receivedAt: Date.UTC(2026, 4, 20), actor: 'dpo' });
      await expect(openRequest(t.app, { personId: p, kind: 'forget-me', receivedAt: NOW, actor: 'dpo' })).rejects.toThrow(InputError);
      const all = await listRequests(t.app.store.db, { now: NOW });
      expect(all.map((r) => [r.id, r.overdue, r.daysLeft])).toEqual([
        [late, true, -31],
        [soon, false, 19],
      ]);
      expect((await listRequests(t.app.store.db, { overdue: true, now: NOW })).map((r) => r.id)).toEqual([late]);
      await closeRequest(t.app, late, { outcome: 'done', actor: 'dpo' });
      await expect(closeRequest(t.app, late, { outcome: 'done', actor: 'dpo' })).rejects.toThrow(/already closed/);
      expect((await listRequests(t.app.store.db, { status: 'open', now: NOW })).map((r) => r.id)).toEqual([soon]);
      expect((await readAudit(t.app.store.db, { action: 'contacts.request.close' }))[0]).toMatchObject({ subject: `person:${p}`, detail: { request: late, outcome: 'done' } });
    });

    it('counts a request overdue by hours as a day overdue, not "0 days", and one due within hours as a day left', async () => {
      const hour = 3_600_000;
      const late = await openRequest(t.app, { personId: null, kind: 'portability', receivedAt: Date.UTC(2026, 3, 1, 12), actor: 'dpo' });
      const soon = await openRequest(t.app, { personId: null, kind: 'restriction', receivedAt: Date.UTC(2026, 3, 1, 20), actor: 'dpo' });
      // Both due on 1 May; now is 1 May at 17:00: one five hours past its deadline, the other three hours before it.
      const now = Date.UTC(2026, 4, 1, 17);
      const rows = (await listRequests(t.app.store.db, { status: 'open', now })).filter((r) => r.id === late || r.id === soon);
      expect(rows.map((r) => [r.id, r.dueAt - now, r.overdue, r.daysLeft])).toEqual([
        [late, -5 * hour, true, -1],
        [soon, 3 * hour, false, 1],
      ]);
      for (const id of [late, soon]) await closeRequest(t.app, id, { outcome: 'done', actor: 'dpo' });
    });

    it('closes a request once when two close it at the same time, with one audit entry', async () => {
      const src = await fixtureSource(t.app);
      const p = await insertPerson(t.app, { given: 'Anne', family: 'Deux-Fois' }, src);
      for (let round = 0; round < 5; round++) {
        const id = await openRequest(t.app, { personId: p, kind: 'objection', receivedAt: NOW, actor: 'dpo' });
        const runs = await Promise.allSettled(['done', 'refused'].map((outcome) => closeRequest(t.app, id, { outcome, actor: 'dpo' })));
        expect(runs.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const refused = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
        expect(String(refused.reason)).toMatch(new RegExp(`request ${id}: already closed`));
        const entries = (await readAudit(t.app.store.db, { action: 'contacts.request.close' })).filter((e) => e.detail.request === id);
        const row = (await listRequests(t.app.store.db, { status: 'closed', now: NOW })).find((r) => r.id === id)!;
        expect(entries).toHaveLength(1);
        expect(row.outcome).toBe(entries[0]!.detail.outcome);
      }
    });
  });

  describe(`retention on ${backend.name}`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      t = await openTestApp(backend);
      const old = await fixtureSource(t.app, { kind: 'import', label: 'old file', collectedAt: NOW - 400 * DAY });
      const fresh = await fixtureSource(t.app, { kind: 'import', label: 'new file', collectedAt: NOW - 10 * DAY });
      const signup = await fixtureSource(t.app, { kind: 'signup', collectedAt: NOW - 900 * DAY });
      const canvass = await fixtureSource(t.app, { kind: 'canvass', collectedAt: NOW - 900 * DAY });
      ids.old = await insertPerson(t.app, { given: 'Old', family: 'Import', emails: ['old@exemple.fr'] }, old);
      ids.kept = await insertPerson(t.app, { given: 'Kept', family: 'Consent', consents: [['stay_in_touch', 'email', true]] }, old);
      ids.withdrew = await insertPerson(t.app, { given: 'Withdrew', family: 'Consent', consents: [['stay_in_touch', 'email', false]] }, old);
      ids.fresh = await insertPerson(t.app, { given: 'Fresh', family: 'Import' }, fresh);
      ids.signup = await insertPerson(t.app, { given: 'Signed', family: 'Up' }, signup);
      ids.uncovered = await insertPerson(t.app, { given: 'Door', family: 'Knock' }, canvass);
      ids.mixed = await insertPerson(t.app, { given: 'Mixed', family: 'Sources' }, old);
      await contactsDb(t.app.store.db).insertInto('person_sources').values({ person_id: ids.mixed, source_id: fresh, line: 3, at: NOW }).execute();
      // Asking to stop hearing from the campaign (a manual source) does not keep a person past their import's policy.
      await changeConsent(t.app.store, { personId: ids.old, purpose: 'newsletter', channel: 'email', granted: false, how: 'unsubscribed by phone', basis: 'consent', noticeVersion: null, actor: 'dpo' });
      // Agreeing again, by hand, is data collected anew: its source decides (here no policy covers manual sources, so the person stays).
      ids.regranted = await insertPerson(t.app, { given: 'Agreed', family: 'Again' }, old);
      await changeConsent(t.app.store, { personId: ids.regranted, purpose: 'newsletter', channel: 'email', granted: true, how: 'signed the sheet at the door', basis: 'consent', noticeVersion: 'v3', actor: 'dpo' });
      await savePolicy(t.app, 'imports', { sources: ['import'], keepDays: 365, from: 'collected', unlessConsent: 'stay_in_touch' }, 'dpo');
      await savePolicy(t.app, 'after election', { sources: ['signup'], keepDays: 180, from: 'election', electionDay: '2025-06-15' }, 'dpo');
    });

    afterAll(async () => t?.close());

    it('validates policies', async () => {
      await expect(savePolicy(t.app, 'bad', { keepDays: 30, from: 'election' }, 'dpo')).rejects.toThrow(/electionDay/);
      await expect(savePolicy(t.app, 'bad', { keepDays: 30, from: 'election', electionDay: '2027-02-30' }, 'dpo')).rejects.toThrow(/not a day of the calendar/);
      await expect(savePolicy(t.app, 'bad', { keepDays: -1, from: 'collected' }, 'dpo')).rejects.toThrow(InputError);
      await expect(savePolicy(t.app, 'bad', { keepDays: 1, from: 'collected', sources: ['fax'] }, 'dpo')).rejects.toThrow(InputError);
    });

    it('finds who is due: every source covered, period passed, no keeping consent', async () => {
      const due = await retentionCandidates(t.app.store.db, NOW);
      expect(due.map((c) => [c.personId, c.policy])).toEqual([
        [ids.old, 'imports'],
        [ids.withdrew, 'imports'],
        [ids.signup, 'after election'],
      ]);
    });

    it('a dry run lists and changes nothing; a run erases and audits once per run and once per person', async () => {
      const before = (await t.dump()).length;
      const dry = await runRetention(t.app, { dryRun: true, actor: 'dpo', now: NOW });
      expect(dry.policies).toEqual({ imports: { count: 2, ids: [ids.old, ids.withdrew] }, 'after election': { count: 1, ids: [ids.signup] } });
      expect((await t.dump()).length).toBe(before);
      const progress: number[] = [];
      const run = await runRetention(t.app, { dryRun: false, actor: 'system:retention', now: NOW, chunk: 2, onProgress: (d) => progress.push(d) });
      expect(run.erased).toBe(3);
      expect(progress).toEqual([0, 2, 3]);
      for (const k of ['old', 'withdrew', 'signup']) expect(await personRecord(t.app.store.db, ids[k]!)).toBeNull();
      for (const k of ['kept', 'fresh', 'uncovered', 'mixed']) expect(await personRecord(t.app.store.db, ids[k]!)).not.toBeNull();
      expect(await contactsDb(t.app.store.db).selectFrom('tombstones').selectAll().execute()).toEqual([]);
      const [summary] = await readAudit(t.app.store.db, { action: 'contacts.retention' });
      expect(summary!.detail).toMatchObject({ erased: 3, policies: { imports: 2, 'after election': 1 } });
      const erases = await readAudit(t.app.store.db, { action: 'contacts.erase' });
      expect(erases.map((e) => e.subject).sort()).toEqual([ids.old, ids.withdrew, ids.signup].map((i) => `person:${i}`).sort());
      expect((await verifyAudit(t.app.store.db)).ok).toBe(true);
      expect((await runRetention(t.app, { dryRun: true, actor: 'dpo', now: NOW })).policies).toEqual({});
    });

    it('schedules runs and stops them', async () => {
      const reports: number[] = [];
      const stop = scheduleRetention(t.app, { everyMs: 60_000, firstInMs: 1, onRun: (r) => reports.push(r.erased) });
      await new Promise((r) => setTimeout(r, 300));
      await stop();
      expect(reports).toEqual([0]);
    });
  });
}
