import type { LadBasis, LadProblem, LadSolution } from './lad-simplex';
import { solveLad } from './lad-simplex';

/** Below this many units the simplex starts from scratch. */
const SMALL = 1500;
/** Every STRIDE-th unit makes the smaller problem whose optimal vertex starts the larger one. */
const STRIDE = 4;

export interface WarmSolution extends LadSolution {
  /** Units and simplex steps of each problem solved, smallest first. */
  readonly levels: readonly { units: number; iterations: number }[];
}

/**
 * Solves the problem on every STRIDE-th unit first (recursively) and starts from that optimal vertex:
 * its active observations are observations of the full problem too, so it is a vertex there, and
 * usually a near-optimal one — far fewer full-size steps than from a cold start.
 */
export function solveLadWarm(pr: LadProblem, maxIterations = 20_000): WarmSolution {
  if (pr.units <= SMALL) {
    const cold = solveLad(pr, maxIterations);
    return { ...cold, levels: [{ units: pr.units, iterations: cold.iterations }] };
  }
  const inner = solveLadWarm(sample(pr), maxIterations);
  const warm = inner.status === 'optimal' ? solveLad(pr, maxIterations, widen(inner.basis, pr.cols)) : null;
  const full = warm && warm.status !== 'singular-basis' ? warm : solveLad(pr, maxIterations);
  return { ...full, levels: [...inner.levels, { units: pr.units, iterations: full.iterations }] };
}

function sample(pr: LadProblem): LadProblem {
  const units = Math.ceil(pr.units / STRIDE);
  const x = new Float64Array(units * pr.rows);
  const y = new Float64Array(units * pr.cols);
  for (let j = 0; j < units; j++) {
    const i = j * STRIDE;
    x.set(pr.x.subarray(i * pr.rows, (i + 1) * pr.rows), j * pr.rows);
    y.set(pr.y.subarray(i * pr.cols, (i + 1) * pr.cols), j * pr.cols);
  }
  return { ...pr, units, x, y };
}

/** Observation j·C + c of the sample is observation (j·STRIDE)·C + c of the full problem. */
function widen(basis: LadBasis, cols: number): LadBasis {
  const ref = Int32Array.from(basis.ref, (v, k) => {
    if (basis.kind[k] !== 2) return v;
    const j = Math.floor(v / cols);
    return j * STRIDE * cols + (v - j * cols);
  });
  return { kind: basis.kind, ref };
}
