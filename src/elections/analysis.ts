import { InputError } from '../core/errors';
import type { RoundResults } from './formats/types';
import { groupSampleAreas } from './priority/areas';
import type { PlacedStation, SampleArea } from './priority/areas';
import { scoreStations } from './priority/score';
import type { StationScore } from './priority/score';
import type { Projection } from './projection/project';
import { projectSecondRound } from './projection/project';
import type { EstimateOptions } from './transfers/estimate';
import { estimateTransfers } from './transfers/estimate';
import type { PairedRounds } from './transfers/pair';
import { pairRounds } from './transfers/pair';
import type { Electorate, PrepareReport } from './transfers/prepare';
import { prepareTransfer } from './transfers/prepare';
import type { TransferResult } from './transfers/types';

/** What was matched between the two rounds and what was left out or added (NEW/EXITED voters), for every answer built on a pair. */
export interface Matching extends PrepareReport {
  readonly matched: number;
  readonly unmatchedFrom: readonly string[];
  readonly unmatchedTo: readonly string[];
}

export interface PairAnalysis {
  readonly paired: PairedRounds;
  readonly result: TransferResult;
  readonly matching: Matching;
  /** The prepared input's units (zero-vote units set aside), in the order of result.unitMatrices. */
  readonly units: readonly string[];
  readonly x: readonly (readonly number[])[];
  /** The prepared second-round counts (with the EXITED column when one was added). */
  readonly y: readonly (readonly number[])[];
  /** Per result column: whether it is a choice of the second round (counted in shares), not abstention, blank, null or EXITED. */
  readonly choices: readonly boolean[];
}

/** Pairs two rounds, prepares them (new/exited voters when the electorates differ) and estimates the transfers. */
export async function analysePair(from: RoundResults, to: RoundResults, options: EstimateOptions & { electorate?: Electorate; estimate?: typeof estimateTransfers } = {}): Promise<PairAnalysis> {
  const paired = pairRounds(from, to);
  // md-bayes draws whole votes: --electorate scale's rescaled counts are rounded for it.
  const prepared = prepareTransfer(paired.rows, paired.cols, paired.units, paired.x, paired.y, { electorate: options.electorate ?? 'new-exit', wholeVotes: options.method === 'md-bayes' });
  const { estimate = estimateTransfers, ...estimateOptions } = options;
  const result = await estimate(prepared.input, estimateOptions);
  const matching = { matched: paired.units.length, unmatchedFrom: paired.unmatchedFrom, unmatchedTo: paired.unmatchedTo, ...prepared.report };
  const choices = result.cols.map((key) => to.options.find((o) => o.key === key)?.kind === 'choice');
  return { paired, result, matching, units: prepared.input.units, x: prepared.input.x, y: prepared.input.y, choices };
}

/**
 * The second round projected from the first with the estimated matrix (per-unit matrices when the
 * method gives them), beside the actual second round: how well the matrix explains what happened.
 */
export function projectPair(a: PairAnalysis, seed = 1): Projection & { actual: { total: number[]; units: Record<string, number[]> } } {
  const r = a.result;
  const projection = projectSecondRound({ units: a.units, x: a.x, cols: r.cols, matrix: r.matrix, ci95: r.ci95, ...(r.unitMatrices && { unitMatrices: r.unitMatrices }), counted: a.choices, seed });
  const units: Record<string, number[]> = {};
  const total = new Array<number>(r.cols.length).fill(0);
  a.units.forEach((code, i) => {
    units[code] = [...a.y[i]!];
    a.y[i]!.forEach((v, c) => (total[c]! += v));
  });
  return { ...projection, actual: { total, units } };
}

export interface PriorityRule {
  /** First-round option keys whose voters are the campaign's. */
  readonly rows: readonly string[];
  /** The second-round option key they can be won back from (e.g. the abstention). */
  readonly col: string;
}

/** A priority rule from the campaign's option keys as typed (comma-separated; a key of the first round that holds commas, "DUPONT, Jean", is one key) and the option its voters can be won back from. */
export function priorityRule(campaign: string, col: string, from: RoundResults): PriorityRule {
  return { rows: splitKeys(campaign, new Set(from.options.map((o) => o.key))), col };
}

