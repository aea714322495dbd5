import type { Model } from './model';
import { buildModel } from './model';
import { handOut, pairUp } from './pairs';
import { AWAY_COST, searchTeams } from './search';
import { idealCounts, sizeBound, tvd } from './tvd';
import type { AssignInput, AssignResult, Team } from './types';
import { TVD_GOAL } from './types';

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Per attribute, the team's count of each value — recounted from the members, not from the search. */
function countsOf(model: Model, members: readonly number[]): number[][] {
  const counts = model.values.map((vs) => new Array<number>(vs.length).fill(0));
  for (const m of members) model.people[m]!.forEach((v, a) => (counts[a]![v]! += 1));
  return counts;
}

/** Per attribute and value: how many the teams would ideally hold in all, and how many are available. */
interface Supply {
  readonly demand: readonly number[][];
  readonly supply: readonly number[][];
}

function supplyOf(model: Model, teams: readonly number[][]): Supply {
  const demand = model.values.map((vs) => new Array<number>(vs.length).fill(0));
  teams.forEach((t, d) => model.attributes.forEach((_, k) => idealCounts(t.length, model.shares[d]![k]!).forEach((c, v) => (demand[k]![v]! += c))));
  return { demand, supply: countsOf(model, model.users.map((_, c) => c)) };
}

/** Why a team is further than the goal from its district: its size, a pool short of some value, or the search. */
function explain(model: Model, d: number, members: readonly number[], tvds: readonly number[], pool: Supply): string {
  const n = members.length;
  const counts = countsOf(model, members);
  const reasons: string[] = [];
  model.attributes.forEach((a, k) => {
    if (tvds[k]! <= TVD_GOAL) return;
    const bound = sizeBound(n, model.shares[d]![k]!);
    const size = bound > TVD_GOAL ? `a team of ${n} cannot get below ${round(bound)} by rounding alone (a larger team or fewer ${a} values would)` : null;
    const ideal = idealCounts(n, model.shares[d]![k]!);
    const short = model.values[k]!.flatMap((v, i) => {
      const missing = ideal[i]! - counts[k]![i]!;
      if (missing <= 0) return [];
      const [want, have] = [pool.demand[k]![i]!, pool.supply[k]![i]!];
      const why = want > have ? `the teams would ideally hold ${want} in all, only ${have} are available` : `${have} are available for ${want} wanted in all, but none could be freed without making another team worse`;
      return [`${missing} more with ${a}=${v} (${why})`];
    });
    reasons.push(`${a} ${round(tvds[k]!)}: ${[size, short.length ? `it would need ${short.join(', ')}` : null].filter(Boolean).join('; ')}`);
  });
  return `district ${model.ids[d]}: TVD ${round(Math.max(...tvds))} is above the goal of ${TVD_GOAL}: ${reasons.join('; ')}`;
}

function walkersOf(model: Model, members: readonly number[], pairs: boolean): { walkers: string[][]; pairs: [string, string][] | null } {
  const name = (m: number): string => model.users[m]!;
  if (!pairs) return { walkers: members.map((m) => [name(m)]), pairs: null };
  const made = pairUp(members, (m) => model.people[m]!);
  const walkers = made.pairs.map(([a, b]) => [name(a), name(b)]);
  // Pairing is for safety: an odd one out joins the last pair rather than walk alone.
  if (made.single !== null) {
    if (walkers.length) walkers[walkers.length - 1]!.push(name(made.single));
    else walkers.push([name(made.single)]);
  }
  return { walkers, pairs: made.pairs.map(([a, b]) => [name(a), name(b)]) };
}

function teamOf(model: Model, input: AssignInput, d: number, members: readonly number[], notes: string[], pool: Supply): Team {
  const district = input.districts[d]!;
  const counts = countsOf(model, members);
  const tvds = model.attributes.map((_, k) => tvd(counts[k]!, members.length, model.shares[d]![k]!));
  const { walkers, pairs } = walkersOf(model, members, input.pairs === true);
  if (members.length === 0 && model.wanted[d]! > 0) notes.push(`district ${district.id}: no team — no available canvasser was left for it`);
  else if (members.length > 0 && Math.max(...tvds) > TVD_GOAL) notes.push(explain(model, d, members, tvds, pool));
  if (walkers.length > district.turfs.length) notes.push(`district ${district.id}: ${walkers.length - district.turfs.length} walker(s) have no turf (more walkers than turfs)`);
  if (input.pairs && members.length % 2 === 1) notes.push(`district ${district.id}: an odd number of members; the last one walks with the last pair`);
  return {
    district: district.id,
    members: members.map((m) => model.users[m]!),
    pairs,
    tvd: Math.max(...tvds),
    tvdMean: tvds.reduce((s, t) => s + t, 0) / tvds.length,
    tvdByAttribute: Object.fromEntries(model.attributes.map((a, k) => [a, tvds[k]!])),
    wanted: model.wanted[d]!,
    bestPossible: Math.max(...model.attributes.map((_, k) => sizeBound(members.length, model.shares[d]![k]!))),
    turfs: handOut(district.turfs, walkers),
  };
}

function summaryNotes(model: Model, teams: readonly number[][]): string[] {
  const notes: string[] = [];
  const wanted = model.wanted.reduce((s, w) => s + w, 0);
  const placed = teams.reduce((s, t) => s + t.length, 0);
  if (placed < wanted) notes.push(`${model.users.length} canvasser(s) available for ${wanted} places wanted: teams are smaller than wanted, in proportion to the sizes wanted${model.unit === 2 ? ' (in whole pairs)' : ''}`);
  const away = teams.reduce((s, t, d) => s + t.filter((m) => model.home[m]! >= 0 && model.home[m] !== d).length, 0);
  if (away) notes.push(`${away} canvasser(s) work outside their home district: each such placement costs ${AWAY_COST} in the search, so it was made only where it improves the fit by more`);
  return notes;
}

/**
 * Assigns canvassers to districts' turfs so that each district's team mirrors its population on
 * the chosen attributes as closely as the pool allows: the score minimised is, per team, the
 * largest total variation distance over the attributes plus half their mean (see `teamScore`),
 * summed over the districts. Only canvassers available in `slot` take part (strictly). A
 * canvasser's home district is preferred — a placement elsewhere carries a small cost, so it
 * happens only when it improves the fit — but not binding. See `searchTeams` for the algorithm.
 *
 * @throws InputError naming the field when the input is malformed.
 */
export function assignTeams(input: AssignInput): AssignResult {
  const model = buildModel(input);
  const { teams, pool } = searchTeams(model);
  const notes = [...model.notes];
  const supply = supplyOf(model, teams);
  const built = teams.map((members, d) => teamOf(model, input, d, members, notes, supply));
  return { teams: built, unassigned: pool.map((c) => model.users[c]!), unavailable: model.unavailable, notes: [...notes, ...summaryNotes(model, teams)] };
}
