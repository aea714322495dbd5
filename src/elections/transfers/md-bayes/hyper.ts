import type { Uniform } from '../../../core/distributions';
import { logGamma as lg } from '../../../core/log-gamma';
import type { ChainSetup } from './setup';
import type { State } from './state';

/*
 * Metropolis steps on the hyper-parameters given the latent tables, under the collapsed likelihood
 * p(N | α) = Π_u Π_r Γ(A_ur)/Γ(A_ur + x_ur) · Π_c Γ(α_urc + N_urc)/Γ(α_urc) (Rosen et al. 2001, with
 * β integrated out). Only the units with votes in row r enter row r's terms.
 */

/**
 * Change of the log-likelihood when cell (r, c) gets α_rc = a2 and δ_rc = d2; the units' new α_urc are
 * left in st.proposed (by position in unitsOfRow[r]) for commitCell.
 */
function cellDelta(s: ChainSetup, st: State, r: number, c: number, a2: number, d2: number): number {
  const R = s.rows;
  const RC = R * s.cols;
  const k = r * s.cols + c;
  const units = st.unitsOfRow[r]!;
  let t = 0;
  for (let q = 0; q < units.length; q++) {
    const u = units[q]!;
    const old = st.ua[u * RC + k]!;
    const v = a2 * Math.exp(d2 * st.z[u * R + r]!);
    st.proposed[q] = v;
    const A = st.uaSum[u * R + r]!;
    const A2 = A - old + v;
    const x = s.x[u * R + r]!;
    t += lg(A2) - lg(A2 + x) - lg(A) + lg(A + x);
    const nn = st.n[u * RC + k]!;
    if (nn > 0) t += lg(v + nn) - lg(v) - lg(old + nn) + lg(old);
  }
  return t;
}

function commitCell(s: ChainSetup, st: State, r: number, c: number, a2: number, d2: number): void {
  const R = s.rows;
  const RC = R * s.cols;
  const k = r * s.cols + c;
  const units = st.unitsOfRow[r]!;
  st.alpha[k] = a2;
  st.delta[k] = d2;
  for (let q = 0; q < units.length; q++) {
    const u = units[q]!;
    st.uaSum[u * R + r] = st.uaSum[u * R + r]! - st.ua[u * RC + k]! + st.proposed[q]!;
    st.ua[u * RC + k] = st.proposed[q]!;
  }
}

/**
 * Prior scale of δ: one standard deviation of a unit's composition multiplying α by e^0.5 ≈ 1.65 is
 * already a strong contextual effect, so the prior keeps δ within about ±1 (±2 sd).
 */
const DELTA_SD = 0.5;

function accept(logRatio: number, rand: Uniform): boolean {
  return logRatio >= 0 || rand() < Math.exp(logRatio);
}

/**
 * Random-walk Metropolis on log α_rc (prior Gamma(λ1, rate λ2), with the log Jacobian) and, with the
 * covariate, on δ_rc (prior Normal(0, DELTA_SD²) on the standardised covariate), for every allowed cell; then
 * a joint scale step per row.
 */
export function moveHyper(s: ChainSetup, st: State, rand: Uniform): void {
  const C = s.cols;
  for (let r = 0; r < s.rows; r++) {
    if (!s.covariate) {
      moveSharedRow(s, st, r, rand);
      continue;
    }
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (!s.allowed[k]) continue;
      const a = st.alpha[k]!;
      const d = st.delta[k]!;
      const a2 = a * Math.exp(st.alphaStep[k]! * (2 * rand() - 1));
      st.alphaTries[k] = st.alphaTries[k]! + 1;
      if (accept(s.lambda1 * Math.log(a2 / a) - s.lambda2 * (a2 - a) + cellDelta(s, st, r, c, a2, d), rand)) {
        commitCell(s, st, r, c, a2, d);
        st.alphaAccepts[k] = st.alphaAccepts[k]! + 1;
      }
      if (!s.covariate) continue;
      const d2 = d + st.deltaStep[k]! * (2 * rand() - 1);
      st.deltaTries[k] = st.deltaTries[k]! + 1;
      if (accept((d * d - d2 * d2) / (2 * DELTA_SD * DELTA_SD) + cellDelta(s, st, r, c, st.alpha[k]!, d2), rand)) {
        commitCell(s, st, r, c, st.alpha[k]!, d2);
        st.deltaAccepts[k] = st.deltaAccepts[k]! + 1;
      }
    }
    scaleRow(s, st, r, rand);
  }
}

