import { InputError } from '../../core/errors';
import { duncanDavisBounds } from './bounds';
import { bootstrapIntervals } from './goodman-bootstrap';
import { toMatrix, zeroMask } from './dense';
import { minimiseOnSimplexRows } from './simplex-qp';
import type { TransferInput, TransferResult } from './types';

/**
 * The weighted normal equations of Goodman's regression on row proportions: with n_i the unit's total,
 * ξ_ir = x_ir/n_i and η_ic = y_ic/n_i, Σ_i n_i·Σ_c (η_ic − Σ_r ξ_ir p_rc)² = Σ_c p_cᵀ G p_c − 2 h_cᵀ p_c
 * + const, with G = Σ_i n_i ξ_i ξ_iᵀ and h_rc = Σ_i n_i ξ_ir η_ic (so G = Σ x_i x_iᵀ / n_i, h = Σ x_i y_iᵀ / n_i).
 */
function normalEquations(input: TransferInput): { g: Float64Array; h: Float64Array; units: number } {
  const R = input.rows.length;
  const C = input.cols.length;
  const g = new Float64Array(R * R);
  const h = new Float64Array(R * C);
  let units = 0;
  for (let i = 0; i < input.x.length; i++) {
    const xi = input.x[i]!;
    const yi = input.y[i]!;
    let n = 0;
    for (let r = 0; r < R; r++) n += xi[r]!;
    if (n <= 0) continue;
    units++;
    const w = 1 / n;
    for (let r = 0; r < R; r++) {
      const xr = xi[r]! * w;
      if (xr === 0) continue;
      for (let s = 0; s < R; s++) g[r * R + s] = g[r * R + s]! + xr * xi[s]!;
      for (let c = 0; c < C; c++) h[r * C + c] = h[r * C + c]! + xr * yi[c]!;
    }
  }
  return { g, h, units };
}

/** Weighted residual sum of squares and R² of the fitted shares (for diagnostics). */
function fitOf(input: TransferInput, p: Float64Array): { rss: number; r2: number } {
  const R = input.rows.length;
  const C = input.cols.length;
  let rss = 0;
  let tss = 0;
  const mean = new Float64Array(C);
  let total = 0;
  input.y.forEach((yi) => yi.forEach((v, c) => ((mean[c] = mean[c]! + v), (total += v))));
  input.x.forEach((xi, i) => {
    const n = xi.reduce((s, v) => s + v, 0);
    if (n <= 0) return;
    for (let c = 0; c < C; c++) {
      let fit = 0;
      for (let r = 0; r < R; r++) fit += xi[r]! * p[r * C + c]!;
      const yc = input.y[i]![c]!;
      rss += (yc - fit) ** 2 / n;
      tss += (yc - (n * mean[c]!) / total) ** 2 / n;
    }
  });
  return { rss, r2: tss > 0 ? 1 - rss / tss : 1 };
}

/**
 * Goodman's ecological regression (Goodman 1953, "Ecological regressions and behavior of individuals",
 * American Sociological Review 18(6)) on row proportions, weighted by unit size, constrained so that
 * every row of the matrix lies on the simplex and structural zeros stay zero: a least-squares problem of
 * R·C unknowns solved exactly by an active-set QP (see minimiseOnSimplexRows). Duncan–Davis bounds are
 * given in diagnostics.bounds. ci95: percentile intervals of a grouped bootstrap (goodman-bootstrap.ts),
 * since under the simplex constraints the usual regression standard errors do not hold; they measure
 * sampling variability under the model only, not the ecological (aggregation) bias.
 */
export interface GoodmanOptions {
  /** Bootstrap replicates for ci95 (0: no interval). Default 200. */
  readonly replicates?: number;
  /** Seed of the bootstrap (the same seed gives the same intervals). Default 1. */
  readonly seed?: number;
}

/**
 * Each row of the solution put back on the simplex: negative rounding clamped to 0 and the row divided
 * by its sum, so that it sums to 1 to the last digits (an underdetermined programme, one unit say,
 * stops up to 1e-7 off).
 */
function onSimplex(p: Float64Array, R: number, C: number): Float64Array {
  for (let k = 0; k < p.length; k++) p[k] = Math.max(0, p[k]!);
  for (let r = 0; r < R; r++) {
    const row = p.subarray(r * C, r * C + C);
    const total = row.reduce((s, v) => s + v, 0);
    if (total > 0) row.forEach((v, c) => (row[c] = v / total));
  }
  return p;
}

/** Fewer units than this and no interval is given: too few to resample. */
const MIN_UNITS_FOR_CI = 20;

export function goodman(input: TransferInput, options: GoodmanOptions = {}): TransferResult {
  const started = performance.now();
  const R = input.rows.length;
  const C = input.cols.length;
  const { g, h, units } = normalEquations(input);
  if (units === 0) throw new InputError('goodman: every unit has zero votes');
  const q = h.map((v) => 2 * v);
  const zeros = zeroMask(R, C, input.structuralZeros);
  const qp = minimiseOnSimplexRows({ rows: R, cols: C, g, q, zeros });
  const p = onSimplex(qp.p, R, C);
  const rowTotal = new Float64Array(R);
  input.x.forEach((xi) => xi.forEach((v, r) => (rowTotal[r] = rowTotal[r]! + v)));
  const matrix = toMatrix(p, R, C);
  const fit = fitOf(input, p);
  const bounds = duncanDavisBounds(input);
  const replicates = units >= MIN_UNITS_FOR_CI ? (options.replicates ?? 200) : 0;
  const groups = Math.min(200, units);
  const boot = replicates > 0 ? bootstrapIntervals(input, p, zeros, { replicates, groups, seed: options.seed ?? 1 }) : null;
  // A row with no voters is not estimated at all: its shares could be anything.
  // Shares: rounding in the replicates' solves must not put a bound past 0 or 1.
  const within = (v: number): number => Math.min(1, Math.max(0, v));
  const ci95 = boot && boot.map((row, r) => (rowTotal[r] === 0 ? row.map((): [number, number] => [0, 1]) : row.map(([lo, hi]): [number, number] => [within(lo), within(hi)])));
  return {
    method: 'goodman',
    rows: input.rows,
    cols: input.cols,
    matrix,
    ci95,
    votes: matrix.map((row, r) => row.map((v) => v * rowTotal[r]!)),
    diagnostics: {
      units,
      emptyRows: input.rows.filter((_, r) => rowTotal[r] === 0),
      weightedRss: fit.rss,
      r2: fit.r2,
      qpIterations: qp.iterations,
      converged: qp.converged,
      ...(!qp.converged && { warning: 'goodman: the quadratic programme did not converge: the matrix is not an estimate; try lp' }),
      bounds: bounds.shares,
      boundsVotes: bounds.votes,
      ci95: ci95 ? `percentile, grouped bootstrap: ${replicates} replicates of ${groups} random groups of units` : 'none',
      timeMs: performance.now() - started,
    },
  };
}
