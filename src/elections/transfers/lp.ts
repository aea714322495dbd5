import { InputError } from '../../core/errors';
import { toMatrix, zeroMask } from './dense';
import { goodman } from './goodman';
import { heterogeneityIndex } from './heterogeneity';
import { solveLadWarm } from './lad-warm';
import { refineUnits } from './lp-refine';
import type { TransferInput, TransferResult } from './types';

export interface LpOptions {
  /** Also estimate one matrix per unit by the iterative per-unit refinement (nslphom). Default false. */
  readonly refine?: boolean;
  /** Most refinement rounds (nslphom's iter.max). Default 10. */
  readonly maxIterations?: number;
  /** Refinement stops when no share moves more than this between rounds (nslphom's tol). Default 1e-5. */
  readonly tolerance?: number;
}

/** Units × rows and units × cols as flat arrays; units without votes are skipped. */
function flatten(input: TransferInput): { x: Float64Array; y: Float64Array; units: number } {
  const R = input.rows.length;
  const C = input.cols.length;
  const x = new Float64Array(input.x.length * R);
  const y = new Float64Array(input.x.length * C);
  let n = 0;
  input.x.forEach((xi, i) => {
    if (xi.every((v) => v === 0)) return;
    for (let r = 0; r < R; r++) x[n * R + r] = xi[r]!;
    for (let c = 0; c < C; c++) y[n * C + c] = input.y[i]![c]!;
    n++;
  });
  return { x: x.subarray(0, n * R), y: y.subarray(0, n * C), units: n };
}

/**
 * Start vertex: every row entirely in the column the (cheap) constrained Goodman fit gives it most of,
 * never a same-share column (all rows at share 0 there meets the equal-share constraints).
 */
function startColumns(input: TransferInput, zeros: Uint8Array): number[] {
  const C = input.cols.length;
  const same = new Set(input.sameShareColumns ?? []);
  const g = goodman(input, { replicates: 0 }).matrix;
  return g.map((row, r) => {
    let best = -1;
    for (let c = 0; c < C; c++) {
      if (zeros[r * C + c] || same.has(c)) continue;
      if (best < 0 || row[c]! > row[best]!) best = c;
    }
    return best;
  });
}

/** R·C flags: 1 on the cells of same-share columns tied to their column's first allowed row. */
export function sameShareMask(input: TransferInput, zeros: Uint8Array): Uint8Array {
  const R = input.rows.length;
  const C = input.cols.length;
  const mask = new Uint8Array(R * C);
  for (const c of input.sameShareColumns ?? []) {
    let anchor = -1;
    for (let r = 0; r < R; r++) {
      if (zeros[r * C + c]) continue;
      if (anchor < 0) anchor = r;
      else mask[r * C + c] = 1;
    }
  }
  return mask;
}

/**
 * The homogeneity linear programme of R's lphom (Romero, Pavía, Martín & Romero 2020, "Assessing
 * uncertainty of voter transitions estimated from aggregated data. Application to the 2017 French
 * presidential election", Journal of Applied Statistics 47(13–15)): the transfer matrix p (rows on the
 * simplex, structural zeros kept, same-share columns equal across rows as lphom's constant exit rate)
 * that minimises Σ_i Σ_c |y_ic − Σ_r x_ir p_rc|, solved exactly by a structured simplex (lad-simplex.ts,
 * started from a subsample's optimum by lad-warm.ts). With `refine`, the iterative per-unit refinement of nslphom
 * (Pavía & Romero 2024, "Improving estimates accuracy of voter transitions. Two new algorithms for
 * ecological inference based on linear programming", Sociological Methods & Research 53(4)) gives one
 * matrix per unit (unitMatrices) and votes summed over units. Synchronous. ci95 is null.
 */
export function lp(input: TransferInput, options: LpOptions = {}): TransferResult {
  const started = performance.now();
  const R = input.rows.length;
  const C = input.cols.length;
  const zeros = zeroMask(R, C, input.structuralZeros);
  const flat = flatten(input);
  if (flat.units === 0) throw new InputError('lp: every unit has zero votes');
  const start = startColumns(input, zeros);
  const same = sameShareMask(input, zeros);
  const lad = solveLadWarm({ units: flat.units, rows: R, cols: C, x: flat.x, y: flat.y, zeros, start, same });
  const p = Float64Array.from(lad.p, (v, k) => (zeros[k] ? 0 : Math.max(0, v)));
  normaliseRows(p, R, C);
  const globalMs = performance.now() - started;
  const rowTotal = rowTotals(flat.x, R);
  const emptyRows = spreadEmptyRows(p, rowTotal, zeros, C);
  const diagnostics = {
    objective: lad.objective,
    heterogeneity: heterogeneityIndex(input.x, input.y, p, C),
    iterations: lad.levels.reduce((s, l) => s + l.iterations, 0),
    levels: lad.levels,
    status: lad.status,
    solver: 'least-absolute-deviations simplex on R·C parameters (lad-simplex.ts; levels: the problems solved)',
    emptyRows: emptyRows.map((r) => input.rows[r]!),
    units: flat.units,
    timeMs: globalMs,
  };
  const base = { method: 'lp' as const, rows: input.rows, cols: input.cols, ci95: null };
  if (!options.refine) {
    const matrix = toMatrix(p, R, C);
    return { ...base, matrix, votes: matrix.map((row, r) => row.map((v) => v * rowTotal[r]!)), diagnostics };
  }
  const refined = refineUnits(input, p, zeros, { maxIterations: options.maxIterations ?? 10, tolerance: options.tolerance ?? 1e-5 });
  return {
    ...base,
    matrix: refined.matrix,
    votes: refined.votes,
    unitMatrices: refined.unitMatrices,
    diagnostics: { ...diagnostics, refinement: refined.diagnostics, timeMs: performance.now() - started },
  };
}

/** Rows summing to 1 after clipping rounding negatives (a row with no mass is left as it is). */
function normaliseRows(p: Float64Array, R: number, C: number): void {
  for (let r = 0; r < R; r++) {
    let t = 0;
    for (let c = 0; c < C; c++) t += p[r * C + c]!;
    if (t > 0) for (let c = 0; c < C; c++) p[r * C + c] = p[r * C + c]! / t;
  }
}

/**
 * A row option with no voters in any unit has no data to fit: its row is undetermined, shown as even
 * shares over its allowed columns and listed in diagnostics.emptyRows, rather than wherever the
 * simplex happened to leave it.
 */
function spreadEmptyRows(p: Float64Array, rowTotal: Float64Array, zeros: Uint8Array, C: number): number[] {
  const empty: number[] = [];
  rowTotal.forEach((t, r) => {
    if (t > 0) return;
    empty.push(r);
    let allowed = 0;
    for (let c = 0; c < C; c++) allowed += zeros[r * C + c] ? 0 : 1;
    for (let c = 0; c < C; c++) p[r * C + c] = zeros[r * C + c] ? 0 : 1 / allowed;
  });
  return empty;
}

function rowTotals(x: Float64Array, R: number): Float64Array {
  const totals = new Float64Array(R);
  for (let k = 0; k < x.length; k++) totals[k % R] = totals[k % R]! + x[k]!;
  return totals;
}