/** Σ_u ln Γ(A + x_ur) over row r's units. */
function rowSum(s: ChainSetup, units: Int32Array, r: number, A: number): number {
  let t = 0;
  for (let q = 0; q < units.length; q++) t += lg(A + s.x[units[q]! * s.rows + r]!);
  return t;
}

/**
 * Σ_u ln Γ(a + N_urc) over row r's units with N_urc > 0 (cell k); their count is left in st.filled[c].
 * Counts repeat from unit to unit (small cells above all), so each ln Γ(a + n) is computed once a call
 * (st.memo, valid where st.memoCall holds this call's number).
 */
function cellSum(s: ChainSetup, st: State, units: Int32Array, k: number, c: number, a: number): number {
  const RC = s.rows * s.cols;
  const { memo, memoCall } = st;
  if (st.calls[0] === 0x3fffffff) st.calls[0] = memoCall.fill(0)[0]!;
  const call = ++st.calls[0]!;
  let t = 0;
  let filled = 0;
  for (let q = 0; q < units.length; q++) {
    const nn = st.n[units[q]! * RC + k]!;
    if (nn === 0) continue;
    if (memoCall[nn] !== call) {
      memo[nn] = lg(a + nn);
      memoCall[nn] = call;
    }
    t += memo[nn]!;
    filled++;
  }
  st.filled[c] = filled;
  return t;
}

/**
 * moveHyper's steps on row r without the covariate (every unit has α_rc, A_r): the same moves and
 * draws as cellDelta and scaleRow, with the sums of log-gammas at the current values kept from step
 * to step (Σ_u ln Γ(A_r + x_ur) across the row's cell steps, Σ_u ln Γ(α_rc + N_urc) from a cell's step
 * to the row's scale step), so that each step computes only the proposal's: about a third fewer
 * log-gammas a sweep.
 */
function moveSharedRow(s: ChainSetup, st: State, r: number, rand: Uniform): void {
  const C = s.cols;
  const units = st.unitsOfRow[r]!;
  const U = units.length;
  let A = U > 0 ? st.uaSum[units[0]! * s.rows + r]! : 0;
  let rs = U > 0 ? rowSum(s, units, r, A) : 0;
  for (let c = 0; c < C; c++) {
    const k = r * C + c;
    if (!s.allowed[k]) continue;
    const a = st.alpha[k]!;
    const a2 = a * Math.exp(st.alphaStep[k]! * (2 * rand() - 1));
    st.alphaTries[k] = st.alphaTries[k]! + 1;
    let like = 0;
    let rs2 = 0;
    let cs = 0;
    let cs2 = 0;
    if (U > 0) {
      const A2 = A - a + a2;
      rs2 = rowSum(s, units, r, A2);
      cs = cellSum(s, st, units, k, c, a);
      cs2 = cellSum(s, st, units, k, c, a2);
      const filled = st.filled[c]!;
      like = U * (lg(A2) - lg(A)) + rs - rs2 + cs2 - cs + (filled > 0 ? filled * (lg(a) - lg(a2)) : 0);
    }
    if (accept(s.lambda1 * Math.log(a2 / a) - s.lambda2 * (a2 - a) + like, rand)) {
      st.proposed.fill(a2, 0, U);
      commitCell(s, st, r, c, a2, 0);
      st.alphaAccepts[k] = st.alphaAccepts[k]! + 1;
      A = A - a + a2;
      rs = rs2;
      cs = cs2;
    }
    st.cellSums[c] = cs;
  }
  sharedScaleStep(s, st, r, A, rs, rand);
}

