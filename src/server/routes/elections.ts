import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { PairAnalysis } from '../../elections/analysis';
import { estimateOffMainThread } from '../../elections/transfers/offload';
import { analysePair, areasCsv, checkPriorityRule, priorityOf, priorityRule, projectPair } from '../../elections/analysis';
import type { RoundResults } from '../../elections/formats/types';
import { groupByParty, lineUpWarning, pairInDistrict } from '../../elections/group';
import { listElections, loadRound, roundFacets } from '../../elections/store';
import type { RoundFacets, StoredRound } from '../../elections/store';
import { TRANSFER_METHODS } from '../../elections/transfers/types';
import { roundTurnout } from '../../elections/turnout';
import { stationPlaces } from '../../field/areas';
import type { FieldDb } from '../../field/tables';
import type { AnyDb } from '../../store';
import { MAX_INTEGER } from '../../store';
import type { Routes } from './define';
import { query } from './input';

// Both stores keep a round in an integer column: a larger number is no round (and a 500 on PostgreSQL).
const round = z
  .string({ error: 'missing; expected a round number (1, 2, …)' })
  .regex(/^\d{1,10}$/, 'expected a round number (1, 2, …)')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_INTEGER, `expected a round number from 1 to ${MAX_INTEGER.toLocaleString('en')}`);
/** Stations listed in a priority answer (best first); `stationsTotal` says how many there are. */
const MAX_STATIONS_SHOWN = 200;
/** The most registered voters a sample area may be asked for: a whole constituency is far fewer. */
const MAX_TARGET = 1_000_000;
const PairQuery = z.object({
  from: round.describe('first round'),
  to: round.describe('second round'),
  method: z.enum(TRANSFER_METHODS as [string, ...string[]]).default('lp').describe('goodman, lp (default) or md-bayes'),
  by: z.enum(['party']).optional().describe('"party": pool candidates by party'),
  district: z.string().min(1, 'expected a district key (e.g. 34-7)').max(200).optional().describe('only the units of this district (constituency) in both rounds, with the candidates that have votes there'),
});

/** The two stored rounds as the query asks: pooled by party, in one district. */
async function loadPairOf(db: AnyDb, election: string, q: z.output<typeof PairQuery>): Promise<[RoundResults, RoundResults]> {
  const pool = (r: RoundResults): RoundResults => (q.by === 'party' ? groupByParty(r) : r);
  const [a, b] = (await Promise.all([loadRound(db, election, q.from), loadRound(db, election, q.to)])).map(pool) as [RoundResults, RoundResults];
  return q.district === undefined ? [a, b] : pairInDistrict(a, b, q.district, [`query district: round ${q.from}: `, `query district: round ${q.to}: `]);
}
/** An analysis as served: with what the reader should know of how the rounds were pooled. */
type ServedAnalysis = PairAnalysis & { readonly notes: readonly string[] };

