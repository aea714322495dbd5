import { invertDense } from './dense';

/**
 * The vertex state of the least-absolute-deviations simplex (see lad-simplex.ts): which constraints are
 * active, the basis inverse, the vertex, its residuals and their signs, kept in step after each pivot.
 */
/** Counts per unit in both rounds, structural zeros, and the column each row starts in. */
export interface LadProblem {
  readonly units: number;
  readonly rows: number;
  readonly cols: number;
  /** units × rows, row-major. */
  readonly x: Float64Array;
  /** units × cols, row-major. */
  readonly y: Float64Array;
  /** R·C, 1 on structural zeros. */
  readonly zeros: Uint8Array;
  /** One allowed column per row to start from (the start vertex puts all of row r there). */
  readonly start: readonly number[];
  /**
   * A linear term l·p added to the objective: the contribution Σ s_o·(a_o·p − y_o) of observations left
   * out of the problem whose residual signs s_o are taken as known (lad-warm.ts). Its constant part is
   * not counted in the objective reported.
   */
  readonly linear?: Float64Array;
  /** The observations (i·C + c) in the problem, ascending; all when absent. The others' part is in `linear`. */
  readonly included?: Int32Array;
  /**
   * For each column whose share is the same for every row that may reach it (R·C flags, 1 on such cells
   * but the column's anchor, its first allowed row): p_rc = p_ac. lphom's constant exit rate.
   */
  readonly same?: Uint8Array;
}

export type LadStatus = 'optimal' | 'iteration-limit' | 'singular-basis';

/** The active constraints of a vertex: kind (0 row sum, 1 bound, 2 observation) and which one. */
export interface LadBasis {
  readonly kind: Int8Array;
  readonly ref: Int32Array;
}

export interface LadSolution {
  readonly p: Float64Array;
  readonly basis: LadBasis;
  readonly objective: number;
  readonly iterations: number;
  readonly status: LadStatus;
}

export const EQUALITY = 0;
export const BOUND = 1;
export const OBSERVATION = 2;
/** p_rc − p_ac = 0, a the column's anchor row (sameShare columns): never relaxed, like the row sums. */
export const SAME = 3;
/** Steps between full recomputations of the residuals (the others update them along the edge). */
export const REFRESH_EVERY = 40;
export interface State {
  readonly pr: LadProblem;
  readonly n: number;
  readonly kind: Int8Array;
  readonly ref: Int32Array;
  binv: Float64Array;
  readonly p: Float64Array;
  readonly rho: Float64Array;
  readonly sign: Int8Array;
  readonly active: Uint8Array;
  readonly g: Float64Array;
  readonly tie: number;
  steps: number;
  /** The observations in the problem (pr.included, or all). */
  readonly obs: Int32Array;
  readonly scratch: { t: Float64Array; w: Float64Array; id: Int32Array; delta: Float64Array; d: Float64Array; dT: Float64Array };
}

/**
 * The start vertex: every row entirely in its start column (R row sums and R·(C−1) bounds, or the
 * same-share equalities in place of the bounds they imply).
 */
function startBasis(pr: LadProblem): LadBasis {
  const n = pr.rows * pr.cols;
  const kind = new Int8Array(n);
  const ref = new Int32Array(n);
  let k = 0;
  for (let r = 0; r < pr.rows; r++) {
    kind[k] = EQUALITY;
    ref[k++] = r;
  }
  for (let r = 0; r < pr.rows; r++) {
    for (let c = 0; c < pr.cols; c++) {
      if (c === pr.start[r]) continue;
      kind[k] = pr.same?.[r * pr.cols + c] ? SAME : BOUND;
      ref[k++] = r * pr.cols + c;
    }
  }
  return { kind, ref };
}

export function initialState(pr: LadProblem, basis: LadBasis = startBasis(pr)): State | null {
  const n = pr.rows * pr.cols;
  const { kind, ref } = { kind: Int8Array.from(basis.kind), ref: Int32Array.from(basis.ref) };
  const nObs = pr.units * pr.cols;
  let yMax = 1;
  for (let o = 0; o < nObs; o++) yMax = Math.max(yMax, Math.abs(pr.y[o]!));
  const s: State = {
    pr, n, kind, ref, binv: new Float64Array(0), p: new Float64Array(n),
    rho: new Float64Array(nObs), sign: new Int8Array(nObs), active: new Uint8Array(nObs), g: new Float64Array(n),
    tie: 1e-9 * yMax,
    steps: 0,
    obs: pr.included ?? Int32Array.from({ length: nObs }, (_, o) => o),
    scratch: { t: new Float64Array(nObs), w: new Float64Array(nObs), id: new Int32Array(nObs), delta: new Float64Array(nObs), d: new Float64Array(n), dT: new Float64Array(n) },
  };
  for (let k = 0; k < n; k++) if (kind[k] === OBSERVATION) s.active[ref[k]!] = 1;
  return refresh(s) ? s : null;
}

/** The first row allowed in column c: the one the others of a same-share column are tied to. */
export function anchorRow(pr: LadProblem, c: number): number {
  for (let r = 0; r < pr.rows; r++) if (!pr.zeros[r * pr.cols + c]) return r;
  return 0;
}

