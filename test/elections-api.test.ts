import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRound } from '../src/elections/formats/read';
import { loadRound, saveRound } from '../src/elections/store';
import { saveStations } from '../src/field/areas';
import type { FieldDb } from '../src/field/tables';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { twoDistrictRounds } from './support/elections';

const FIXTURES = join(import.meta.dirname, '..', 'data', 'elections');
const finistere = (n: number) => join(FIXTURES, `fr-legislatives-2024-finistere-circ2-3-by-station-tour${n}.csv`);

async function serverWithRounds(t: TestApp) {
  for (const n of [1, 2]) await saveRound(t.app.store.db, { election: 'fin2024', round: n, name: 'Législatives 2024, Finistère 2 and 3', source: finistere(n) }, (await readRound(finistere(n))).round);
  const users = new UserStore(t.app.store);
  await users.add('vic', 'viewer', 'a long enough password');
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test' });
  const headers = { authorization: `Bearer ${await users.issueToken('vic', 'tests')}` };
  const get = async (path: string, method = 'GET') => {
    const r = await api.request(path, { headers, method });
    const type = r.headers.get('content-type') ?? '';
    return { status: r.status, type, body: type.includes('json') ? ((await r.json()) as Record<string, unknown>) : await r.text() };
  };
  return { get };
}