/** scaleRow without the covariate, from the row's A_r and Σ_u ln Γ(A_r + x_ur) and st.cellSums. */
function sharedScaleStep(s: ChainSetup, st: State, r: number, A: number, rs: number, rand: Uniform): void {
  const C = s.cols;
  const units = st.unitsOfRow[r]!;
  const U = units.length;
  const f = Math.exp(st.scaleStep[r]! * (2 * rand() - 1));
  let logRatio = scalePrior(s, st, r, f);
  if (U > 0) {
    logRatio += U * (lg(f * A) - lg(A)) + rs - rowSum(s, units, r, f * A);
    for (let c = 0; c < C; c++) {
      const k = r * C + c;
      if (!s.allowed[k]) continue;
      const v = st.alpha[k]!;
      const filled = st.filled[c]!;
      logRatio += cellSum(s, st, units, k, c, f * v) - st.cellSums[c]! + (filled > 0 ? filled * (lg(v) - lg(f * v)) : 0);
    }
  }
  st.scaleTries[r] = st.scaleTries[r]! + 1;
  if (!accept(logRatio, rand)) return;
  scaleBy(s, st, r, f);
}

/** Change of the log prior (with the log Jacobian) when row r's α_r· are multiplied by f. */
function scalePrior(s: ChainSetup, st: State, r: number, f: number): number {
  const C = s.cols;
  let t = 0;
  for (let c = 0; c < C; c++) if (s.allowed[r * C + c]) t += s.lambda1 * Math.log(f) - s.lambda2 * (f - 1) * st.alpha[r * C + c]!;
  return t;
}

/** Multiplies row r's α_r· and every unit's α_urc and A_ur by f. */
function scaleBy(s: ChainSetup, st: State, r: number, f: number): void {
  const { rows: R, cols: C } = s;
  const RC = R * C;
  for (let c = 0; c < C; c++) st.alpha[r * C + c] = st.alpha[r * C + c]! * f;
  for (let u = 0; u < s.units; u++) {
    for (let c = 0; c < C; c++) st.ua[u * RC + r * C + c] = st.ua[u * RC + r * C + c]! * f;
    st.uaSum[u * R + r] = st.uaSum[u * R + r]! * f;
  }
  st.scaleAccepts[r] = st.scaleAccepts[r]! + 1;
}

/**
 * A joint step of row r's scale: all α_r· multiplied by one factor. The scale (the row's concentration,
 * how alike the units are) is strongly correlated across the row's cells, so single-cell steps barely
 * move it; this move does (a parameter-expansion-style direction, Liu & Wu 1999).
 */
function scaleRow(s: ChainSetup, st: State, r: number, rand: Uniform): void {
  const f = Math.exp(st.scaleStep[r]! * (2 * rand() - 1));
  const logRatio = scalePrior(s, st, r, f) + scaleLikelihood(s, st, r, f);
  st.scaleTries[r] = st.scaleTries[r]! + 1;
  if (!accept(logRatio, rand)) return;
  scaleBy(s, st, r, f);
}

/** Change of row r's log-likelihood when all its α_urc are multiplied by f. */
function scaleLikelihood(s: ChainSetup, st: State, r: number, f: number): number {
  const { rows: R, cols: C } = s;
  const RC = R * C;
  let t = 0;
  for (const u of st.unitsOfRow[r]!) {
    const A = st.uaSum[u * R + r]!;
    const x = s.x[u * R + r]!;
    t += lg(f * A) - lg(f * A + x) - lg(A) + lg(A + x);
    for (let c = 0; c < C; c++) {
      const nn = st.n[u * RC + r * C + c]!;
      const v = st.ua[u * RC + r * C + c]!;
      if (nn > 0) t += lg(f * v + nn) - lg(f * v) - lg(v + nn) + lg(v);
    }
  }
  return t;
}

/** During burn-in: widen steps whose acceptance is above target, narrow those below (Roberts & Rosenthal 2009). */
export function adapt(st: State): void {
  const tune = (step: Float64Array, tries: Float64Array, accepts: Float64Array): void => {
    for (let k = 0; k < step.length; k++) {
      if (tries[k]! === 0) continue;
      step[k] = Math.min(3, step[k]! * (accepts[k]! / tries[k]! > 0.35 ? 1.25 : 0.8));
      tries[k] = 0;
      accepts[k] = 0;
    }
  };
  tune(st.alphaStep, st.alphaTries, st.alphaAccepts);
  tune(st.deltaStep, st.deltaTries, st.deltaAccepts);
  tune(st.scaleStep, st.scaleTries, st.scaleAccepts);
  tune(st.ridgeStep, st.ridgeTries, st.ridgeAccepts);
}