/** The normal of basis constraint k, written into row k of the n×n matrix b. */
function writeNormal(s: State, b: Float64Array, k: number, at = k * s.n): void {
  const { rows: R, cols: C, x } = s.pr;
  const ref = s.ref[k]!;
  if (s.kind[k] === EQUALITY) for (let c = 0; c < C; c++) b[at + ref * C + c] = 1;
  else if (s.kind[k] === BOUND) b[at + ref] = 1;
  else if (s.kind[k] === SAME) {
    b[at + ref] = 1;
    b[at + anchorRow(s.pr, ref % C) * C + (ref % C)] = -1;
  }
  else {
    const i = Math.floor(ref / C);
    const c = ref % C;
    for (let r = 0; r < R; r++) b[at + r * C + c] = x[i * R + r]!;
  }
}

/**
 * Basis slot k now holds a new constraint with normal a: B⁻¹ updated by Sherman–Morrison,
 * B'⁻¹ = B⁻¹ − d_k·(aᵀB⁻¹ − e_kᵀ)/(a·d_k), d_k the old column k; false if a·d_k is too small.
 */
export function pivot(s: State, k: number): boolean {
  const { n, binv } = s;
  const a = new Float64Array(n);
  writeNormal(s, a, k, 0);
  const u = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    const al = a[l]!;
    if (al !== 0) for (let j = 0; j < n; j++) u[j] = u[j]! + al * binv[l * n + j]!;
  }
  const denom = u[k]!;
  if (!(Math.abs(denom) > 1e-11)) return false;
  u[k] = denom - 1;
  const dk = new Float64Array(n);
  for (let l = 0; l < n; l++) dk[l] = binv[l * n + k]! / denom;
  for (let l = 0; l < n; l++) {
    const f = dk[l]!;
    if (f !== 0) for (let j = 0; j < n; j++) binv[l * n + j] = binv[l * n + j]! - f * u[j]!;
  }
  return true;
}

/** Inverts the basis, and recomputes the vertex, its residuals, their signs and the gradient g. */
export function refresh(s: State): boolean {
  if (!vertex(s)) return false;
  residuals(s);
  return true;
}

/**
 * After a step of length t along the last edge: the new vertex, and the residuals moved by t·a_o·d
 * (linear in the observations, not R times that), with g changed only where a sign changed.
 */
export function advance(s: State, t: number): void {
  const d = s.scratch.d;
  for (let j = 0; j < s.n; j++) s.p[j] = s.p[j]! + t * d[j]!;
  const { rows: R, cols: C, x } = s.pr;
  const { rho, sign, active, g, tie } = s;
  const delta = s.scratch.delta;
  const obs = s.obs;
  for (let j = 0; j < obs.length; j++) {
    const o = obs[j]!;
    const e = active[o] ? 0 : rho[o]! + t * delta[o]!;
    rho[o] = e;
    const sg = e > tie ? 1 : e < -tie ? -1 : 0;
    const change = sg - sign[o]!;
    if (change === 0) continue;
    sign[o] = sg;
    const i = (o / C) | 0;
    const c = o - i * C;
    for (let r = 0; r < R; r++) g[r * C + c] = g[r * C + c]! + change * x[i * R + r]!;
  }
}

/** Inverts the basis and solves it for the vertex p. */
function vertex(s: State): boolean {
  const b = new Float64Array(s.n * s.n);
  const rhs = new Float64Array(s.n);
  for (let k = 0; k < s.n; k++) {
    writeNormal(s, b, k);
    rhs[k] = s.kind[k] === EQUALITY ? 1 : s.kind[k] === OBSERVATION ? s.pr.y[s.ref[k]!]! : 0;
  }
  const inv = invertDense(b, s.n);
  if (!inv) return false;
  s.binv = inv;
  for (let j = 0; j < s.n; j++) {
    let v = 0;
    for (let k = 0; k < s.n; k++) v += inv[j * s.n + k]! * rhs[k]!;
    s.p[j] = v;
  }
  return true;
}

function residuals(s: State): void {
  const { rows: R, cols: C, x, y } = s.pr;
  const { p, rho, sign, active, g, tie, obs } = s;
  if (s.pr.linear) g.set(s.pr.linear);
  else g.fill(0);
  for (let j = 0; j < obs.length; j++) {
    const o = obs[j]!;
    const i = (o / C) | 0;
    const c = o - i * C;
    let fit = 0;
    for (let r = 0; r < R; r++) fit += x[i * R + r]! * p[r * C + c]!;
    const e = active[o] ? 0 : fit - y[o]!;
    rho[o] = e;
    const sg = e > tie ? 1 : e < -tie ? -1 : 0;
    sign[o] = sg;
    if (sg !== 0) for (let r = 0; r < R; r++) g[r * C + c] = g[r * C + c]! + sg * x[i * R + r]!;
  }
}

/** An observation is active exactly when it holds a basis slot. */
export function syncActive(s: State): void {
  s.active.fill(0);
  for (let k = 0; k < s.n; k++) if (s.kind[k] === OBSERVATION) s.active[s.ref[k]!] = 1;
}
