import { InputError } from '../../core/errors';
import type { TransferInput } from './types';

/**
 * What to do when a unit's two rounds do not hold the same number of people:
 * - `strict`: refuse (an InputError lists the first offending units);
 * - `new-exit`: add a NEW voters row (where round 2 has more) and an EXITED column (where round 1 has
 *   more), with NEW→EXITED a structural zero and EXITED a same-share column (voters leave the roll in
 *   the same proportion whatever they voted) — R lphom's `new_and_exit_voters = "raw"` accounting,
 *   which reduces to `"simultaneous"` when every unit balances;
 * - `scale`: rescale each unit's round 2 counts to its round 1 total.
 */
export type Electorate = 'strict' | 'new-exit' | 'scale';

export interface PrepareOptions {
  readonly electorate: Electorate;
  /** `scale`: round each unit's rescaled counts to whole votes keeping its total (largest remainder), for methods that need counts (md-bayes). */
  readonly wholeVotes?: boolean;
}

/** The electorate modes, for argument parsing. */
export const ELECTORATE_MODES: readonly Electorate[] = ['strict', 'new-exit', 'scale'];

export const NEW_VOTERS = 'NEW';
export const EXITED_VOTERS = 'EXITED';

export interface PrepareReport {
  readonly electorate: Electorate;
  /** Units with no votes in either round: left out of the estimation, listed here. */
  readonly setAside: readonly string[];
  /** Units whose two totals differed (before the NEW/EXITED options or the rescaling). */
  readonly unbalancedUnits: number;
  /** Votes put in the NEW row and the EXITED column, summed over units (new-exit). */
  readonly newVoters: number;
  readonly exitedVoters: number;
  readonly addedRow: string | null;
  readonly addedCol: string | null;
  /** `scale` with wholeVotes: the rescaled round 2 counts were rounded to whole votes, unit by unit (largest remainder). */
  readonly roundedToWholeVotes: boolean;
}

export interface PreparedTransfer {
  readonly input: TransferInput;
  readonly report: PrepareReport;
}

const sum = (v: readonly number[]): number => v.reduce((s, a) => s + a, 0);

function validate(rows: readonly string[], cols: readonly string[], units: readonly string[], x: readonly (readonly number[])[], y: readonly (readonly number[])[]): void {
  if (rows.length < 2) throw new InputError(`transfers need at least 2 first-round options, got ${rows.length}`);
  if (cols.length < 2) throw new InputError(`transfers need at least 2 second-round options, got ${cols.length}`);
  if (units.length === 0) throw new InputError('transfers need at least one unit, got none');
  if (x.length !== units.length || y.length !== units.length) {
    throw new InputError(`${units.length} units but ${x.length} first-round and ${y.length} second-round count rows`);
  }
  const check = (counts: readonly number[], width: number, round: number, i: number): void => {
    if (counts.length !== width) {
      throw new InputError(`unit "${units[i]}": ${counts.length} round ${round} counts, expected ${width}`);
    }
    const bad = counts.findIndex((v) => !Number.isFinite(v) || v < 0);
    if (bad >= 0) throw new InputError(`unit "${units[i]}": round ${round} count ${bad + 1} is ${counts[bad]} (counts must be finite and ≥ 0)`);
  };
  x.forEach((counts, i) => check(counts, rows.length, 1, i));
  y.forEach((counts, i) => check(counts, cols.length, 2, i));
}

const unbalanced = (a: number, b: number): boolean => Math.abs(a - b) > 1e-9 * Math.max(1, a, b);

function describeUnbalanced(units: readonly string[], tx: readonly number[], ty: readonly number[], idx: readonly number[]): string {
  const first = idx.slice(0, 5).map((i) => `"${units[i]}" (round 1: ${tx[i]}, round 2: ${ty[i]})`);
  return `${idx.length} unit(s) have different totals in the two rounds: ${first.join(', ')}${idx.length > 5 ? ', …' : ''}`;
}

/**
 * Checks two rounds' counts and makes them a TransferInput in which every unit holds the same number of
 * people in both rounds (the accounting identity every R×C ecological method assumes). Units with zero
 * votes in both rounds are set aside and reported, never dropped silently.
 */