const PriorityQuery = PairQuery.extend({
  rows: z.string().min(1, 'expected one or more first-round option keys, comma-separated').describe("the campaign's first-round options, comma-separated"),
  col: z.string().min(1, 'expected a second-round option key').describe('the second-round option its voters can be won back from (e.g. ABSTENTION)'),
  target: z
    .string()
    .regex(/^\d{1,7}$/, `expected a whole number of registered voters from 1 to ${MAX_TARGET.toLocaleString('en')}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_TARGET, `expected a whole number of registered voters from 1 to ${MAX_TARGET.toLocaleString('en')}`)
    .optional()
    .describe('registered voters per sample area (default 1,500)'),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * Elections: stored rounds, turnout per unit, transfers between two rounds, the projection they give,
 * and priority areas. Analyses are kept in memory per round versions (a re-import changes the key).
 */
export function electionRoutes(routes: Routes, db: AnyDb): void {
  const cache = new Map<string, Promise<ServedAnalysis>>();
  /** Analyses under way, by the cache's key: md-bayes reports its chains' sweeps; lp and goodman only that they run. */
  const running = new Map<string, Running>();
  const versions = async (election: string): Promise<string> => {
    const e = (await listElections(db)).find((x) => x.id === election);
    if (!e) throw new HTTPException(404, { message: `no election ${election}` });
    return e.rounds.map((r) => `${r.round}@${r.importedAt}`).join(',');
  };
  const keyOf = async (election: string, q: z.output<typeof PairQuery>): Promise<string> => `${election}|${await versions(election)}|${q.from}|${q.to}|${q.method}|${q.by ?? ''}|${JSON.stringify(q.district ?? null)}`;
  const analysis = async (election: string, q: z.output<typeof PairQuery>): Promise<ServedAnalysis> => {
    const key = await keyOf(election, q);
    let hit = cache.get(key);
    if (!hit) {
      const state: Running = { startedAt: Date.now(), sweeps: null, total: null, stop: new AbortController() };
      running.set(key, state);
      const onProgress = (p: { sweeps: number; total: number }): void => void Object.assign(state, p);
      const signal = state.stop.signal;
      hit = loadPairOf(db, election, q).then(async ([a, b]) => ({
        ...(await analysePair(a, b, { method: q.method as never, perUnit: true, seed: 1, estimate: estimateOffMainThread, onProgress, signal })),
        notes: q.by === 'party' && q.district === undefined ? [lineUpWarning(b, 'district=')].filter((n) => n !== null) : [],
      }));
      // A cancelled estimate settles after a new one for the same key may have started: only its own entries go.
      const own = hit;
      const settled = (): void => void (running.get(key) === state && running.delete(key));
      own.then(settled, settled);
      own.catch(() => cache.get(key) === own && cache.delete(key));
      if (cache.size >= 32) cache.delete(cache.keys().next().value!);
      cache.set(key, hit);
    }
    return hit;
  };
  routes.add({ method: 'get', path: '/api/elections', summary: 'stored elections and their rounds (units, bad lines, districts, whether options name parties)', role: 'viewer' }, async (c) => {
    const list = await listElections(db);
    const facets = await Promise.all(list.map((e) => roundFacets(db, e.id)));
    // What each import left out (bad lines) is said with the round, so that no reader takes a partial round for a whole one.
    // Its districts and whether options name parties: what the analyses' district= and by=party can take.
    const roundOf = (r: StoredRound, f: Map<number, RoundFacets>) => {
      const { districts = [], parties = false } = f.get(r.round) ?? {};
      return { round: r.round, label: null, format: r.format, units: r.units, bad: r.bad, source: r.source, importedAt: r.importedAt, districts, parties };
    };
    return c.json({ elections: list.map((e, i) => ({ id: e.id, name: e.name ?? e.id, rounds: e.rounds.map((r) => roundOf(r, facets[i]!)) })) });
  });
  routes.add({ method: 'get', path: '/api/elections/{id}/turnout', summary: 'turnout and shares per unit and in total for one round', role: 'viewer', query: z.object({ round }) }, async (c) => {
    const q = query(c, z.object({ round }));
    const id = c.req.param('id')!;
    await versions(id);
    const r = await loadRound(db, id, q.round);
    return c.json({ election: id, round: q.round, ...turnoutAnswer(r, await stationPlaces(db as FieldDb)) });
  });
  routes.add({ method: 'get', path: '/api/elections/{id}/transfers', summary: 'vote transfers between two rounds: {method, rows, cols, matrix, ci95, votes, diagnostics, matching, notes}', role: 'viewer', query: PairQuery }, async (c) => {
    const a = await analysis(c.req.param('id')!, query(c, PairQuery));
    const { unitMatrices: _unitMatrices, ...result } = a.result;
    return c.json({ ...result, matching: a.matching, notes: a.notes });
  });
  routes.add({ method: 'get', path: '/api/elections/{id}/transfers/progress', summary: 'how far the estimate of transfers between two rounds has got (md-bayes takes minutes on a large table): {state: running|done|none, elapsedSeconds, sweeps, total, etaSeconds}', role: 'viewer', query: PairQuery }, async (c) => {
    const key = await keyOf(c.req.param('id')!, query(c, PairQuery));
    const state = running.get(key);
    if (state) return c.json(progressOf(state, Date.now()));
    return c.json({ state: cache.has(key) ? 'done' : 'none' });
  });
  // Its own path, not DELETE on /transfers: a browser holds a request to the URL it is still fetching (its cache lock) until the fetch ends.
  routes.add({ method: 'post', path: '/api/elections/{id}/transfers/cancel', summary: 'cancel the estimate of transfers between two rounds under way: {cancelled: true}, or 404 when none runs; the requests waiting for it get 409', role: 'viewer', query: PairQuery }, async (c) => {
    const key = await keyOf(c.req.param('id')!, query(c, PairQuery));
    const state = running.get(key);
    if (!state) throw new HTTPException(404, { message: 'no estimate of these rounds by this method is under way' });
    state.stop.abort();
    running.delete(key);
    cache.delete(key);
    return c.json({ cancelled: true });
  });
  routes.add({ method: 'get', path: '/api/elections/{id}/projection', summary: 'the second round projected from the first with the estimated matrix, beside the actual one', role: 'viewer', query: PairQuery }, async (c) => {
    const a = await analysis(c.req.param('id')!, query(c, PairQuery));
    return c.json({ ...projectPair(a), matching: a.matching });
  });
  routes.add({ method: 'get', path: '/api/elections/{id}/priority', summary: 'polling stations and sample areas ranked by the votes a campaign can gain', role: 'viewer', query: PriorityQuery }, async (c) => {
    const q = query(c, PriorityQuery);
    // An unknown election is a 404, as on /transfers and /turnout; then a wrong key is told at once, not after an estimate that can take minutes.
    await versions(c.req.param('id')!);
    const [from, to] = await loadPairOf(db, c.req.param('id')!, q);
    const rule = priorityRule(q.rows, q.col, from);
    checkPriorityRule(rule, from, to);
    const a = await analysis(c.req.param('id')!, q);
    const places = await stationPlaces(db as FieldDb);
    const p = priorityOf(a, rule, places, q.target);
    if (q.format === 'csv') return c.body(areasCsv(p.areas), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="priority-areas.csv"' });
    // Where each station is, for the map: those the field module's stations place (code, lat, lon).
    const placed = p.stations.flatMap((s) => {
      const at = places.get(s.code);
      return at ? [{ code: s.code, lat: at.lat, lon: at.lon, gain: s.gain, perThousand: s.perThousand }] : [];
    });
    return c.json({ rule, perUnit: p.perUnit, areas: p.areas, stations: p.stations.slice(0, MAX_STATIONS_SHOWN), stationsTotal: p.stations.length, placed });
  });
}

interface Running {
  readonly startedAt: number;
  sweeps: number | null;
  total: number | null;
  readonly stop: AbortController;
}

/** An analysis under way as the progress route tells it; the time left is a straight line from the sweeps done so far. */
export function progressOf(r: Running, now: number) {
  const elapsed = (now - r.startedAt) / 1000;
  const eta = r.sweeps && r.total ? Math.round((elapsed * (r.total - r.sweeps)) / r.sweeps) : null;
  return { state: 'running' as const, elapsedSeconds: Math.round(elapsed), sweeps: r.sweeps, total: r.total, etaSeconds: eta };
}

/** A round's figures in total and per unit; a unit's lat/lon are its polling station's, when the field module knows them. */
function turnoutAnswer(r: RoundResults, places: ReadonlyMap<string, { lat: number; lon: number }>) {
  const t = roundTurnout(r);
  const label = new Map(r.options.map((o) => [o.key, o.label]));
  const unit = new Map(r.units.map((u) => [u.code, u]));
  const figures = (f: (typeof t)['total']) => ({
    registered: f.registered,
    voters: f.voters,
    turnout: f.turnout,
    abstention: f.abstention,
    blank: f.blank + f.blankNull,
    null: f.null,
    expressed: f.expressed,
    // What the source's own figures leave unexplained (registered − voters − abstention), and a unit with more voters than registered: said, not hidden in a turnout above 1.
    gap: f.gap,
    overRegistered: f.registered !== null && f.registered > 0 && f.voters > f.registered,
    options: f.options.map((o) => ({ ...o, label: label.get(o.key) ?? o.key })),
  });
  return {
    total: figures(t.total),
    units: t.units.map((u) => ({ code: u.code, name: u.name ?? null, district: unit.get(u.code)?.district ?? null, lat: places.get(u.code)?.lat ?? null, lon: places.get(u.code)?.lon ?? null, ...figures(u) })),
  };
}