/**
 * Comma-separated option keys, where a key may itself hold commas ("DUPONT, Jean"): at each point
 * the longest run of pieces that names a known key is taken whole, else the one piece.
 */
function splitKeys(text: string, known: ReadonlySet<string>): string[] {
  const pieces = text.split(',');
  const out: string[] = [];
  for (let i = 0; i < pieces.length; ) {
    let end = i + 1;
    for (let j = pieces.length; j > i + 1; j--) {
      if (known.has(pieces.slice(i, j).join(',').trim())) {
        end = j;
        break;
      }
    }
    out.push(pieces.slice(i, end).join(',').trim());
    i = end;
  }
  return out;
}

/** Each campaign option once: named twice, its voters would count twice. */
function onceEach(rows: readonly string[]): void {
  const twice = rows.find((k, i) => rows.indexOf(k) !== i);
  if (twice !== undefined) throw new InputError(`campaign option "${twice}" is given twice: each first-round option counts once`);
}

/**
 * Checks a priority rule against the two rounds before any estimate (md-bayes can take minutes):
 * each campaign key once, and every key an option of its round, or the NEW / EXITED voters when the
 * pairing will add them (the paired units' totals differ and the electorate is 'new-exit', the
 * default). An InputError names what is wrong.
 */
export function checkPriorityRule(rule: PriorityRule, from: RoundResults, to: RoundResults, electorate: Electorate = 'new-exit'): void {
  if (rule.rows.length === 0 || rule.rows.some((k) => k === '')) throw new InputError('expected the campaign\'s first-round option keys, comma-separated; found an empty key');
  onceEach(rule.rows);
  // The rows and columns the estimate will have: the pairing prepared as analysePair prepares it (cheap beside the estimate).
  const paired = pairRounds(from, to);
  const { rows, cols } = prepareTransfer(paired.rows, paired.cols, paired.units, paired.x, paired.y, { electorate }).input;
  indexOf(rows, rule.rows, 'first-round option');
  indexOf(cols, [rule.col], 'second-round option');
}

/** Stations scored by the votes there are to gain, and grouped into sample areas. */
export function priorityOf(a: PairAnalysis, rule: PriorityRule, places: ReadonlyMap<string, { lat?: number; lon?: number }> = new Map(), target = 1500): { stations: StationScore[]; areas: SampleArea[]; perUnit: boolean } {
  const r = a.result;
  onceEach(rule.rows);
  const rows = indexOf(r.rows, rule.rows, 'first-round option');
  const [col] = indexOf(r.cols, [rule.col], 'second-round option') as [number];
  const index = new Map(a.paired.units.map((u, i) => [u, i]));
  const stations = scoreStations(
    a.units.map((code, i) => {
      const p = index.get(code)!;
      const registered = a.paired.registered[p] ?? a.x[i]!.reduce((s, v) => s + v, 0);
      return { code, registered, x: a.x[i]!, matrix: r.unitMatrices?.[i] ?? r.matrix, ...optional(a.paired.names[p], a.paired.districts[p]) };
    }),
    { rows, col },
  );
  const placed: PlacedStation[] = stations.map((s) => ({ ...s, ...places.get(s.code) }));
  return { stations, areas: groupSampleAreas(placed, { target }), perUnit: r.unitMatrices !== undefined };
}

function optional(name: string | null | undefined, district: string | null | undefined): { name?: string; district?: string } {
  return { ...(name ? { name } : {}), ...(district ? { district } : {}) };
}

function indexOf(keys: readonly string[], wanted: readonly string[], what: string): number[] {
  return wanted.map((key) => {
    const i = keys.indexOf(key);
    if (i < 0) throw new InputError(`unknown ${what} "${key}" (expected one of ${keys.join(', ')})`);
    return i;
  });
}

/** Sample areas as CSV: one line per area, stations joined by spaces. */
export function areasCsv(areas: readonly SampleArea[]): string {
  const lines = ['rank,stations,registered,gain,gain_per_1000,nearness'];
  for (const a of areas) lines.push([a.rank, `"${a.stations.join(' ').replaceAll('"', '""')}"`, a.registered, a.gain.toFixed(1), a.perThousand.toFixed(2), a.nearness].join(','));
  return `${lines.join('\n')}\n`;
}
