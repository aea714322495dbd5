import { createRandom } from '../../core/random';
import type { Random } from '../../core/random';
import { normal } from '../../core/distributions';
import { quantileSorted } from '../../core/stats';

/** A first round and a transfer matrix (estimated, or typed in) to project the second round from. */
export interface ProjectionInput {
  readonly units: readonly string[];
  /** units × rows: first-round counts. */
  readonly x: readonly (readonly number[])[];
  readonly cols: readonly string[];
  /** rows × cols shares (rows sum to 1). */
  readonly matrix: readonly (readonly number[])[];
  /** rows × cols [lo, hi] share intervals; null: the matrix is taken as exact. */
  readonly ci95: readonly (readonly (readonly [number, number])[])[] | null;
  /** Per-unit matrices (units × rows × cols) to use for each unit's expectation instead of `matrix`. */
  readonly unitMatrices?: readonly (readonly (readonly number[])[])[];
  /** Which columns count in the shares (the candidates, not abstention or blank); default: all. */
  readonly counted?: readonly boolean[];
  readonly draws?: number;
  readonly seed?: number;
}

export interface ProjectedFigures {
  /** Expected votes per column. */
  readonly votes: number[];
  /** 95 % interval of the votes per column. */
  readonly lo: number[];
  readonly hi: number[];
  /** Expected share of the counted votes per column (0 for columns not counted). */
  readonly share: number[];
  readonly shareLo: number[];
  readonly shareHi: number[];
  /** Per column: the share of draws in which it came first among the counted columns. */
  readonly winProbability: number[];
}

export interface Projection {
  readonly cols: readonly string[];
  readonly total: ProjectedFigures;
  readonly units: readonly ({ readonly code: string } & ProjectedFigures)[];
  readonly draws: number;
  /** How the intervals were made, for the reader. */
  readonly method: string;
}

/**
 * Projects the second round: each unit's expected votes are x_i · P (or x_i · P_i), and the 95 %
 * intervals come from `draws` simulated elections in which (1) the matrix varies as its ci95 says (each
 * cell normal with sd = (hi − lo) / 3.92, truncated at 0, rows renormalised — one matrix per draw, shared
 * by every unit, as the uncertainty of a transfer rate is common to all units) and (2) voters behave
 * binomially around it (sd √(Σ_r x_ir p_rc (1 − p_rc)) per unit and column).
 */
export function projectSecondRound(input: ProjectionInput): Projection {
  validate(input);
  const draws = input.draws ?? 400;
  const random = createRandom(input.seed ?? 1);
  const C = input.cols.length;
  const counted = input.counted ?? input.cols.map(() => true);
  // The matrix draws are shared by all units; each unit is simulated and summarised in turn (memory: draws × cols).
  const shifts = Array.from({ length: draws }, () => drawShift(input, random));
  const totalDraws = Array.from({ length: C }, () => new Float64Array(draws));
  const units = input.units.map((code, i) => {
    const base = input.unitMatrices?.[i] ?? input.matrix;
    const own = simulateUnit(input.x[i]!, base, shifts, input.unitMatrices ? input.matrix : null, C, random);
    own.forEach((a, c) => a.forEach((v, d) => (totalDraws[c]![d]! += v)));
    return { code, ...summarise(expectation(input.x[i]!, base, C), own, counted) };
  });
  const totalExpected = Array.from({ length: C }, (_, c) => units.reduce((s, u) => s + u.votes[c]!, 0));
  return {
    cols: input.cols,
    total: summarise(totalExpected, totalDraws, counted),
    units,
    draws,
    method: input.ci95 ? 'simulation: matrix from its 95 % intervals, voters binomial' : 'simulation: matrix exact, voters binomial',
  };
}

/**
 * A unit's draws: its matrix moved by each draw's deviations, its voters binomial. With `relative`
 * (the whole matrix, when the unit has its own), a deviation is carried to the unit's cell in
 * proportion to it: a cell the unit hardly has (0.3 of a vote) moves by as little, instead of by
 * the whole matrix's deviation, which clamping at 0 turned into an interval above the estimate.
 */
