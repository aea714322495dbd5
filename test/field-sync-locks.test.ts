import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldPackage } from '../src/field/sync';
import { checkout, LockHeldError, release } from '../src/field/sync';
import { fieldDb } from '../src/field/tables';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { fixtureSource, insertPerson } from './support/contacts-fixture';
import type { Call, Json } from './support/field-fixture';
import { addCampaign, addTurf, assign, fieldServer, personAddress } from './support/field-fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(backends())('turf locks and the canvasser package on $name', (backend) => {
  let t: TestApp;
  let call: Call;
  beforeAll(async () => {
    t = await openTestApp(backend);
    ({ call } = await fieldServer(t));
  });
  afterAll(async () => t?.close());

  it('checks a turf out to its canvasser, answers 409 to another, renews, expires and releases', async () => {
    const campaign = await addCampaign(t.app, { lockHours: 6 });
    const { turfId } = await addTurf(t.app, campaign.id, [1, 2]);
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'can' });
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'cat' });
    const before = Date.now();
    const first = await call('can', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'phone-can' });
    expect(first.status).toBe(200);
    expect(first.body.expiresAt).toBeGreaterThanOrEqual(before + 6 * HOUR);
    const other = await call('cat', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'phone-cat' });
    expect(other).toMatchObject({ status: 409, body: { holder: 'can', expiresAt: first.body.expiresAt, error: expect.stringMatching(/checked out by can until/) } });
    expect((await call('vic', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'x' })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 5));
    const renewed = await call('can', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'phone-can' });
    expect(renewed.body.expiresAt).toBeGreaterThan(first.body.expiresAt as number);
    // Once the lock has expired, another assigned canvasser takes the turf.
    const db = fieldDb(t.app.store.db);
    const later = (renewed.body.expiresAt as number) + 1;
    await expect(checkout(db, 'cat', turfId, 'phone-cat', later - 2)).rejects.toBeInstanceOf(LockHeldError);
    expect(await checkout(db, 'cat', turfId, 'phone-cat', later)).toEqual({ turfId, expiresAt: later + 6 * HOUR });
    expect((await call('can', 'POST', `/api/field/turfs/${turfId}/release`)).status).toBe(403);
    await expect(release(db, { name: 'can', role: 'canvasser' }, turfId, later)).rejects.toThrow(/the lock is cat's/);
    expect(await call('org', 'POST', `/api/field/turfs/${turfId}/release`)).toMatchObject({ status: 200, body: { released: true } });
    expect(await call('can', 'POST', `/api/field/turfs/${turfId}/release`)).toMatchObject({ status: 200, body: { released: false } });
    expect((await call('can', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'phone-can' })).status).toBe(200);
    expect(await call('can', 'POST', `/api/field/turfs/${turfId}/release`)).toMatchObject({ status: 200, body: { released: true } });
  });

  it('lets the partner of the holder renew, and refuses a canvasser whose assignment ended', async () => {
    const campaign = await addCampaign(t.app);
    const { turfId } = await addTurf(t.app, campaign.id, [3]);
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'can', partner: 'cat' });
    const { turfId: gone } = await addTurf(t.app, campaign.id, [4]);
    await assign(t.app, { campaignId: campaign.id, turfId: gone, user: 'can', endsAt: Date.now() - 1 });
    expect((await call('can', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'a' })).status).toBe(200);
    expect((await call('cat', 'POST', `/api/field/turfs/${turfId}/checkout`, { device: 'b' })).status).toBe(200);
    expect((await call('can', 'POST', `/api/field/turfs/${gone}/checkout`, { device: 'a' })).status).toBe(403);
    expect((await call('can', 'POST', `/api/field/turfs/${turfId}/checkout`, {})).status).toBe(400);
  });

  it("hands out only the user's live turfs, doors in walking order with their state, only gated people with only their names, locks and ended turfs", async () => {
    const source = await fixtureSource(t.app);
    const dora = await insertPerson(t.app, { given: 'Dora', family: 'Dumas', birthYear: 1970, address: personAddress(7), emails: ['dora@example.org'], consents: [['canvassing', 'door', true]] }, source);
    await insertPerson(t.app, { given: 'Émile', family: 'Ernst', address: personAddress(7), consents: [['newsletter', 'email', true]] }, source);
    const fundraiser = await insertPerson(t.app, { given: 'Fanny', family: 'Faure', address: personAddress(8), consents: [['fundraising', 'door', true]] }, source);
    const campaign = await addCampaign(t.app);
    const money = await addCampaign(t.app, { purpose: 'fundraising' });
    const mine = await addTurf(t.app, campaign.id, [8, 7, 9]);
    const theirs = await addTurf(t.app, campaign.id, [11]);
    const gift = await addTurf(t.app, money.id, [8]);
    const recent = await addTurf(t.app, campaign.id, [12]);
    const old = await addTurf(t.app, campaign.id, [13]);
    const lapsed = await addTurf(t.app, campaign.id, [14]);
    const now = Date.now();
    await assign(t.app, { campaignId: campaign.id, turfId: mine.turfId, user: 'cat', partner: 'dan' });
    await assign(t.app, { campaignId: campaign.id, turfId: theirs.turfId, user: 'cat' });
    await assign(t.app, { campaignId: money.id, turfId: gift.turfId, user: 'dan', endsAt: now + DAY });
    await assign(t.app, { campaignId: campaign.id, turfId: recent.turfId, user: 'dan', endedAt: now - 5 * DAY });
    await assign(t.app, { campaignId: campaign.id, turfId: old.turfId, user: 'dan', endedAt: now - 40 * DAY });
    await assign(t.app, { campaignId: campaign.id, turfId: lapsed.turfId, user: 'dan', endsAt: now - DAY });
    expect((await call('cat', 'POST', `/api/field/turfs/${mine.turfId}/checkout`, { device: 'b' })).status).toBe(200);

    const r = await call('dan', 'GET', '/api/field/my');
    expect(r.status).toBe(200);
    const pkg = r.body as unknown as FieldPackage;
    expect(pkg.turfs.map((x) => x.id).sort()).toEqual([mine.turfId, gift.turfId].sort());
    expect(pkg.assignments.find((a) => a.turfId === mine.turfId)).toMatchObject({ partner: 'cat', campaignId: campaign.id });
    expect(pkg.campaigns.map((c) => c.id).sort()).toEqual([campaign.id, money.id].sort());
    expect(pkg.campaigns.find((c) => c.id === campaign.id)!.script.questions.map((q) => q.id)).toEqual(['intent', 'issues', 'support', 'comment']);
    expect(pkg.ended.sort()).toEqual([recent.turfId, lapsed.turfId].sort());
    const walk = pkg.turfs.find((x) => x.id === mine.turfId)!;
    expect(walk.lock).toMatchObject({ user: 'cat' });
    expect(walk.doors.map((d) => [d.number, d.seq, d.state])).toEqual([['8', 1, null], ['7', 2, null], ['9', 3, null]]);
    // Only Dora at no. 7 consented to be canvassed; Fanny's consent is for fundraising, so she shows on that campaign's turf only.
    expect(walk.doors.map((d) => d.people)).toEqual([[], [{ id: dora, givenName: 'Dora', familyName: 'Dumas' }], []]);
    expect(pkg.turfs.find((x) => x.id === gift.turfId)!.doors[0]!.people).toEqual([{ id: fundraiser, givenName: 'Fanny', familyName: 'Faure' }]);
    expect(JSON.stringify(pkg)).not.toMatch(/example\.org|1970|Émile/);
    const audit = await fieldDb(t.app.store.db).selectFrom('audit_log').select('detail').where('action', '=', 'field.package.read').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({ turfs: 2, people: 2 });
    expect(((await call('vic', 'GET', '/api/field/my')).body as Json).turfs).toEqual([]);
  });

  it('takes batches through HTTP: 400 beyond 500 events or without a device, counts per batch', async () => {
    const campaign = await addCampaign(t.app);
    const { turfId, doors } = await addTurf(t.app, campaign.id, [20]);
    await assign(t.app, { campaignId: campaign.id, turfId, user: 'can' });
    const e = { id: '3f0c1f0e-8a4b-4c3e-9f1a-2b3c4d5e6f70', campaignId: campaign.id, turfId, addressId: doors[0], result: 'not_home', at: 1 };
    expect((await call('can', 'POST', '/api/field/sync', { device: 'p', events: Array.from({ length: 501 }, () => e) })).status).toBe(400);
    expect((await call('can', 'POST', '/api/field/sync', { events: [e] })).status).toBe(400);
    expect(await call('can', 'POST', '/api/field/sync', { device: 'p', events: [e, e] })).toMatchObject({ status: 200, body: { stored: [e.id], duplicates: [e.id], rejected: [] } });
    expect(await call('cat', 'POST', '/api/field/sync', { device: 'q', events: [{ ...e, result: 'moved' }] })).toMatchObject({ status: 200, body: { stored: [], rejected: [{ id: e.id }] } });
  });
});
