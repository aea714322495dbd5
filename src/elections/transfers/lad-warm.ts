import type { LadBasis, LadProblem, LadSolution } from './lad-simplex';
import { solveLad } from './lad-simplex';
import { OBSERVATION } from './lad-state';

/** Below this many units the simplex starts from scratch. */
const SMALL = 1500;
/** Every STRIDE-th unit makes the smaller problem whose optimum starts the larger one. */
const STRIDE = 4;
/** Share of the observations, those with the smallest residuals at the sample's optimum, solved for at first. */
const NEAR_SHARE = 0.1;

/** One problem solved on the way: its units, the observations in it, and its simplex steps. */
export interface Level {
  readonly units: number;
  readonly observations: number;
  readonly iterations: number;
}

export interface WarmSolution extends LadSolution {
  /** Units and simplex steps of each problem solved, smallest first. */
  readonly levels: readonly Level[];
}

/**
 * Solves the problem on every STRIDE-th unit first (recursively), then on the full problem restricted to
 * the units whose residuals at that optimum are small ("near" units), the others entering as a linear
 * term with their residual signs fixed. Since s·r ≤ |r|, that restricted objective never exceeds the full
 * one, and equals it where no fixed sign is wrong: so when, at its optimum p*, every left-out residual
 * still has its assumed sign, p* is the full problem's optimum (exact, not approximate). Units whose
 * sign turned are added and the restricted problem solved again from the last vertex.
 */
export function solveLadWarm(pr: LadProblem, maxIterations = 20_000): WarmSolution {
  if (pr.units <= SMALL) {
    const cold = solveLad(pr, maxIterations);
    return { ...cold, levels: [{ units: pr.units, observations: pr.units * pr.cols, iterations: cold.iterations }] };
  }
  const inner = solveLadWarm(subset(pr, Array.from({ length: Math.ceil(pr.units / STRIDE) }, (_, j) => j * STRIDE)), maxIterations);
  if (inner.status !== 'optimal') return cold(pr, maxIterations, inner.levels);
  const basis = mapObservations(inner.basis, pr.cols, (j) => j * STRIDE);
  const signs = residualSigns(pr, inner.p);
  const excluded = farObservations(pr, inner.p, basis);
  const levels = [...inner.levels];
  let start = basis;
  for (let round = 0; round < 50; round++) {
    const included = includedObservations(excluded);
    const sol = solveLad({ ...pr, included, linear: farGradient(pr, excluded, signs) }, maxIterations, start);
    levels.push({ units: pr.units, observations: included.length, iterations: sol.iterations });
    if (sol.status !== 'optimal') return cold(pr, maxIterations, levels);
    if (!includeTurned(pr, sol.p, excluded, signs)) return { ...sol, objective: objectiveAt(pr, sol.p), levels };
    start = sol.basis;
  }
  return cold(pr, maxIterations, levels);
}

function includedObservations(excluded: Uint8Array): Int32Array {
  let n = 0;
  for (let o = 0; o < excluded.length; o++) n += excluded[o] === 0 ? 1 : 0;
  const out = new Int32Array(n);
  for (let o = 0, k = 0; o < excluded.length; o++) if (excluded[o] === 0) out[k++] = o;
  return out;
}

function cold(pr: LadProblem, maxIterations: number, levels: readonly Level[]): WarmSolution {
  const sol = solveLad(pr, maxIterations);
  return { ...sol, levels: [...levels, { units: pr.units, observations: pr.units * pr.cols, iterations: sol.iterations }] };
}

function subset(pr: LadProblem, units: readonly number[]): LadProblem {
  const x = new Float64Array(units.length * pr.rows);
  const y = new Float64Array(units.length * pr.cols);
  units.forEach((i, j) => {
    x.set(pr.x.subarray(i * pr.rows, (i + 1) * pr.rows), j * pr.rows);
    y.set(pr.y.subarray(i * pr.cols, (i + 1) * pr.cols), j * pr.cols);
  });
  return { ...pr, units: units.length, x, y };
}

