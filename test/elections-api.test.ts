import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRound } from '../src/elections/formats/read';
import { saveRound } from '../src/elections/store';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const FIXTURES = join(import.meta.dirname, '..', 'data', 'elections');
const finistere = (n: number) => join(FIXTURES, `fr-legislatives-2024-finistere-circ2-3-by-station-tour${n}.csv`);

async function serverWithRounds(t: TestApp) {
  for (const n of [1, 2]) await saveRound(t.app.store.db, { election: 'fin2024', round: n, name: 'Législatives 2024, Finistère 2 and 3', source: finistere(n) }, (await readRound(finistere(n))).round);
  const users = new UserStore(t.app.store);
  await users.add('vic', 'viewer', 'a long enough password');
  const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test' });
  const headers = { authorization: `Bearer ${await users.issueToken('vic', 'tests')}` };
  const get = async (path: string) => {
    const r = await api.request(path, { headers });
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
    expect(list.elections).toEqual([expect.objectContaining({ id: 'fin2024', rounds: [expect.objectContaining({ round: 1, units: 201 }), expect.objectContaining({ round: 2, units: 201 })] })]);

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
    const pr = (await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${encodeURIComponent(rows)}&col=ABSTENTION`)).body as { areas: { rank: number; stations: string[]; registered: number }[]; perUnit: boolean };
    expect(pr.perUnit).toBe(true);
    expect(pr.areas[0]!.rank).toBe(1);
    expect(pr.areas.flatMap((a) => a.stations)).toHaveLength(201);
    const csv = await get(`/api/elections/fin2024/priority?from=1&to=2&rows=${encodeURIComponent(rows)}&col=ABSTENTION&format=csv`);
    expect(csv.type).toContain('text/csv');
    expect((csv.body as string).split('\n')[0]).toBe('rank,stations,registered,gain,gain_per_1000,nearness');
  });

  it('answers 404 for an unknown election and 400 with the reason for a bad query', async () => {
    t = await openTestApp(backend);
    const { get } = await serverWithRounds(t);
    expect(await get('/api/elections/nope/turnout?round=1')).toMatchObject({ status: 404, body: { error: 'no election nope' } });
    expect(await get('/api/elections/fin2024/transfers?from=1&to=2&method=magic')).toMatchObject({ status: 400, body: { error: expect.stringContaining('query method') } });
    expect(await get('/api/elections/fin2024/turnout?round=x')).toMatchObject({ status: 400, body: { error: expect.stringContaining('expected a round number') } });
    expect(await get('/api/elections/fin2024/priority?from=1&to=2&rows=NOBODY&col=ABSTENTION')).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown first-round option "NOBODY"') } });
  });
});
