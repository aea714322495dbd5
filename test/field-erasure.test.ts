import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personRecord } from '../src/contacts/people/record';
import { erase } from '../src/contacts/rights';
import { resolveReview } from '../src/contacts/review';
import { contactsDb } from '../src/contacts/tables';
import { applySync } from '../src/field/sync';
import { packageFor } from '../src/field/sync/package';
import { setCanvasser } from '../src/field/team/canvassers';
import { fieldDb } from '../src/field/tables';
import { UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { fixtureSource, insertPerson } from './support/contacts-fixture';
import { addCampaign, addTurf, assign, personAddress } from './support/field-fixture';

const NOW = Date.UTC(2026, 10, 29, 10);

describe.each(backends())('erasure reaches the field tables on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('hands over door visits in an access export, then unlinks them and drops the answers on erasure', async () => {
    const source = await fixtureSource(t.app);
    const anna = await insertPerson(t.app, { given: 'Anna', family: 'Leroy', address: personAddress(7), consents: [['canvassing', 'door', true]] }, source);
    const volunteer = await insertPerson(t.app, { given: 'Paul', family: 'Vidal', address: personAddress(9) }, source);
    await fieldDb(t.app.store.db).updateTable('people').set({ volunteer: 1 }).where('id', '=', volunteer).execute();
    await new UserStore(t.app.store).add('paul', 'canvasser', 'a long enough password');
    await setCanvasser(fieldDb(t.app.store.db), { user: 'paul', personId: volunteer, attributes: { gender: 'male' }, availability: ['sat-am'] });
    const campaign = await addCampaign(t.app);
    const { turfId, doors } = await addTurf(t.app, campaign.id, [7, 8]);
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'can' });
    const id = randomUUID();
    const visit = { id, campaignId: campaign.id, turfId, addressId: doors[0]!, personId: anna, result: 'contacted', answers: { intent: 'yes', support: 4 }, at: NOW };
    expect((await applySync(t.app.store, { name: 'can', role: 'canvasser' }, 'phone', [visit], NOW)).stored).toEqual([id]);

    const record = await personRecord(t.app.store.db, anna);
    expect(record?.other.field_events).toEqual([expect.objectContaining({ event: id, result: 'contacted', answers: { intent: 'yes', support: 4 }, canvasser: 'can' })]);
    expect((await personRecord(t.app.store.db, volunteer))?.other.field_canvassers).toEqual([expect.objectContaining({ user: 'paul' })]);

    // The phone's package lists her at her door; the next one after her erasure does not.
    const peopleOnPhone = async (): Promise<number[]> => (await packageFor(fieldDb(t.app.store.db), 'can', NOW + 1)).turfs.flatMap((turf) => turf.doors.flatMap((d) => d.people.map((p) => p.id)));
    expect(await peopleOnPhone()).toContain(anna);
    const done = await erase(t.app, anna, { actor: 'dpo', now: NOW + 1 });
    expect(done.counts.field_events).toBe(1);
    expect(await peopleOnPhone()).not.toContain(anna);
    const row = await fieldDb(t.app.store.db).selectFrom('field_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // The digest went too: a hash over the person id and answers, with the row's other fields, could be brute-forced back.
    expect(row).toMatchObject({ person_id: null, answers: null, consents: null, result: 'contacted', digest: 'erased' });
    // The phone sends the visit again (its answer was lost): acknowledged, not restored.
    const again = await applySync(t.app.store, { name: 'can', role: 'canvasser' }, 'phone', [visit], NOW + 2);
    expect(again.stored).toEqual([]);
    expect(again.duplicates).toEqual([id]);
    expect(await fieldDb(t.app.store.db).selectFrom('field_events').select('person_id').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ person_id: null });

    expect((await erase(t.app, volunteer, { actor: 'dpo', now: NOW + 3 })).counts.field_canvassers).toBe(1);
    expect(await fieldDb(t.app.store.db).selectFrom('field_canvassers').select('user_name').where('user_name', '=', 'paul').executeTakeFirst()).toBeUndefined();
  });

  it('a review merge moves door visits and a canvasser record to the survivor, whose access export and erasure then reach them', async () => {
    const source = await fixtureSource(t.app);
    const keep = await insertPerson(t.app, { given: 'Jean', family: 'Dupont', address: personAddress(11), consents: [['canvassing', 'door', true]] }, source);
    const dup = await insertPerson(t.app, { given: 'Jean', family: 'Dupond', address: personAddress(11), consents: [['canvassing', 'door', true]] }, source);
    await fieldDb(t.app.store.db).updateTable('people').set({ volunteer: 1 }).where('id', '=', dup).execute();
    await new UserStore(t.app.store).add('jean', 'canvasser', 'a long enough password');
    await setCanvasser(fieldDb(t.app.store.db), { user: 'jean', personId: dup, attributes: { gender: 'male' }, availability: ['sat-am'] });
    const campaign = await addCampaign(t.app);
    const { turfId, doors } = await addTurf(t.app, campaign.id, [11]);
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'can2' });
    const id = randomUUID();
    const visit = { id, campaignId: campaign.id, turfId, addressId: doors[0]!, personId: dup, result: 'contacted', answers: { intent: 'unsure' }, at: NOW };
    expect((await applySync(t.app.store, { name: 'can2', role: 'canvasser' }, 'phone', [visit], NOW)).stored).toEqual([id]);
    await contactsDb(t.app.store.db).insertInto('review_queue').values({ id: 9101, kind: 'fuzzy', person_id: dup, other_id: keep, score: 0.95, reason: 'similar name and address', import_id: null, line: null, status: 'open', created_at: NOW }).execute();
    await resolveReview(t.app.store, 9101, 'merge', 'alice', { kind: 'all' }, NOW + 1);

    const record = await personRecord(t.app.store.db, keep);
    expect(record?.other.field_canvassers).toEqual([expect.objectContaining({ user: 'jean' })]);
    expect(record?.other.field_events).toEqual([expect.objectContaining({ event: id, answers: { intent: 'unsure' } })]);
    // The phone sends the visit again, still naming the merged-away id: known as held, not stored twice.
    expect((await applySync(t.app.store, { name: 'can2', role: 'canvasser' }, 'phone', [visit], NOW + 2)).duplicates).toEqual([id]);
    const done = await erase(t.app, keep, { actor: 'dpo', now: NOW + 3 });
    expect(done.counts).toMatchObject({ field_events: 1, field_canvassers: 1 });
    expect(await fieldDb(t.app.store.db).selectFrom('field_canvassers').select('user_name').where('user_name', '=', 'jean').executeTakeFirst()).toBeUndefined();
    expect(await fieldDb(t.app.store.db).selectFrom('field_events').select(['person_id', 'answers']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ person_id: null, answers: null });
  });
});