/** The basis with observation u·C + c renamed to unit(u)·C + c. */
function mapObservations(basis: LadBasis, cols: number, unit: (u: number) => number): LadBasis {
  const ref = Int32Array.from(basis.ref, (v, k) => {
    if (basis.kind[k] !== OBSERVATION) return v;
    const u = Math.floor(v / cols);
    return unit(u) * cols + (v - u * cols);
  });
  return { kind: basis.kind, ref };
}

/** The residual fit − y of observation (i, c) at p. */
function residualAt(pr: LadProblem, p: Float64Array, i: number, c: number): number {
  let fit = 0;
  for (let r = 0; r < pr.rows; r++) fit += pr.x[i * pr.rows + r]! * p[r * pr.cols + c]!;
  return fit - pr.y[i * pr.cols + c]!;
}

function residualSigns(pr: LadProblem, p: Float64Array): Int8Array {
  const signs = new Int8Array(pr.units * pr.cols);
  for (let i = 0; i < pr.units; i++) for (let c = 0; c < pr.cols; c++) signs[i * pr.cols + c] = Math.sign(residualAt(pr, p, i, c));
  return signs;
}

/**
 * Observations left out at first: all but the NEAR_SHARE with the smallest residuals (relative to their
 * unit's size) at the sample's optimum; never one of the start basis, nor one fitted exactly there.
 */
function farObservations(pr: LadProblem, p: Float64Array, basis: LadBasis): Uint8Array {
  const score = new Float64Array(pr.units * pr.cols);
  let yMax = 1;
  for (let o = 0; o < pr.y.length; o++) yMax = Math.max(yMax, Math.abs(pr.y[o]!));
  const tie = 1e-9 * yMax;
  for (let i = 0; i < pr.units; i++) {
    let n = 0;
    for (let r = 0; r < pr.rows; r++) n += pr.x[i * pr.rows + r]!;
    for (let c = 0; c < pr.cols; c++) {
      const e = Math.abs(residualAt(pr, p, i, c));
      // A residual that is zero to rounding has no sign to trust: keep it in.
      score[i * pr.cols + c] = e <= tie ? -1 : e / Math.max(1, n);
    }
  }
  const cut = Float64Array.from(score).sort()[Math.floor(NEAR_SHARE * (score.length - 1))]!;
  const excluded = Uint8Array.from(score, (v) => (v > Math.max(0, cut) ? 1 : 0));
  basis.kind.forEach((k, j) => {
    if (k === OBSERVATION) excluded[basis.ref[j]!] = 0;
  });
  return excluded;
}

/** Σ over left-out observations of s_o·a_o: the gradient of their fixed-sign contribution. */
function farGradient(pr: LadProblem, excluded: Uint8Array, signs: Int8Array): Float64Array {
  const g = new Float64Array(pr.rows * pr.cols);
  for (let i = 0; i < pr.units; i++) {
    for (let c = 0; c < pr.cols; c++) {
      const o = i * pr.cols + c;
      if (!excluded[o]) continue;
      for (let r = 0; r < pr.rows; r++) g[r * pr.cols + c] = g[r * pr.cols + c]! + signs[o]! * pr.x[i * pr.rows + r]!;
    }
  }
  return g;
}

/** Brings back every left-out observation whose residual sign is not the assumed one; true if any. */
function includeTurned(pr: LadProblem, p: Float64Array, excluded: Uint8Array, signs: Int8Array): boolean {
  let turned = false;
  for (let i = 0; i < pr.units; i++) {
    for (let c = 0; c < pr.cols; c++) {
      const o = i * pr.cols + c;
      if (!excluded[o] || Math.sign(residualAt(pr, p, i, c)) === signs[o]) continue;
      excluded[o] = 0;
      turned = true;
    }
  }
  return turned;
}

function objectiveAt(pr: LadProblem, p: Float64Array): number {
  let total = 0;
  for (let i = 0; i < pr.units; i++) for (let c = 0; c < pr.cols; c++) total += Math.abs(residualAt(pr, p, i, c));
  return total;
}