export function prepareTransfer(
  rows: readonly string[],
  cols: readonly string[],
  units: readonly string[],
  x: readonly (readonly number[])[],
  y: readonly (readonly number[])[],
  options: PrepareOptions,
): PreparedTransfer {
  validate(rows, cols, units, x, y);
  const tx = x.map(sum);
  const ty = y.map(sum);
  const keep: number[] = [];
  const setAside: string[] = [];
  tx.forEach((t, i) => (t === 0 && ty[i] === 0 ? setAside.push(units[i]!) : keep.push(i)));
  if (keep.length === 0) throw new InputError(`all ${units.length} units have zero votes in both rounds`);
  const off = keep.filter((i) => unbalanced(tx[i]!, ty[i]!));
  const mode = options.electorate;
  if (mode === 'strict' && off.length > 0) {
    throw new InputError(`${describeUnbalanced(units, tx, ty, off)}; choose the electorate 'new-exit' or 'scale' (--electorate new-exit on the command line)`);
  }
  const base = { electorate: mode, setAside, unbalancedUnits: off.length };
  const kept = { units: keep.map((i) => units[i]!), x: keep.map((i) => [...x[i]!]), y: keep.map((i) => [...y[i]!]) };
  if (mode === 'scale' || off.length === 0) {
    const rounded = mode === 'scale' && off.length > 0 && options.wholeVotes === true;
    if (mode === 'scale') rescale(kept.y, keep, tx, ty, units, rounded);
    return {
      input: { rows: [...rows], cols: [...cols], ...kept },
      report: { ...base, newVoters: 0, exitedVoters: 0, addedRow: null, addedCol: null, roundedToWholeVotes: rounded },
    };
  }
  return addNewAndExited(rows, cols, kept, keep.map((i) => ty[i]! - tx[i]!), base);
}

function rescale(y: number[][], keep: readonly number[], tx: readonly number[], ty: readonly number[], units: readonly string[], whole: boolean): void {
  const empty = keep.filter((i) => (ty[i] === 0) !== (tx[i] === 0));
  if (empty.length > 0) {
    throw new InputError(`cannot rescale: ${describeUnbalanced(units, tx, ty, empty)} with one round empty`);
  }
  keep.forEach((i, k) => {
    const f = tx[i]! / ty[i]!;
    const scaled = y[k]!.map((v) => v * f);
    y[k] = whole ? roundKeepingTotal(scaled, Math.round(tx[i]!)) : scaled;
  });
}

/**
 * Whole numbers as close as can be to `values` that add up to `total` (largest-remainder rounding):
 * each value rounded down, then one more to those with the largest fractional parts (the first
 * of equal parts first) until the total is reached.
 */
export function roundKeepingTotal(values: readonly number[], total: number): number[] {
  const out = values.map((v) => Math.floor(v));
  // The floors' sum is at most ⌊Σ values⌋, so there is never one too many to take back.
  const left = total - out.reduce((s, v) => s + v, 0);
  const order = values.map((v, c) => ({ c, part: v - Math.floor(v) })).sort((a, b) => b.part - a.part || a.c - b.c);
  for (let k = 0; k < left && order.length > 0; k++) out[order[k % order.length]!.c]! += 1;
  return out;
}

function addNewAndExited(
  rows: readonly string[],
  cols: readonly string[],
  kept: { units: string[]; x: number[][]; y: number[][] },
  gap: readonly number[],
  base: { electorate: Electorate; setAside: string[]; unbalancedUnits: number },
): PreparedTransfer {
  const hasNew = gap.some((g) => g > 0);
  const hasExit = gap.some((g) => g < 0);
  const taken = [
    ...(hasNew && rows.includes(NEW_VOTERS) ? [`the first round has an option named ${NEW_VOTERS}, the row added for voters who join the roll between the rounds`] : []),
    ...(hasExit && cols.includes(EXITED_VOTERS) ? [`the second round has an option named ${EXITED_VOTERS}, the column added for voters who leave it`] : []),
  ];
  if (taken.length) throw new InputError(`${taken.join('; ')} (the units' totals differ between the rounds): rename that option, or use --electorate scale or strict`);
  const x = kept.x.map((v, k) => (hasNew ? [...v, Math.max(0, gap[k]!)] : v));
  const y = kept.y.map((v, k) => (hasExit ? [...v, Math.max(0, -gap[k]!)] : v));
  const outRows = hasNew ? [...rows, NEW_VOTERS] : [...rows];
  const outCols = hasExit ? [...cols, EXITED_VOTERS] : [...cols];
  const structuralZeros: [number, number][] = hasNew && hasExit ? [[rows.length, cols.length]] : [];
  const sameShareColumns = hasExit ? [cols.length] : [];
  return {
    input: { rows: outRows, cols: outCols, units: kept.units, x, y, structuralZeros, sameShareColumns },
    report: {
      ...base,
      newVoters: gap.reduce((s, g) => s + Math.max(0, g), 0),
      exitedVoters: gap.reduce((s, g) => s + Math.max(0, -g), 0),
      addedRow: hasNew ? NEW_VOTERS : null,
      addedCol: hasExit ? EXITED_VOTERS : null,
      roundedToWholeVotes: false,
    },
  };
}
