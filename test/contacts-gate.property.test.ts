import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { audienceQuery } from '../src/contacts/audience';
import type { SuppressChannel } from '../src/contacts/consent/suppress';
import { exportAudience, exportCsv } from '../src/contacts/exports';
import { createList, listMembers } from '../src/contacts/lists';
import { reachDrift } from '../src/contacts/reach';
import { countSegment } from '../src/contacts/segments/count';
import type { ContactsDb } from '../src/contacts/tables';
import { contactsDb } from '../src/contacts/tables';
import type { Channel } from '../src/contacts/vocabulary';
import { CHANNELS, pointOf } from '../src/contacts/vocabulary';
import { backends } from './support/backends';
import type { PersonSpec, TestConsent } from './support/contacts-people';
import { addConsents, addPeople, addSuppressions } from './support/contacts-people';

/**
 * The gate, proved against a model: whatever the ledger, suppressions and contact points, every
 * path that hands people out for a use (audienceQuery, counts for a use, lists, CSV exports,
 * audience files) gives exactly the people whose latest entry for (purpose, channel) — by time,
 * then ledger order — is a grant, who are not suppressed on the channel nor on '*', and who have
 * the channel's contact point. Suppressions lifted and contact points removed after the load
 * (as rectification and erasure do) must let people in and out again; the table the gate reads
 * (`reach`, kept by triggers) must equal the rule recomputed from scratch.
 */

const PURPOSES = ['newsletter', 'canvassing', 'fundraising'] as const;
const ADMIN = { name: 'admin', role: 'admin' };
const NOW = 1_700_000_000_000;

interface World {
  readonly people: { emails: number; phones: number; address: boolean }[];
  readonly consents: { person: number; purpose: number; channel: number; granted: boolean; at: number }[];
  readonly suppressions: { person: number; channel: number }[];
  /** Where the consent entries and the suppressions are cut into separate calls. */
  readonly consentCuts: number[];
  readonly suppressionCuts: number[];
  /** After the load: suppressions taken off (by index), and contact points (or the person's own row) deleted. */
  readonly lifted: number[];
  readonly dropped: { person: number; point: 'email' | 'phone' | 'address' | 'person' }[];
  /** Then contact points added to people already holding consents (a sign-up, a canvass). */
  readonly added: { person: number; point: 'email' | 'phone' | 'address' }[];
}

const world: fc.Arbitrary<World> = fc.integer({ min: 0, max: 40 }).chain((n) => {
  const person = fc.integer({ min: 0, max: Math.max(0, n - 1) });
  const consent = fc.record({ person, purpose: fc.integer({ min: 0, max: 2 }), channel: fc.integer({ min: 0, max: CHANNELS.length - 1 }), granted: fc.boolean(), at: fc.integer({ min: 1, max: 4 }) });
  return fc.record({
    people: fc.array(fc.record({ emails: fc.integer({ min: 0, max: 2 }), phones: fc.integer({ min: 0, max: 2 }), address: fc.boolean() }), { minLength: n, maxLength: n }),
    consents: n ? fc.array(consent, { maxLength: 300, size: 'max' }) : fc.constant([]),
    suppressions: n ? fc.array(fc.record({ person, channel: fc.integer({ min: 0, max: CHANNELS.length }) }), { maxLength: 15, size: 'max' }) : fc.constant([]),
    consentCuts: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 4 }),
    suppressionCuts: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 2 }),
    lifted: fc.array(fc.integer({ min: 0, max: 14 }), { maxLength: 4 }),
    dropped: n ? fc.array(fc.record({ person, point: fc.constantFrom('email' as const, 'phone' as const, 'address' as const, 'person' as const) }), { maxLength: 6 }) : fc.constant([]),
    added: n ? fc.array(fc.record({ person, point: fc.constantFrom('email' as const, 'phone' as const, 'address' as const) }), { maxLength: 6 }) : fc.constant([]),
  });
});

function split<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const at = [...new Set([0, ...cuts.filter((c) => c < items.length), items.length])].sort((a, b) => a - b);
  return at.slice(1).map((end, i) => items.slice(at[i], end));
}