function simulateUnit(xi: readonly number[], base: readonly (readonly number[])[], shifts: readonly number[][][], relative: readonly (readonly number[])[] | null, C: number, random: Random): Float64Array[] {
  const out = Array.from({ length: C }, () => new Float64Array(shifts.length));
  shifts.forEach((shift, d) => {
    for (let c = 0; c < C; c++) {
      let mean = 0;
      let variance = 0;
      xi.forEach((n, r) => {
        const whole = relative === null ? null : relative[r]![c]!;
        const moved = whole === null ? shift[r]![c]! : whole > 0 ? (shift[r]![c]! * base[r]![c]!) / whole : 0;
        const p = Math.min(1, Math.max(0, base[r]![c]! + moved));
        mean += n * p;
        variance += n * p * (1 - p);
      });
      out[c]![d] = Math.max(0, mean + Math.sqrt(variance) * normal(random.next));
    }
  });
  return out;
}

/** One draw of the deviation of every cell from the estimate, rows kept on the simplex. */
function drawShift(input: ProjectionInput, random: Random): number[][] {
  return input.matrix.map((row, r) => {
    const drawn = row.map((p, c) => {
      const ci = input.ci95?.[r]?.[c];
      return ci ? Math.max(0, p + ((ci[1] - ci[0]) / 3.92) * normal(random.next)) : p;
    });
    const sum = drawn.reduce((s, v) => s + v, 0) || 1;
    return drawn.map((v, c) => v / sum - row[c]!);
  });
}

function expectation(xi: readonly number[], matrix: readonly (readonly number[])[], C: number): number[] {
  const out = new Array<number>(C).fill(0);
  xi.forEach((n, r) => {
    for (let c = 0; c < C; c++) out[c]! += n * matrix[r]![c]!;
  });
  return out;
}

function summarise(expected: readonly number[], draws: readonly Float64Array[], counted: readonly boolean[]): ProjectedFigures {
  const D = draws[0]?.length ?? 0;
  const C = expected.length;
  const shares = Array.from({ length: C }, () => new Float64Array(D));
  const wins = new Array<number>(C).fill(0);
  for (let d = 0; d < D; d++) {
    let sum = 0;
    let top = -Infinity;
    for (let c = 0; c < C; c++) {
      if (!counted[c]) continue;
      sum += draws[c]![d]!;
      top = Math.max(top, draws[c]![d]!);
    }
    for (let c = 0; c < C; c++) if (counted[c]) shares[c]![d] = sum > 0 ? draws[c]![d]! / sum : 0;
    // No votes, no winner; a tie is shared among those tied, not given to the first column.
    if (!(sum > 0)) continue;
    const tied = [];
    for (let c = 0; c < C; c++) if (counted[c] && draws[c]![d] === top) tied.push(c);
    for (const c of tied) wins[c]! += 1 / tied.length;
  }
  const countedSum = expected.reduce((s, v, c) => s + (counted[c] ? v : 0), 0);
  const q = (a: Float64Array, p: number) => quantileSorted(Float64Array.from(a).sort(), p);
  const share = expected.map((v, c) => (counted[c] && countedSum > 0 ? v / countedSum : 0));
  // Draws are kept at 0 votes, so near 0 their quantiles can sit above the estimate: an interval always holds its estimate.
  return {
    votes: [...expected],
    lo: draws.map((a, c) => Math.min(q(a, 0.025), expected[c]!)),
    hi: draws.map((a, c) => Math.max(q(a, 0.975), expected[c]!)),
    share,
    shareLo: shares.map((a, c) => Math.min(q(a, 0.025), share[c]!)),
    shareHi: shares.map((a, c) => Math.max(q(a, 0.975), share[c]!)),
    winProbability: wins.map((w) => (D > 0 ? w / D : 0)),
  };
}

function validate(input: ProjectionInput): void {
  const R = input.matrix.length;
  const C = input.cols.length;
  if (R === 0 || C === 0) throw new RangeError('projectSecondRound: the matrix is empty');
  input.matrix.forEach((row, r) => {
    if (row.length !== C) throw new RangeError(`projectSecondRound: matrix row ${r} has ${row.length} cells, expected ${C}`);
    const sum = row.reduce((s, v) => s + v, 0);
    if (row.some((v) => !(v >= 0)) || Math.abs(sum - 1) > 1e-6) throw new RangeError(`projectSecondRound: matrix row ${r} must be shares ≥ 0 summing to 1, found sum ${sum}`);
  });
  if (input.x.length !== input.units.length) throw new RangeError(`projectSecondRound: ${input.units.length} units but ${input.x.length} rows of counts`);
  input.x.forEach((xi, i) => {
    if (xi.length !== R) throw new RangeError(`projectSecondRound: unit ${input.units[i]} has ${xi.length} counts, expected ${R} (one per matrix row)`);
  });
}
