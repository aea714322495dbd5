import type { Model } from './model';
import { apportion, teamScore, tvd } from './tvd';

/**
 * What placing a canvasser outside their home district costs, in TVD units: small enough that any
 * real gain in fit wins (a swap that lowers a team's score by more than this), large enough that
 * between equally good teams the home district gets its own people.
 */
export const AWAY_COST = 0.002;
const EPS = 1e-12;
const MAX_PASSES = 200;

/** Teams under construction: per district its members, counts per attribute value, and score. */
interface State {
  readonly model: Model;
  readonly teams: number[][];
  readonly counts: Int32Array[][];
  readonly away: number[];
  readonly cost: number[];
  /** Available canvassers in no team, in input order. */
  pool: number[];
  /** Per canvasser: values and home, as text; canvassers with the same key are interchangeable. */
  readonly keys: readonly string[];
  /** `distinct` of each team (index d) and of the pool (index = number of teams); null when stale. */
  readonly kinds: (number[] | null)[];
  /** Scratch space for one team's TVDs (the score is computed millions of times: no allocation). */
  readonly tvds: Float64Array;
}

/** Adds (by = 1) or removes (by = −1) canvasser `c` in team `d`'s counts and away tally. */
function shift(s: State, d: number, c: number, by: 1 | -1): void {
  const values = s.model.people[c]!;
  const counts = s.counts[d]!;
  for (let a = 0; a < values.length; a++) counts[a]![values[a]!]! += by;
  const h = s.model.home[c]!;
  if (h >= 0 && h !== d) s.away[d]! += by;
}

/** The team's score with `out` taken out and `into` put in (−1: none): TVDs plus away costs. */
function costWith(s: State, d: number, out: number, into: number): number {
  let n = s.teams[d]!.length;
  if (out >= 0) {
    shift(s, d, out, -1);
    n--;
  }
  if (into >= 0) {
    shift(s, d, into, 1);
    n++;
  }
  const counts = s.counts[d]!;
  const shares = s.model.shares[d]!;
  for (let a = 0; a < counts.length; a++) s.tvds[a] = tvd(counts[a]!, n, shares[a]!);
  const score = teamScore(s.tvds) + AWAY_COST * s.away[d]!;
  if (into >= 0) shift(s, d, into, -1);
  if (out >= 0) shift(s, d, out, 1);
  return score;
}

function put(s: State, d: number, out: number, into: number): void {
  const team = s.teams[d]!;
  if (out >= 0) {
    team.splice(team.indexOf(out), 1);
    shift(s, d, out, -1);
  }
  if (into >= 0) {
    team.push(into);
    team.sort((a, b) => a - b);
    shift(s, d, into, 1);
  }
  s.cost[d] = costWith(s, d, -1, -1);
  s.kinds[d] = null;
}

function setPool(s: State, pool: number[]): void {
  s.pool = pool;
  s.kinds[s.teams.length] = null;
}

/** The first of each kind of canvasser in team `d` (or the pool): trying the others would give the same answer. */
function distinct(s: State, d: number): number[] {
  const cached = s.kinds[d];
  if (cached) return cached;
  const seen = new Set<string>();
  const list = d < s.teams.length ? s.teams[d]! : s.pool;
  const kinds = list.filter((c) => !seen.has(s.keys[c]!) && seen.add(s.keys[c]!));
  s.kinds[d] = kinds;
  return kinds;
}

function newState(model: Model): State {
  const d = model.shares.length;
  const state: State = {
    model,
    teams: Array.from({ length: d }, () => []),
    counts: model.shares.map(() => model.values.map((vs) => new Int32Array(vs.length))),
    away: new Array<number>(d).fill(0),
    cost: new Array<number>(d).fill(0),
    pool: model.users.map((_, c) => c),
    keys: model.people.map((p, c) => `${p.join(',')}|${model.home[c]}`),
    kinds: new Array<number[] | null>(d + 1).fill(null),
    tvds: new Float64Array(model.attributes.length),
  };
  for (let k = 0; k < d; k++) state.cost[k] = costWith(state, k, -1, -1);
  return state;
}

/**
 * Greedy fill: the team furthest from its size (by share filled; ties to the earlier district)
 * takes the available canvasser whose arrival gives it the lowest score; ties to the earlier
 * canvasser. When the pool is too small for every team, places are shared out in proportion to
 * the sizes wanted (in whole pairs when pairing).
 */
function fill(s: State, sizes: readonly number[]): void {
  for (;;) {
    let d = -1;
    sizes.forEach((size, k) => {
      const fillK = s.teams[k]!.length / size;
      if (s.teams[k]!.length < size && (d < 0 || fillK < s.teams[d]!.length / sizes[d]!)) d = k;
    });
    if (d < 0 || s.pool.length === 0) return;
    let best = -1;
    let bestCost = Infinity;
    for (const c of distinct(s, s.teams.length)) {
      const cost = costWith(s, d, -1, c);
      if (cost < bestCost - EPS) [best, bestCost] = [c, cost];
    }
    setPool(s, s.pool.filter((c) => c !== best));
    put(s, d, -1, best);
  }
}

/** The best swap for member `x` of team `d`: with a member of another team (e ≥ 0) or the pool (e = −1). */
function bestSwap(s: State, d: number, x: number): { e: number; y: number; gain: number } | null {
  let best: { e: number; y: number; gain: number } | null = null;
  const consider = (e: number, y: number, gain: number): void => {
    if (gain > EPS && (!best || gain > best.gain + EPS)) best = { e, y, gain };
  };
  s.teams.forEach((_, e) => {
    if (e === d) return;
    for (const y of distinct(s, e)) if (s.keys[y] !== s.keys[x]) consider(e, y, s.cost[d]! + s.cost[e]! - costWith(s, d, x, y) - costWith(s, e, y, x));
  });
  for (const y of distinct(s, s.teams.length)) if (s.keys[y] !== s.keys[x]) consider(-1, y, s.cost[d]! - costWith(s, d, x, y));
  return best;
}

/** One pass over every team member; true when some swap lowered the total score. */
function improve(s: State): boolean {
  let improved = false;
  s.teams.forEach((team, d) => {
    for (const x of [...team]) {
      if (!team.includes(x)) continue;
      const swap = bestSwap(s, d, x);
      if (!swap) continue;
      improved = true;
      put(s, d, x, swap.y);
      if (swap.e >= 0) put(s, swap.e, swap.y, x);
      else setPool(s, [...s.pool.filter((c) => c !== swap.y), x].sort((a, b) => a - b));
    }
  });
  return improved;
}

/**
 * Picks the teams: greedy fill, then local search — each member in turn is swapped with whichever
 * member of another team, or canvasser of the unassigned pool, lowers the total score most —
 * until a whole pass finds nothing (bounded at 200 passes). Sizes are fixed by the fill, so a
 * plain move between teams would only unbalance them; swaps do the moving. Deterministic: every
 * loop runs in input order and ties go to the earlier canvasser.
 */
export function searchTeams(model: Model): { teams: number[][]; pool: number[]; passes: number } {
  const s = newState(model);
  const units = apportion(Math.floor(model.users.length / model.unit), model.wanted.map((w) => w / model.unit));
  fill(
    s,
    units.map((u) => u * model.unit),
  );
  let passes = 0;
  while (passes < MAX_PASSES && improve(s)) passes++;
  return { teams: s.teams, pool: s.pool, passes };
}