const suppressChannel = (c: number): SuppressChannel => (c === CHANNELS.length ? '*' : CHANNELS[c]!);

function specOf(p: World['people'][number], i: number): PersonSpec {
  return {
    givenName: `G${i}`,
    familyName: `F${i}`,
    emails: Array.from({ length: p.emails }, (_, k) => `p${i}.${k}@example.org`),
    phones: Array.from({ length: p.phones }, (_, k) => `+3361${String(i * 3 + k).padStart(7, '0')}`),
    address: p.address ? { street: `${i} rue de la Paix`, postcode: '29200', city: 'Brest', country: 'FR' } : null,
  };
}

/** The model: for each person index reachable for the use, how many lines a CSV gives them. */
function model(w: World, purpose: number, channel: number): Map<number, number> {
  const latest = new Map<number, { at: number; order: number; granted: boolean }>();
  w.consents.forEach((c, order) => {
    if (c.purpose !== purpose || c.channel !== channel) return;
    const b = latest.get(c.person);
    if (!b || c.at > b.at || (c.at === b.at && order > b.order)) latest.set(c.person, { at: c.at, order, granted: c.granted });
  });
  const lifted = w.lifted.filter((i) => i < w.suppressions.length).map((i) => w.suppressions[i]!);
  const suppressed = w.suppressions.filter((s) => !lifted.some((l) => l.person === s.person && l.channel === s.channel));
  const out = new Map<number, number>();
  for (const [person, entry] of latest) {
    if (!entry.granted) continue;
    if (suppressed.some((s) => s.person === person && (s.channel === channel || s.channel === CHANNELS.length))) continue;
    const p = w.people[person]!;
    const point = pointOf(CHANNELS[channel]!);
    if (w.dropped.some((d) => d.person === person && d.point === 'person')) continue;
    // A point kind counts its own values, less all of them if dropped, plus those added after.
    const points = (k: 'email' | 'phone', held: number): number =>
      (w.dropped.some((d) => d.person === person && d.point === k) ? 0 : held) + w.added.filter((a) => a.person === person && a.point === k).length;
    const hasAddress = (p.address && !w.dropped.some((d) => d.person === person && d.point === 'address')) || w.added.some((a) => a.person === person && a.point === 'address');
    const lines = point === 'email' ? points('email', p.emails) : point === 'phone' ? points('phone', p.phones) : point === 'address' ? (hasAddress ? 1 : 0) : 1;
    if (lines > 0) out.set(person, lines);
  }
  return out;
}

async function clear(db: ContactsDb): Promise<void> {
  for (const t of ['people', 'contact_points', 'addresses', 'consents', 'consent_state', 'suppressions', 'contact_lists', 'list_members', 'contact_exports', 'export_lines'] as const) {
    await db.deleteFrom(t).execute();
  }
}

async function load(app: App, w: World): Promise<number[]> {
  const ids = await addPeople(app.store.db, w.people.map(specOf));
  const entries: TestConsent[] = w.consents.map((c) => ({ personId: ids[c.person]!, purpose: PURPOSES[c.purpose]!, channel: CHANNELS[c.channel]!, granted: c.granted, at: c.at }));
  for (const batch of split(entries, w.consentCuts)) await addConsents(app.store.db, batch);
  for (const batch of split(w.suppressions, w.suppressionCuts)) await addSuppressions(app.store.db, batch.map((s) => ({ personId: ids[s.person]!, channel: suppressChannel(s.channel) })));
  const db = contactsDb(app.store.db);
  for (const i of w.lifted.filter((k) => k < w.suppressions.length)) {
    const s = w.suppressions[i]!;
    await db.deleteFrom('suppressions').where('person_id', '=', ids[s.person]!).where('channel', '=', suppressChannel(s.channel)).execute();
  }
  for (const d of w.dropped) {
    if (d.point === 'person') await db.deleteFrom('people').where('id', '=', ids[d.person]!).execute();
    else if (d.point === 'address') await db.deleteFrom('addresses').where('person_id', '=', ids[d.person]!).execute();
    else await db.deleteFrom('contact_points').where('person_id', '=', ids[d.person]!).where('kind', '=', d.point).execute();
  }
  for (const [k, a] of w.added.entries()) {
    const person_id = ids[a.person]!;
    if (w.dropped.some((d) => d.person === a.person && d.point === 'person')) continue;
    // The source the people were loaded with (there are people here, so there is one).
    const source_id = (await db.selectFrom('people').select('source_id').where('id', '=', person_id).executeTakeFirstOrThrow()).source_id;
    if (a.point === 'address') {
      const address = { person_id, source_id, street: `${k} quai`, postcode: '29200', city: 'Brest', country: 'FR', household: null, created_at: NOW };
      await db.insertInto('addresses').values(address).onConflict((oc) => oc.doNothing()).execute();
    } else {
      const value = a.point === 'email' ? `added${k}.${a.person}@example.org` : `+3362${String(k * 100 + a.person).padStart(7, '0')}`;
      await db.insertInto('contact_points').values({ person_id, source_id, kind: a.point, value, created_at: NOW }).execute();
    }
  }
  return ids;
}

