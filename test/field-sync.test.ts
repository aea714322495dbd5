import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsDb } from '../src/contacts/tables';
import type { Campaign } from '../src/field/campaigns';
import { updateScript } from '../src/field/campaigns';
import type { FieldEventInput } from '../src/field/sync';
import { applySync, doorStates, packageFor } from '../src/field/sync';
import { fieldDb } from '../src/field/tables';
import { mergeTurfs, moveDoors } from '../src/field/turf-store';
import { campaignAssignments, endAssignment } from '../src/field/team/assignments';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { fixtureSource, insertPerson } from './support/contacts-fixture';
import { addCampaign, addTurf, assign, personAddress } from './support/field-fixture';

const CAN = { name: 'can', role: 'canvasser' } as const;
const NOW = Date.UTC(2026, 10, 29, 10);

interface Place {
  campaign: Campaign;
  turfId: number;
  doors: number[];
}

async function place(t: TestApp, numbers = [1, 2, 3, 4, 5, 6]): Promise<Place> {
  const campaign = await addCampaign(t.app);
  const { turfId, doors } = await addTurf(t.app, campaign.id, numbers);
  await assign(t.app, { campaignId: campaign.id, turfId, user: 'can' });
  return { campaign, turfId, doors };
}

function event(p: Place, over: Partial<FieldEventInput> = {}): FieldEventInput {
  return { id: randomUUID(), campaignId: p.campaign.id, turfId: p.turfId, addressId: p.doors[0]!, personId: null, result: 'not_home', at: NOW - 60_000, ...over };
}

async function states(t: TestApp, campaignId: number) {
  const rows = await fieldDb(t.app.store.db).selectFrom('field_door_state').selectAll().where('campaign_id', '=', campaignId).orderBy('address_id').execute();
  return rows.map((r) => ({ addressId: Number(r.address_id), eventId: r.event_id, result: r.result, dnc: Number(r.dnc) === 1, at: Number(r.client_at) }));
}

