import { createRandom } from '../../core/random';
import { minimiseOnSimplexRows } from './simplex-qp';
import type { TransferInput } from './types';

export interface BootstrapOptions {
  /** Replicates drawn. */
  readonly replicates: number;
  /** Units are dealt at random into this many groups, which are what is resampled. */
  readonly groups: number;
  readonly seed: number;
}

/**
 * Sums of the per-unit terms of Goodman's normal equations (x_i x_iᵀ/n_i and x_i y_iᵀ/n_i), per group
 * of units dealt at random: R² + R·C numbers a group.
 */
function groupSums(input: TransferInput, groups: number, seed: number): Float64Array {
  const R = input.rows.length;
  const C = input.cols.length;
  const size = R * R + R * C;
  const sums = new Float64Array(groups * size);
  const rnd = createRandom(seed);
  input.x.forEach((xi, i) => {
    const n = xi.reduce((s, v) => s + v, 0);
    if (n <= 0) return;
    const base = rnd.int(groups) * size;
    const yi = input.y[i]!;
    for (let r = 0; r < R; r++) {
      const xr = xi[r]! / n;
      if (xr === 0) continue;
      for (let s = 0; s < R; s++) sums[base + r * R + s] = sums[base + r * R + s]! + xr * xi[s]!;
      for (let c = 0; c < C; c++) sums[base + R * R + r * C + c] = sums[base + R * R + r * C + c]! + xr * yi[c]!;
    }
  });
  return sums;
}

/**
 * 95 % percentile intervals for the constrained Goodman shares by a grouped nonparametric bootstrap
 * (Efron & Tibshirani 1993, An Introduction to the Bootstrap, ch. 13): each replicate draws the groups
 * of units with replacement, rebuilds the normal equations from their sums and solves the simplex-
 * constrained problem again, starting from the point estimate's active set (a few steps each). Resampling
 * random groups rather than single units keeps a replicate at O(groups) instead of O(units).
 */
export function bootstrapIntervals(input: TransferInput, point: Float64Array, zeros: Uint8Array, options: BootstrapOptions): [number, number][][] {
  const R = input.rows.length;
  const C = input.cols.length;
  const G = options.groups;
  const size = R * R + R * C;
  const sums = groupSums(input, G, options.seed);
  const rnd = createRandom(options.seed + 1);
  const draws = new Float64Array(options.replicates * R * C);
  const acc = new Float64Array(size);
  for (let b = 0; b < options.replicates; b++) {
    acc.fill(0);
    for (let k = 0; k < G; k++) {
      const base = rnd.int(G) * size;
      for (let j = 0; j < size; j++) acc[j] = acc[j]! + sums[base + j]!;
    }
    const g = acc.slice(0, R * R);
    const q = acc.slice(R * R).map((v) => 2 * v);
    const sol = minimiseOnSimplexRows({ rows: R, cols: C, g, q, zeros }, 500, point);
    draws.set(sol.p, b * R * C);
  }
  return percentileIntervals(draws, options.replicates, R, C);
}

function percentileIntervals(draws: Float64Array, replicates: number, R: number, C: number): [number, number][][] {
  const cell = new Float64Array(replicates);
  const at = (q: number): number => cell[Math.min(replicates - 1, Math.max(0, Math.round(q * (replicates - 1))))]!;
  return Array.from({ length: R }, (_, r) =>
    Array.from({ length: C }, (_, c): [number, number] => {
      for (let b = 0; b < replicates; b++) cell[b] = Math.max(0, draws[b * R * C + r * C + c]!);
      cell.sort();
      return [at(0.025), at(0.975)];
    }),
  );
}