async function exportedPeople(db: ContactsDb, exportId: number): Promise<number[]> {
  return (await db.selectFrom('export_lines').select('person_id').where('export_id', '=', exportId).orderBy('line').execute()).map((r) => Number(r.person_id));
}

async function checkUse(app: App, dir: string, w: World, ids: number[], purpose: number, channel: Channel): Promise<void> {
  const db = contactsDb(app.store.db);
  const use = { purpose: PURPOSES[purpose]!, channel };
  const expected = model(w, purpose, CHANNELS.indexOf(channel));
  const people = [...expected.keys()].map((i) => ids[i]!).sort((a, b) => a - b);
  const lines = [...expected.values()].reduce((a, b) => a + b, 0);
  if (process.env.GATE_STATS) process.stderr.write(`${people.length} `);
  const scope = { kind: 'all' } as const;
  const got = await audienceQuery(db, { use, scope, now: NOW }).select('p.id').orderBy('p.id').execute();
  expect(got.map((r) => Number(r.id))).toEqual(people);
  expect(await countSegment(db, { condition: { all: [] }, use, scope, now: NOW })).toBe(people.length);
  const { list, members } = await createList(app.store, { name: 'l', use, condition: { all: [] }, actor: ADMIN, now: NOW });
  expect(members).toBe(people.length);
  expect((await listMembers(db, list.id, scope, NOW)).map((m) => m.id)).toEqual(people);
  const csv = await exportCsv(app.store, { use, condition: { all: [] }, actor: ADMIN, path: join(dir, 'out', `${purpose}-${channel}.csv`), now: NOW });
  expect(csv.rows).toBe(lines);
  expect([...new Set(await exportedPeople(db, csv.id))]).toEqual(people);
  if (channel === 'email' || channel === 'phone') {
    const file = await exportAudience(app.store, { use, listId: list.id, actor: ADMIN, path: join(dir, 'out', `${purpose}-${channel}.txt`), now: NOW });
    expect(file.rows).toBe(lines);
    expect(await exportedPeople(db, file.id)).toEqual(await exportedPeople(db, csv.id));
  }
}

for (const backend of backends()) {
  describe(`the contacts gate on ${backend.name}`, () => {
    let app: App;
    let dir: string;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await backend.fresh();
      [dir, cleanup] = [fresh.dir, fresh.cleanup];
      app = await openApp(fresh.config);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('hands out exactly the people the model allows, on every path, for every purpose and channel', async () => {
      await fc.assert(
        fc.asyncProperty(world, async (w) => {
          await clear(contactsDb(app.store.db));
          const ids = await load(app, w);
          expect(await reachDrift(app.store.db)).toEqual({ missing: 0, extra: 0 });
          mkdirSync(join(dir, 'out'), { recursive: true });
          for (let purpose = 0; purpose < PURPOSES.length; purpose++) {
            for (const channel of CHANNELS) await checkUse(app, dir, w, ids, purpose, channel);
          }
          rmSync(join(dir, 'out'), { recursive: true, force: true });
        }),
        { numRuns: backend.name === 'sqlite' ? 100 : 25 },
      );
    }, 120_000);
  });
}