describe.each(backends())('the elections API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('lists elections, gives turnout per unit, transfers, the projection and priority areas', async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    const list = (await get('/api/elections')).body as { elections: { id: string; rounds: { round: number; units: number }[] }[] };
    expect(list.elections).toEqual([expect.objectContaining({ id: 'fin2024', rounds: [expect.objectContaining({ round: 1, units: 201, bad: 0, source: expect.any(String) }), expect.objectContaining({ round: 2, units: 201, bad: 0 })] })]);

    const turnout = (await get('/api/elections/fin2024/turnout?round=1')).body as { total: { registered: number; voters: number; turnout: number }; units: unknown[] };
    expect(turnout.units).toHaveLength(201);
    expect(turnout.total.turnout).toBeCloseTo(turnout.total.voters / turnout.total.registered, 10);
    expect(turnout.total.turnout).toBeGreaterThan(0.6);

    const tr = (await get('/api/elections/fin2024/transfers?from=1&to=2&method=lp')).body as { rows: string[]; cols: string[]; matrix: number[][]; matching: { matched: number; unmatchedFrom: string[] } };
    expect(tr.matching).toMatchObject({ matched: 201, unmatchedFrom: [] });
    expect(tr.rows).toContain('ABSTENTION');
    tr.matrix.forEach((row) => expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6));
    const abst = tr.rows.indexOf('ABSTENTION');
    expect(tr.matrix[abst]![tr.cols.indexOf('ABSTENTION')]).toBeGreaterThan(0.7);

    const proj = (await get('/api/elections/fin2024/projection?from=1&to=2&method=lp')).body as { total: { votes: number[]; lo: number[]; hi: number[]; share: number[] }; actual: { total: number[] } };
    proj.total.votes.forEach((v, c) => {
      expect(proj.total.lo[c]).toBeLessThanOrEqual(v + 1e-6);
      expect(proj.total.hi[c]).toBeGreaterThanOrEqual(v - 1e-6);
      // lp's per-unit matrices reproduce each unit's second round: the projection equals what happened.
      expect(v).toBeCloseTo(proj.actual.total[c]!, -1);
    });

    const rows = tr.rows.filter((r) => r !== 'ABSTENTION' && !/BLANC|NUL/i.test(r)).slice(0, 1).join(',');
    const pr = (await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${encodeURIComponent(rows)}&col=ABSTENTION`)).body as { areas: { rank: number; stations: string[]; registered: number }[]; perUnit: boolean; stations: unknown[]; stationsTotal: number };
    expect(pr.perUnit).toBe(true);
    // The best 200 stations are listed, and how many there are in all.
    expect([pr.stations.length, pr.stationsTotal]).toEqual([200, 201]);
    expect(pr.areas[0]!.rank).toBe(1);
    expect(pr.areas.flatMap((a) => a.stations)).toHaveLength(201);
    const csv = await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${encodeURIComponent(rows)}&col=ABSTENTION&format=csv`);
    expect(csv.type).toContain('text/csv');
    expect((csv.body as string).split('\n')[0]).toBe('rank,stations,registered,gain,gain_per_1000,nearness');
  });

  it("places units on the map with the field module's stations, and groups areas by distance once every station is placed", async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    // Stations under the second round's spelling of the codes ("29-29011-0001" for the results' "29-29011-1"), on a grid near Brest.
    const units = (await loadRound(t.app.store.db, 'fin2024', 2)).units;
    const stations = units.map((u, i) => ({ code: u.sourceCode, name: null, lat: 48.3 + Math.floor(i / 15) * 0.01, lon: -4.6 + (i % 15) * 0.01 }));
    const db = t.app.store.db as FieldDb;
    await saveStations(db, stations.slice(1));
    type Unit = { code: string; lat: number | null; lon: number | null };
    const turnout = (await get('/api/elections/fin2024/turnout?round=1')).body as { units: Unit[] };
    const placed = turnout.units.filter((u) => u.lat !== null);
    expect(placed).toHaveLength(200);
    expect(turnout.units.find((u) => u.code === units[0]!.code)).toMatchObject({ lat: null, lon: null });
    const seventh = turnout.units.find((u) => u.code === units[7]!.code)!;
    // PostgreSQL keeps field_stations' coordinates as real (single precision: ~10 cm here).
    expect(seventh.lat).toBeCloseTo(stations[7]!.lat, 5);
    expect(seventh.lon).toBeCloseTo(stations[7]!.lon, 5);

    const tr = (await get('/api/elections/fin2024/transfers?from=1&to=2&method=lp')).body as { rows: string[] };
    const rows = encodeURIComponent(tr.rows.find((r) => r !== 'ABSTENTION' && !/BLANC|NUL/i.test(r))!);
    type Priority = { areas: { stations: string[]; nearness: string }[]; placed: { code: string; lat: number; lon: number }[] };
    const partly = (await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${rows}&col=ABSTENTION`)).body as Priority;
    expect(partly.placed).toHaveLength(200);
    expect(partly.areas[0]!.nearness).toBe('codes');

    await saveStations(db, stations.slice(0, 1));
    const all = (await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${rows}&col=ABSTENTION`)).body as Priority;
    expect(all.placed).toHaveLength(201);
    expect(all.areas.every((a) => a.nearness === 'coordinates')).toBe(true);
    expect(all.areas.flatMap((a) => a.stations).sort()).toEqual(units.map((u) => u.code).sort());
    // Grouped by distance: no area's stations lie more than twice the 5 km limit apart.
    const at = new Map(all.placed.map((p) => [p.code, p]));
    for (const a of all.areas) {
      const lats = a.stations.map((c) => at.get(c)!.lat);
      expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.1);
    }
  });

  it('flags a unit with more voters than registered, and says what the source leaves unexplained', async () => {
    t = await openTestApp(backend);
    const dir = mkdtempSync(join(tmpdir(), 'hustings-over-'));
    writeFileSync(join(dir, 'over.csv'), 'unit,registered,A,B,abstention\nu1,100,70,40,10\nu2,100,30,20,50\n');
    await saveRound(t.app.store.db, { election: 'over', round: 1 }, (await readRound(join(dir, 'over.csv'))).round);
    const { get } = await serverWithRounds(t);
    const turnout = (await get('/api/elections/over/turnout?round=1')).body as { units: { code: string; turnout: number; overRegistered: boolean; gap: number | null }[]; total: { overRegistered: boolean } };
    expect(turnout.units.map((u) => [u.code, u.overRegistered, u.gap])).toEqual([['u1', true, -20], ['u2', false, 0]]);
    expect(turnout.total.overRegistered).toBe(false);
  });

  it('takes one district (district=34-7) and pools by party (by=party), as the CLI does', async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    const herault = (r: string) => join(FIXTURES, `fr-legislatives-2022-herault-first-40-stations-${r}-tour.json`);
    for (const [n, r] of [[1, '1er'], [2, '2nd']] as const) await saveRound(t.app.store.db, { election: 'her22', round: n, source: herault(r) }, (await readRound(herault(r))).round);
    type Transfers = { rows: string[]; cols: string[]; matching: { matched: number } };
    const all = (await get('/api/elections/her22/transfers?from=1&to=2')).body as Transfers;
    const one = (await get('/api/elections/her22/transfers?from=1&to=2&district=34-7')).body as Transfers;
    expect(one.matching.matched).toBeLessThan(all.matching.matched);
    expect(one.cols.length).toBeLessThan(all.cols.length);
    const pooled = (await get('/api/elections/her22/transfers?from=1&to=2&by=party&district=34-7')).body as Transfers;
    expect(pooled.rows).toContain('RN');
    expect(pooled.rows.length).toBeLessThanOrEqual(one.rows.length);
    const projection = await get('/api/elections/her22/projection?from=1&to=2&district=34-7');
    expect(projection.status).toBe(200);
    expect(await get('/api/elections/her22/transfers?from=1&to=2&district=99')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^query district: round 1: no unit in district "99"; districts: 34-7/) } });
    expect(await get('/api/elections/her22/transfers?from=1&to=2&by=candidate')).toMatchObject({ status: 400, body: { error: expect.stringContaining('query by') } });
  });

  it("lists each round's districts and whether options name parties, and warns when pooling by party mixes districts' line-ups", async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    const [r1, r2] = twoDistrictRounds();
    await saveRound(t.app.store.db, { election: 'two', round: 1 }, r1);
    await saveRound(t.app.store.db, { election: 'two', round: 2 }, r2);
    type Listed = { elections: { id: string; rounds: { round: number; districts: string[]; parties: boolean }[] }[] };
    const list = (await get('/api/elections')).body as Listed;
    expect(list.elections.find((e) => e.id === 'two')!.rounds).toEqual([expect.objectContaining({ round: 1, districts: ['01-1', '01-2'], parties: true }), expect.objectContaining({ round: 2, districts: ['01-1', '01-2'], parties: true })]);
    // The ministry's 2024 files give no district.
    expect(list.elections.find((e) => e.id === 'fin2024')!.rounds.map((r) => r.districts)).toEqual([[], []]);
    type Transfers = { rows: string[]; notes: string[] };
    const pooled = (await get('/api/elections/two/transfers?from=1&to=2&by=party')).body as Transfers;
    expect(pooled.rows).toEqual(expect.arrayContaining(['X', 'Y', 'Z']));
    expect(pooled.notes).toEqual([expect.stringMatching(/^pooled by party over 2 districts whose second rounds have 2 different line-ups: .*district=/)]);
    expect(((await get('/api/elections/two/transfers?from=1&to=2&by=party&district=01-1')).body as Transfers).notes).toEqual([]);
    expect(((await get('/api/elections/two/transfers?from=1&to=2')).body as Transfers).notes).toEqual([]);
  });

  it('answers 404 for an unknown election and 400 with the reason for a bad query', async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    expect(await get('/api/elections/nope/turnout?round=1')).toMatchObject({ status: 404, body: { error: 'no election nope' } });
    // Every route that takes two rounds says so the same way, priority too (it was a 400 "no round 1 … is stored").
    for (const path of ['transfers?from=1&to=2', 'transfers/progress?from=1&to=2', 'projection?from=1&to=2', 'priority?from=1&to=2&rows=A&col=B']) {
      expect(await get(`/api/elections/nope/${path}`), path).toMatchObject({ status: 404, body: { error: 'no election nope' } });
    }
    expect(await get('/api/elections/fin2024/transfers?from=1&to=2&method=magic')).toMatchObject({ status: 400, body: { error: expect.stringContaining('query method') } });
    expect(await get('/api/elections/fin2024/turnout?round=x')).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected a round number') } });
    expect(await get('/api/elections/fin2024/priority?from=1&to=2&rows=NOBODY&col=ABSTENTION')).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown first-round option "NOBODY"') } });
    // A round past what the stores' integer column holds is no round (it was a 500 on PostgreSQL).
    for (const path of ['turnout?round=2147483648', 'transfers?from=1&to=2147483648', 'projection?from=99999999999&to=2']) {
      expect(await get(`/api/elections/fin2024/${path}`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected a round number') } });
    }
    expect(await get('/api/elections/fin2024/turnout')).toMatchObject({ status: 400, body: { error: expect.stringContaining('query round: missing') } });
    // A sample area of 0 registered, or of more than a constituency holds, is refused (0 was a 500).
    for (const target of ['0', '-5', '100000000000000000']) {
      expect(await get(`/api/elections/fin2024/priority?from=1&to=2&rows=NEW&col=ABSTENTION&target=${target}`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected a whole number of registered voters from 1 to 1,000,000') } });
    }
    // A campaign option named twice would count its voters twice.
    const rows = encodeURIComponent('NEW,NEW');
    expect(await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${rows}&col=ABSTENTION`)).toMatchObject({ status: 400, body: { error: 'campaign option "NEW" is given twice: each first-round option counts once' } });
  });
});

describe('the progress of a long estimate over HTTP', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('tells how far md-bayes has got while the transfers are estimated, then that they are done', async () => {
    t = await openTestApp(backends()[0]!);
    const { get } = await serverWithRounds(t);
    const q = 'from=1&to=2&method=md-bayes';
    const progress = async () => (await get(`/api/elections/fin2024/transfers/progress?${q}`)).body as { state: string; sweeps?: number | null; total?: number | null; etaSeconds?: number | null; elapsedSeconds?: number };
    expect(await progress()).toEqual({ state: 'none' });
    const answer = get(`/api/elections/fin2024/transfers?${q}`);
    let seen: Awaited<ReturnType<typeof progress>> | null = null;
    for (let i = 0; i < 2400 && !seen; i++) {
      const p = await progress();
      if (p.state === 'running' && (p.sweeps ?? 0) > 0) seen = p;
      else if (p.state === 'done') break;
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen).toMatchObject({ state: 'running', elapsedSeconds: expect.any(Number), total: expect.any(Number), etaSeconds: expect.any(Number) });
    expect(seen!.sweeps!).toBeLessThanOrEqual(seen!.total!);
    expect((await answer).status).toBe(200);
    expect(await progress()).toEqual({ state: 'done' });
    // Another method's estimate is another one: not begun.
    expect((await get('/api/elections/fin2024/transfers/progress?from=1&to=2&method=goodman')).body).toEqual({ state: 'none' });
  }, 300_000);
});

describe('cancelling a long estimate over HTTP', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('stops md-bayes under way: the waiting request gets 409, progress says none, and a new request starts afresh', async () => {
    t = await openTestApp(backends()[0]!);
    const { get } = await serverWithRounds(t);
    const q = 'from=1&to=2&method=md-bayes';
    expect(await get(`/api/elections/fin2024/transfers/cancel?${q}`, 'POST')).toEqual({ status: 404, type: expect.any(String), body: { error: 'no estimate of these rounds by this method is under way' } });
    const started = Date.now();
    const answer = get(`/api/elections/fin2024/transfers?${q}`);
    for (let i = 0; i < 2400; i++) {
      const p = (await get(`/api/elections/fin2024/transfers/progress?${q}`)).body as { state: string; sweeps?: number | null };
      if (p.state === 'running' && (p.sweeps ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await get(`/api/elections/fin2024/transfers/cancel?${q}`, 'POST')).toMatchObject({ status: 200, body: { cancelled: true } });
    expect(await answer).toMatchObject({ status: 409, body: { error: 'the md-bayes estimate was cancelled' } });
    expect((await get(`/api/elections/fin2024/transfers/progress?${q}`)).body).toEqual({ state: 'none' });
    const cancelledAfter = Date.now() - started;
    // The chains stopped: a full estimate of these rounds takes several seconds.
    const again = Date.now();
    expect((await get(`/api/elections/fin2024/transfers?${q}`)).status).toBe(200);
    expect(cancelledAfter).toBeLessThan(Date.now() - again);
    expect((await get(`/api/elections/fin2024/transfers/progress?${q}`)).body).toEqual({ state: 'done' });
  }, 300_000);

});
