import { afterEach, describe, expect, it } from 'vitest';
import { saveRound } from '../src/elections';
import { fieldDb } from '../src/field/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addArea, addCampaign, addEvent, addGrid } from './support/field-turfs-fixture';

type Json = Record<string, unknown> & { turfs: Json[]; rows: Json[]; areas: Json[]; addresses: Json[]; removed: number[] };

async function server(t: TestApp) {
  const users = new UserStore(t.app.store);
  const tokens = new Map<string, string>();
  for (const [name, role] of [['org', 'organiser'], ['ana', 'analyst'], ['can', 'canvasser']] as const) {
    await users.add(name, role, 'a long enough password');
    tokens.set(name, await users.issueToken(name, 't'));
  }
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
  const raw = (who: string, method: string, path: string, payload?: unknown) =>
    api.request(path, { method, headers: { authorization: `Bearer ${tokens.get(who)!}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, body: payload === undefined ? undefined : JSON.stringify(payload) });
  const call = async (who: string, method: string, path: string, payload?: unknown) => {
    const r = await raw(who, method, path, payload);
    return { status: r.status, body: (await r.json()) as Json };
  };
  return { raw, call };
}

describe.each(backends())('field turf and progress routes on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('organisers cut and edit turfs; analysts read progress, answers and the comparison; others are refused', async () => {
    t = await openTestApp(backend);
    await addArea(t.app, 'A1', ['S1']);
    await addGrid(t.app, 'A1', { rows: 4, cols: 20 });
    const campaignId = await addCampaign(t.app);
    const { raw, call } = await server(t);
    const base = `/api/field/campaigns/${campaignId}`;

    expect((await call('ana', 'POST', `${base}/turfs/cut`, { area: 'A1' })).status).toBe(403);
    expect((await call('org', 'POST', `${base}/turfs/cut`, { target: 40 })).body.error).toMatch(/expected area or all/);
    expect((await call('org', 'POST', '/api/field/campaigns/999/turfs/cut', { area: 'A1' })).status).toBe(404);
    const cut = await call('org', 'POST', `${base}/turfs/cut`, { area: 'A1', target: 40, sides: 'round-trip' });
    expect(cut).toMatchObject({ status: 200, body: { turfs: 2, doors: 80, addresses: 80, target: 40, withinTolerance: 1, areas: [{ areaId: 'A1', turfs: 2 }] } });
    const list = await call('org', 'GET', `${base}/turfs?area=A1`);
    expect(list.body.turfs.map((x) => [x.number, x.doors, x.knocked, x.version])).toEqual([[1, 40, 0, 1], [2, 40, 0, 1]]);
    const unknown = await call('org', 'GET', `${base}/turfs?area=NOPE`);
    expect(unknown).toMatchObject({ status: 404, body: { error: 'area "NOPE": no such area (none was defined and no address lies in it)' } });
    expect((await call('ana', 'GET', `${base}/answers?area=NOPE`)).status).toBe(404);
    const [t1, t2] = list.body.turfs.map((x) => x.id as number);
    expect((await call('can', 'GET', `${base}/turfs`)).status).toBe(403);

    const detail = await call('org', 'GET', `/api/field/turfs/${t1}`);
    expect(detail.body).toMatchObject({ id: t1, number: 1, doors: 40, version: 1 });
    expect(detail.body.addresses).toHaveLength(40);
    expect(detail.body.addresses[0]).toMatchObject({ seq: 1, addressId: expect.any(Number), lat: expect.any(Number), lon: expect.any(Number), street: expect.any(String), number: expect.any(String), state: null });
    expect((await call('org', 'GET', '/api/field/turfs/999999')).status).toBe(404);

    const three = detail.body.addresses.slice(0, 3).map((d) => d.addressId as number);
    const moved = await call('org', 'POST', `/api/field/turfs/${t1}/move`, { addressIds: three, to: t2 });
    expect(moved.body.turfs.map((x) => [x.id, x.addresses, x.version])).toEqual(expect.arrayContaining([[t1, 37, 2], [t2, 43, 2]]));
    expect((await call('org', 'POST', `/api/field/turfs/${t1}/move`, { addressIds: three, to: t1 })).body.error).toMatch(/is not in turf/);
    const split = await call('org', 'POST', `/api/field/turfs/${t2}/split`, { parts: 2 });
    expect(split.body.turfs.map((x) => x.number)).toEqual([2, 3]);
    const t3 = (split.body.turfs[1] as unknown as { id: number }).id;
    // An edit made on what the editor loaded before another edit: 409, nothing changed.
    expect(await call('org', 'POST', `/api/field/turfs/${t2}/merge`, { with: t3, version: 1, withVersion: 1 })).toMatchObject({ status: 409, body: { error: expect.stringMatching(new RegExp(`^turf ${t2} changed since you loaded it \\(version 3, you had 1\\)`)) } });
    expect((await call('org', 'POST', `/api/field/turfs/${t2}/split`, { parts: 2, version: 2 })).status).toBe(409);
    expect((await call('org', 'POST', `/api/field/turfs/${t2}/merge`, { with: t3, version: 3, withVersion: 1, extra: true })).status).toBe(400);
    expect((await call('org', 'POST', `/api/field/turfs/${t2}/merge`, { with: t3, version: 3, withVersion: 1 })).body).toMatchObject({ removed: [t3] });
    expect((await call('org', 'POST', `/api/field/turfs/${t2}/merge`, { with: t2 })).status).toBe(400);
    expect((await call('org', 'POST', `/api/field/turfs/${t2}/merge`, { with: 999_999 })).status).toBe(404);

    // Fifteen doors contacted: 5 yes, 5 no, 5 unsure; two more not at home.
    const db = fieldDb(t.app.store.db);
    const members = await db.selectFrom('field_turf_doors').select(['turf_id', 'address_id']).where('campaign_id', '=', campaignId).orderBy('address_id').execute();
    for (const [i, m] of members.slice(0, 17).entries()) {
      await addEvent(t.app, { campaignId, turfId: Number(m.turf_id), addressId: Number(m.address_id), result: i < 15 ? 'contacted' : 'not_home', at: 10 + i, ...(i < 15 ? { answers: { intent: ['yes', 'no', 'unsure'][i % 3]! } } : {}) });
    }
    // Turfs with door events are in use: cutting again without force is a conflict, not a bad request.
    expect(await call('org', 'POST', `${base}/turfs/cut`, { area: 'A1', target: 40 })).toMatchObject({ status: 409, body: { error: expect.stringMatching(/are in use .*cut again with force/) } });
    expect((await call('can', 'GET', `${base}/progress`)).status).toBe(403);
    const progress = await call('ana', 'GET', `${base}/progress?by=campaign`);
    expect(progress.body).toMatchObject({ by: 'campaign', rows: [{ campaignId, addresses: 80, knocked: 17, contacts: 15, attempts: 17 }] });
    expect((await call('ana', 'GET', `${base}/progress?by=street`)).status).toBe(400);
    const csv = await raw('ana', 'GET', `${base}/progress.csv?by=turf`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toMatch(/^turf,area,number,addresses,doors,knocked,share_knocked/);
    expect(lines).toHaveLength(2 + 2);

    const answers = await call('ana', 'GET', `${base}/answers?area=A1`);
    expect((answers.body.areas[0] as unknown as { questions: Json[] }).questions[0]).toMatchObject({ question: 'intent', base: 15, options: [{ option: 'yes', count: 5 }, { option: 'no', count: 5 }, { option: 'unsure', count: 5, suppressed: false }] });
    expect(await (await raw('ana', 'GET', `${base}/answers.csv?area=A1`)).text()).toContain('A1,intent,single,yes,Yes,5,15,0.3333,0.1518,0.5829,0');

    await saveRound(t.app.store.db, { election: 'e1', round: 1 }, { format: 'test', options: [{ key: 'A', label: 'A', kind: 'choice' }, { key: 'B', label: 'B', kind: 'choice' }], units: [{ code: 's1', sourceCode: 'S1', counts: [30, 70], line: 2 }], bad: [] });
    const compare = await call('ana', 'GET', `${base}/compare?question=intent&answer=yes&election=e1&round=1&option=A`);
    expect(compare.body.rows).toEqual([{ area: 'A1', surveyShare: 1 / 3, ci95: [expect.closeTo(0.1518, 4), expect.closeTo(0.5829, 4)], base: 15, suppressed: false, electionShare: 0.3, votes: 30, expressed: 100, registered: null, stations: 1, matchedStations: 1 }]);
    expect((await call('ana', 'GET', `${base}/compare?question=intent&answer=yes&election=e1&round=1&option=Z`)).status).toBe(400);
    expect(await (await raw('ana', 'GET', `${base}/compare?question=intent&answer=yes&election=e1&round=1&option=A&format=csv`)).text()).toContain('A1,0.3333,0.1518,0.5829,15,0,0.3000,30,100,,1,1');
  });
});