describe.each(backends())('field sync on $name', (backend) => {
  let t: TestApp;
  let people: { alice: number; bruno: number; chloe: number; denise: number };
  beforeAll(async () => {
    t = await openTestApp(backend);
    const source = await fixtureSource(t.app);
    // Alice (door 2) and Chloé (door 4) agreed to be canvassed; Bruno (door 3) did not.
    people = {
      alice: await insertPerson(t.app, { given: 'Alice', family: 'Arnaud', address: personAddress(2), emails: ['alice@example.org'], consents: [['canvassing', 'door', true]] }, source),
      bruno: await insertPerson(t.app, { given: 'Bruno', family: 'Blanc', address: personAddress(3) }, source),
      chloe: await insertPerson(t.app, { given: 'Chloé', family: 'Colin', address: personAddress(4), consents: [['canvassing', 'door', true]] }, source),
      // Agreed too; asked nothing to be done to her by the tests that suppress Chloé.
      denise: await insertPerson(t.app, { given: 'Denise', family: 'Dumas', address: personAddress(5), consents: [['canvassing', 'door', true]] }, source),
    };
  });
  afterAll(async () => t?.close());

  it('stores new events, acknowledges a batch sent again, and refuses an id reused with a different content', async () => {
    const p = await place(t);
    const batch = [event(p), event(p, { addressId: p.doors[1]!, result: 'refused', at: NOW - 50_000 })];
    expect(await applySync(t.app.store, CAN, 'phone-1', batch, NOW)).toEqual({ stored: batch.map((e) => e.id), duplicates: [], rejected: [] });
    // The answer was lost: the same batch again, keys in another order, plus one new event.
    const again = [{ ...batch[1]!, at: batch[1]!.at, result: 'refused' }, Object.fromEntries(Object.entries(batch[0]!).reverse()), event(p, { addressId: p.doors[2]! })];
    const r = await applySync(t.app.store, CAN, 'phone-1', again, NOW + 1);
    expect(r).toEqual({ stored: [again[2]!.id], duplicates: [batch[1]!.id, batch[0]!.id], rejected: [] });
    const reused = await applySync(t.app.store, CAN, 'phone-2', [{ ...batch[0]!, result: 'contacted' }], NOW + 2);
    expect(reused.rejected).toEqual([{ id: batch[0]!.id, error: expect.stringMatching(/^id reused/) }]);
    await expect(applySync(t.app.store, CAN, '   ', batch, NOW + 3)).rejects.toThrow('device: expected a name for the phone, found nothing but spaces');
    const rows = await fieldDb(t.app.store.db).selectFrom('field_events').select(['id', 'seq', 'result', 'device', 'user_name']).where('campaign_id', '=', p.campaign.id).orderBy('seq').execute();
    expect(rows.map((x) => x.id)).toEqual([batch[0]!.id, batch[1]!.id, again[2]!.id]);
    expect(rows[0]).toMatchObject({ result: 'not_home', device: 'phone-1', user_name: 'can' });
    const audit = await contactsDb(t.app.store.db).selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'field.sync').orderBy('seq', 'desc').limit(3).execute();
    expect(audit.map((a) => JSON.parse(a.detail) as Record<string, number>).map((d) => [d.stored, d.duplicates, d.rejected])).toEqual([[0, 0, 1], [1, 2, 0], [2, 0, 0]]);
  });

  it('refuses each invalid event with its reason and stores the rest of the batch', async () => {
    const p = await place(t);
    const other = await place(t, [90]);
    // Another turf of the same campaign, given to someone else.
    const rival = await addTurf(t.app, p.campaign.id, [70, 71]);
    await assign(t.app, { campaignId: p.campaign.id, turfId: rival.turfId, user: 'can2' });
    const long = 'x'.repeat(2001);
    const bad: [Partial<FieldEventInput> | Record<string, unknown>, RegExp][] = [
      [{ result: 'contacted', answers: { intent: 'maybe' } }, /answers\.intent: expected one of yes, probably, unsure, no/],
      [{ result: 'contacted', answers: { nope: 'yes' } }, /answers\.nope: no such question/],
      [{ result: 'contacted', answers: { support: 6 } }, /answers\.support: expected a whole number from 1 to 5, found 6/],
      [{ result: 'contacted', answers: { issues: ['housing', 'housing'] } }, /answers\.issues: expected each option once/],
      [{ result: 'contacted', answers: { comment: long } }, /answers\.comment: expected at most 2,000 characters, found 2001/],
      [{ result: 'asleep' }, /events\[5\]\.result: expected a result code/],
      [{ addressId: other.doors[0]! }, /door \d+: not a door of campaign/],
      [{ campaignId: 999_999 }, /campaign 999999: no such campaign/],
      [{ turfId: other.turfId }, /turf \d+: no such turf in campaign/],
      [{ addressId: p.doors[0]!, personId: people.alice }, /person \d+: does not live at door/],
      [{ addressId: p.doors[1]!, personId: people.alice, result: 'contacted', consents: [{ purpose: 'fundraising', channel: 'email', granted: true }] }, /consents\[0\]: fundraising\/email is not asked/],
      [{ result: 'contacted', consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] }, /consents\[0\]: expected a person/],
      [{ id: 'not-a-uuid' }, /events\[12\]\.id: expected a lower-case UUID/],
      // Nobody gives answers or a consent at a closed door, nor a "yes" with a do-not-contact.
      [{ answers: { intent: 'yes' } }, /answers: a door recorded as not_home holds no answers \(only contacted does\)/],
      [{ result: 'contacted', answers: JSON.parse('{"__proto__":{"intent":"yes"}}') as Record<string, string> }, /answers\.__proto__: no such question/],
      // A huge unknown question id is named cut short, not echoed whole.
      [{ result: 'contacted', answers: { ['q'.repeat(100_000)]: 'yes' } }, /^answers\.q{64}…: no such question/],
      [{ addressId: p.doors[1]!, personId: people.alice, consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] }, /consents\[0\]: a door recorded as not_home holds no consents/],
      [{ addressId: p.doors[1]!, personId: people.alice, result: 'do_not_contact', consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] }, /consents\[0\]: a door recorded as do_not_contact may withdraw a consent, not grant one/],
      // A door of another canvasser's turf, named under one's own turf.
      [{ addressId: rival.doors[0]! }, /door \d+: not on a turf can was given/],
      // Past an integer column's range: this event alone is refused (on PostgreSQL the whole batch had failed, again at every resend).
      [{ turfId: 99_999_999_999 }, /events\[\d+\]\.turfId: expected an id \(a whole number from 1 to 2147483647\)/],
    ];
    const good = [event(p, { addressId: p.doors[1]!, personId: people.alice, result: 'contacted', answers: { intent: 'yes', issues: ['housing', 'green'], support: 4, comment: 'Fix the lights' } }), event(p, { addressId: p.doors[5]! })];
    const batch = [...bad.map(([over]) => event(p, over as Partial<FieldEventInput>)), ...good];
    const r = await applySync(t.app.store, CAN, 'phone-1', batch, NOW);
    expect(r.stored).toEqual(good.map((e) => e.id));
    expect(r.rejected).toHaveLength(bad.length);
    const why = new Map(r.rejected.map((x) => [x.id, x.error]));
    bad.forEach(([, pattern], i) => expect(why.get(batch[i]!.id), `case ${i}`).toMatch(pattern));
    // A canvasser never assigned to the turf may not write there, but an organiser may.
    const stranger = await applySync(t.app.store, { name: 'eve', role: 'canvasser' }, 'phone-9', [event(p)], NOW);
    expect(stranger.rejected[0]!.error).toMatch(/turf \d+: eve has never been assigned to it/);
    expect((await applySync(t.app.store, { name: 'org', role: 'organiser' }, 'tablet', [event(p)], NOW)).stored).toHaveLength(1);
  });

  it("keeps a knock under an ended assignment only when dated before its end or within the campaign's lock hours; an organiser links only the people of their areas", async () => {
    const p = await place(t);
    const ended = NOW - 14 * 3600_000;
    await fieldDb(t.app.store.db).updateTable('field_assignments').set({ ended_at: ended }).where('turf_id', '=', p.turfId).execute();
    const before = event(p, { at: ended - 60_000 });
    const offline = event(p, { addressId: p.doors[1]!, at: ended + 3600_000 });
    const late = event(p, { addressId: p.doors[2]!, personId: null, result: 'do_not_contact', at: ended + 13 * 3600_000 });
    const r = await applySync(t.app.store, CAN, 'phone-1', [before, offline, late], NOW);
    expect(r.stored).toEqual([before.id, offline.id]);
    expect(r.rejected).toEqual([{ id: late.id, error: `turf ${p.turfId}: can's assignment to it had ended when this was recorded (${new Date(late.at).toISOString()})` }]);
    // An organiser of no area may not link Chloé (nor give her consents), and is told no more than for someone who lives elsewhere.
    const org = { name: 'org-areas', role: 'organiser' } as const;
    const knock = (id = randomUUID()) => event(p, { id, addressId: p.doors[3]!, personId: people.chloe, result: 'contacted', consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] });
    const outside = await applySync(t.app.store, org, 'tablet', [knock()], NOW);
    expect(outside.rejected.map((x) => x.error)).toEqual([`person ${people.chloe}: does not live at door ${p.doors[3]!}`]);
    expect(await contactsDb(t.app.store.db).selectFrom('consents').select('id').where('person_id', '=', people.chloe).where('purpose', '=', 'newsletter').execute()).toEqual([]);
    await contactsDb(t.app.store.db).insertInto('user_areas').values({ user_name: 'org-areas', area: '34' }).execute();
    expect((await applySync(t.app.store, org, 'tablet', [knock()], NOW)).stored).toHaveLength(1);
  });

  it('keeps a knock recorded offline on a turf that organisers have since edited (door moved, turf merged away)', async () => {
    const p = await place(t, [11, 12, 13]);
    const { turfId: b } = await addTurf(t.app, p.campaign.id, [14, 15]);
    const store = { db: t.app.store.db, dialect: t.app.store.dialect };
    await moveDoors(store, { addressIds: [p.doors[0]!], toTurf: b }, { actor: 'org' });
    await fieldDb(t.app.store.db).updateTable('field_assignments').set({ ended_at: NOW - 1 }).where('turf_id', '=', p.turfId).execute();
    await mergeTurfs(store, b, p.turfId, { actor: 'org' });
    // The ended assignment of the merged-away turf is still listed (its turf gone), and can be ended again.
    const all = await campaignAssignments(fieldDb(t.app.store.db), p.campaign.id, { all: true });
    expect(all.find((a) => a.turfId === p.turfId)).toMatchObject({ user: 'can', turfNumber: null, areaId: null });
    expect((await endAssignment(fieldDb(t.app.store.db), all.find((a) => a.turfId === p.turfId)!.id)).turfId).toBe(p.turfId);
    const knocks = [event(p, { addressId: p.doors[0]!, at: NOW - 30_000 }), event(p, { addressId: p.doors[2]!, at: NOW - 20_000, result: 'refused' })];
    const r = await applySync(t.app.store, CAN, 'phone-1', knocks, NOW);
    expect(r).toEqual({ stored: knocks.map((e) => e.id), duplicates: [], rejected: [] });
    // Someone never given either turf still may not write there; the merged-away turf does not exist for them.
    const stranger = await applySync(t.app.store, { name: 'eve', role: 'canvasser' }, 'phone-9', [event(p, { addressId: p.doors[1]! }), event(p, { turfId: b, addressId: p.doors[1]! })], NOW);
    expect(stranger.rejected.map((x) => x.error)).toEqual([expect.stringMatching(/no such turf in campaign/), expect.stringMatching(/eve has never been assigned/)]);
  });

  it('keeps the door state by the greatest (at, id), with do_not_contact sticky, whatever the order of arrival', async () => {
    const doorsEvents = fc.array(fc.record({ door: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 4 }), result: fc.constantFrom('contacted', 'not_home', 'refused', 'come_back', 'moved', 'contacted', 'not_home', 'do_not_contact') }), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(doorsEvents, fc.infiniteStream(fc.nat()), async (specs, noise) => {
        const base = specs.map((s) => ({ id: randomUUID().slice(1), door: s.door, at: s.at, result: s.result }));
        for (let round = 0; round < 2; round++) {
          // Ids are unique across campaigns: each round's differ in their first digit only, so they sort alike.
          const events = base.map((e) => ({ ...e, id: `${round}${e.id}` }));
          const expected = doorStates(events.map((e) => ({ ...e, user: 'can', campaignId: 0, addressId: e.door })));
          const p = await place(t, [1, 5, 6]);
          const order = events.map((e) => ({ e, k: noise.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.e);
          // Random cuts into batches, so that some events meet the stored state and others each other.
          for (let i = 0; i < order.length; ) {
            const n = 1 + ((noise.next().value as number) % 4);
            const r = await applySync(t.app.store, CAN, 'p', order.slice(i, i + n).map((e) => event(p, { id: e.id, addressId: p.doors[e.door]!, at: e.at, result: e.result as FieldEventInput['result'] })), NOW);
            expect(r.rejected).toEqual([]);
            i += n;
          }
          const got = await states(t, p.campaign.id);
          const want = [...expected].map(([key, s]) => ({ addressId: p.doors[Number(key.split(':')[1])]!, eventId: s.eventId, result: s.result, dnc: s.dnc, at: s.at })).sort((a, b) => a.addressId - b.addressId);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 25 : 8 },
    );
  });

  it('applies do_not_contact: the person is suppressed everywhere, leaves the next package, and the door stays marked', async () => {
    const p = await place(t, [3, 4]);
    const pkg0 = await packageFor(fieldDb(t.app.store.db), 'can', NOW);
    const turf0 = pkg0.turfs.find((x) => x.id === p.turfId)!;
    expect(turf0.doors.map((d) => d.people.map((x) => x.id))).toEqual([[], [people.chloe]]);
    const dnc = event(p, { addressId: p.doors[1]!, personId: people.chloe, result: 'do_not_contact', at: NOW - 10_000 });
    const later = event(p, { addressId: p.doors[1]!, result: 'contacted', at: NOW - 5_000 });
    expect((await applySync(t.app.store, CAN, 'p', [later, dnc], NOW)).stored).toHaveLength(2);
    const db = contactsDb(t.app.store.db);
    expect(await db.selectFrom('suppressions').select(['channel', 'actor']).where('person_id', '=', people.chloe).execute()).toEqual([{ channel: '*', actor: 'can' }]);
    const turf = (await packageFor(fieldDb(t.app.store.db), 'can', NOW)).turfs.find((x) => x.id === p.turfId)!;
    expect(turf.doors[1]).toMatchObject({ state: { result: 'do_not_contact', dnc: true }, people: [] });
    // Without a person, do_not_contact marks the door only.
    const q = await place(t, [2]);
    await applySync(t.app.store, CAN, 'p', [event(q, { addressId: q.doors[0]!, result: 'do_not_contact' })], NOW);
    const door = (await packageFor(fieldDb(t.app.store.db), 'can', NOW)).turfs.find((x) => x.id === q.turfId)!.doors[0]!;
    expect(door).toMatchObject({ state: { result: 'do_not_contact', dnc: true }, people: [{ id: people.alice, givenName: 'Alice', familyName: 'Arnaud' }] });
    expect(Object.keys(door.people[0]!).sort()).toEqual(['familyName', 'givenName', 'id']);
  });

  it('records consents given and withdrawn at the door in the ledger, with the notice, and the knock and answers as activities', async () => {
    const p = await place(t, [2]);
    const grant = event(p, { addressId: p.doors[0]!, personId: people.alice, result: 'contacted', at: NOW - 20_000, answers: { support: 5, issues: ['transport'] }, consents: [{ purpose: 'newsletter', channel: 'email', granted: true }, { purpose: 'volunteering', channel: 'phone', granted: false }] });
    await applySync(t.app.store, CAN, 'p', [grant], NOW);
    const db = contactsDb(t.app.store.db);
    const state = async () => db.selectFrom('consent_state').select(['purpose', 'channel', 'granted']).where('person_id', '=', people.alice).where('purpose', 'in', ['newsletter', 'volunteering']).orderBy('purpose').execute();
    expect(await state()).toEqual([{ purpose: 'newsletter', channel: 'email', granted: 1 }, { purpose: 'volunteering', channel: 'phone', granted: 0 }]);
    const entry = await db.selectFrom('consents as c').innerJoin('contact_sources as s', 's.id', 'c.source_id').select(['c.notice_version', 'c.actor', 's.kind', 's.basis', 's.collector']).where('c.person_id', '=', people.alice).where('c.purpose', '=', 'newsletter').executeTakeFirstOrThrow();
    expect(entry).toEqual({ notice_version: p.campaign.noticeVersion, actor: 'can', kind: 'canvass', basis: 'consent', collector: 'can' });
    const acts = await db.selectFrom('activities').select(['kind', 'channel', 'detail', 'actor', 'at']).where('person_id', '=', people.alice).where('at', '=', NOW - 20_000).orderBy('id').execute();
    expect(acts).toEqual([
      { kind: 'contact', channel: 'door', detail: 'contacted', actor: 'can', at: NOW - 20_000 },
      { kind: 'response', channel: 'door', detail: JSON.stringify({ answers: { issues: ['transport'], support: 5 }, campaign: p.campaign.id }), actor: 'can', at: NOW - 20_000 },
    ]);
    await applySync(t.app.store, CAN, 'p', [event(p, { addressId: p.doors[0]!, personId: people.alice, result: 'contacted', at: NOW - 10_000, consents: [{ purpose: 'newsletter', channel: 'email', granted: false }] })], NOW);
    expect((await state())[0]).toMatchObject({ purpose: 'newsletter', granted: 0 });
    const audit = await db.selectFrom('audit_log').select(['action', 'subject', 'detail']).where('action', 'in', ['contacts.consent.grant', 'contacts.consent.withdraw']).where('subject', '=', `person:${people.alice}`).execute();
    expect(audit.map((a) => a.action)).toEqual(['contacts.consent.grant', 'contacts.consent.withdraw', 'contacts.consent.withdraw']);
    expect(JSON.stringify(audit)).not.toMatch(/Alice|example\.org/);
  });

  it('cites the notice the phone showed, not the one current at sync, and refuses a notice the campaign never had', async () => {
    const p = await place(t, [5]);
    const shown = p.campaign.noticeVersion;
    // The organiser rewords the notice while the phone is out: the campaign's version moves on.
    const after = await updateScript(t.app.store, p.campaign.id, { ...p.campaign.script, notice: { ...p.campaign.script.notice, text: `${p.campaign.script.notice.text} (reworded)` } }, 'org');
    expect(after.noticeVersion).not.toBe(shown);
    const knock = event(p, { personId: people.denise, result: 'contacted', at: NOW - 5_000, consents: [{ purpose: 'newsletter', channel: 'email', granted: true }], noticeVersion: shown });
    expect((await applySync(t.app.store, CAN, 'p', [knock], NOW)).stored).toEqual([knock.id]);
    const db = contactsDb(t.app.store.db);
    const cited = await db.selectFrom('consents as c').innerJoin('contact_sources as s', 's.id', 'c.source_id').select(['c.notice_version as consent', 's.notice_version as source']).where('c.person_id', '=', people.denise).where('c.at', '=', NOW - 5_000).execute();
    expect(cited).toEqual([{ consent: shown, source: shown }]);
    const made = event(p, { personId: people.denise, result: 'contacted', consents: [{ purpose: 'newsletter', channel: 'email', granted: true }], noticeVersion: 'v-made-up' });
    const r = await applySync(t.app.store, CAN, 'p', [made], NOW);
    expect(r.rejected).toEqual([{ id: made.id, error: expect.stringMatching(/^noticeVersion: "v-made-up" is no notice of campaign \d+ \(it has had /) }]);
  });

  it("takes a phone's wrong clock neither as burying a withdrawal nor as fixing a door's state for good", async () => {
    const p = await place(t, [5]);
    const db = contactsDb(t.app.store.db);
    const newsletter = async () => (await db.selectFrom('consent_state').select('granted').where('person_id', '=', people.denise).where('purpose', '=', 'newsletter').where('channel', '=', 'email').executeTakeFirstOrThrow()).granted;
    await applySync(t.app.store, CAN, 'p', [event(p, { personId: people.denise, result: 'contacted', at: NOW - 20_000, consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] })], NOW);
    expect(Number(await newsletter())).toBe(1);
    // A phone reset to 1970 records her "no": it takes effect when received, over the earlier "yes".
    const late = await applySync(t.app.store, CAN, 'p2', [event(p, { personId: people.denise, result: 'contacted', at: 1000, consents: [{ purpose: 'newsletter', channel: 'email', granted: false }] })], NOW);
    expect(late.rejected).toEqual([]);
    expect(Number(await newsletter())).toBe(0);
    // A phone set to 2100 knocks first; the door's next real knock still becomes its state.
    await applySync(t.app.store, CAN, 'p3', [event(p, { result: 'not_home', at: Date.UTC(2100, 0, 1) })], NOW);
    await applySync(t.app.store, CAN, 'p', [event(p, { result: 'contacted', at: NOW + 5_000 })], NOW + 10_000);
    expect((await states(t, p.campaign.id)).map((x) => x.result)).toEqual(['contacted']);
  });

  it('takes no answer and no grant for someone the gate shuts out, a refusal always', async () => {
    const p = await place(t, [3, 4]);
    const db = contactsDb(t.app.store.db);
    // Bruno never agreed to be canvassed (not on the walk list); Chloé asks not to be contacted (a "no": taken).
    await applySync(t.app.store, CAN, 'p', [event(p, { addressId: p.doors[1]!, personId: people.chloe, result: 'do_not_contact', at: NOW - 30_000 })], NOW);
    expect((await packageFor(fieldDb(t.app.store.db), 'can', NOW)).turfs.find((x) => x.id === p.turfId)!.doors.map((d) => d.people)).toEqual([[], []]);
    const at = NOW - 7_777;
    const yes = (personId: number, door: number) => event(p, { addressId: p.doors[door]!, personId, result: 'contacted', at, answers: { support: 2 }, consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] });
    const r = await applySync(t.app.store, CAN, 'p', [yes(people.bruno, 0), yes(people.chloe, 1)], NOW);
    expect(r.stored).toEqual([]);
    expect(r.rejected.map((x) => x.error)).toEqual([people.bruno, people.chloe].map((id) => `person ${id}: not on the walk list (no live consent to canvassing at the door, or not to be contacted); record the door without the person, or only a refusal`));
    expect(await db.selectFrom('activities').select('id').where('person_id', 'in', [people.bruno, people.chloe]).where('at', '=', at).execute()).toEqual([]);
    expect(await db.selectFrom('consents').select('id').where('person_id', 'in', [people.bruno, people.chloe]).where('at', '=', at).execute()).toEqual([]);
    // A "no" is taken from anyone living there.
    const no = event(p, { addressId: p.doors[0]!, personId: people.bruno, result: 'refused', consents: [{ purpose: 'newsletter', channel: 'email', granted: false }] });
    expect((await applySync(t.app.store, CAN, 'p', [no], NOW)).stored).toEqual([no.id]);
    expect(await db.selectFrom('consent_state').select('granted').where('person_id', '=', people.bruno).where('purpose', '=', 'newsletter').execute()).toEqual([{ granted: 0 }]);
  });

  it('stores nothing of a batch when a write fails in the middle', async () => {
    const p = await place(t, [2]);
    const trigger = backend.name === 'postgres'
      ? [sql`CREATE FUNCTION fail_activity() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql`, sql`CREATE TRIGGER fail_activity BEFORE INSERT ON activities FOR EACH ROW EXECUTE FUNCTION fail_activity()`]
      : [sql`CREATE TRIGGER fail_activity BEFORE INSERT ON activities BEGIN SELECT RAISE(ABORT, 'disk full'); END`];
    for (const s of trigger) await s.execute(t.app.store.db);
    const batch = [event(p, { addressId: p.doors[0]! }), event(p, { addressId: p.doors[0]!, personId: people.alice, result: 'contacted', consents: [{ purpose: 'newsletter', channel: 'email', granted: true }] })];
    try {
      await expect(applySync(t.app.store, CAN, 'p', batch, NOW)).rejects.toThrow(/disk full/);
    } finally {
      await sql`DROP TRIGGER fail_activity${sql.raw(backend.name === 'postgres' ? ' ON activities' : '')}`.execute(t.app.store.db);
    }
    const db = fieldDb(t.app.store.db);
    expect(await db.selectFrom('field_events').select('id').where('campaign_id', '=', p.campaign.id).execute()).toEqual([]);
    expect(await states(t, p.campaign.id)).toEqual([]);
    expect(await db.selectFrom('contact_sources').select('id').where('label', '=', `canvass: ${p.campaign.name}`).execute()).toEqual([]);
    // Sent again once the fault is gone, the batch is stored whole.
    expect((await applySync(t.app.store, CAN, 'p', batch, NOW)).stored).toHaveLength(2);
  });
});
