import { gamma, type Uniform } from '../../../core/distributions';
import { feasibleTable, type ChainSetup } from './setup';

/**
 * The state of one chain. With the covariate, unit u's Dirichlet parameters are
 * α_urc = α_rc · exp(δ_rc z_ur), z_ur the unit's standardised share of row r (Rosen et al. 2001 §4,
 * a contextual effect); without it δ stays 0 and every unit has α_rc.
 */
export interface State {
  /** units × rows × cols latent counts. */
  readonly n: Int32Array;
  readonly alpha: Float64Array;
  readonly delta: Float64Array;
  /** units × rows: the covariate z_ur. */
  readonly z: Float64Array;
  /** units × rows × cols: α_urc, and units × rows: their row sums A_ur. */
  readonly ua: Float64Array;
  readonly uaSum: Float64Array;
  /** rows × cols: Σ_i N_irc, and scratch of the same size. */
  readonly agg: Float64Array;
  readonly scratch: Float64Array;
  /** Per unit: the count of rows (cols) with votes, then their indexes; stride rows + 1 (cols + 1). */
  readonly activeRows: Int32Array;
  readonly activeCols: Int32Array;
  /** Scratch for the weights of a 2×2 draw (length: the largest unit total + 2). */
  readonly weights: Float64Array;
  /** Scratch for proposed α_urc of one cell, by position in unitsOfRow. */
  readonly proposed: Float64Array;
  readonly unitsOfRow: Int32Array[];
  /** Scratch of moveHyper, per column of a row: Σ_u ln Γ(α_rc + N_urc) at the current α, and its count of terms. */
  readonly cellSums: Float64Array;
  readonly filled: Int32Array;
  /** cellSum's ln Γ(a + n) by count n (length: the largest unit total + 1), each valid in the call numbered memoCall[n]; calls[0] counts the calls. */
  readonly memo: Float64Array;
  readonly memoCall: Int32Array;
  readonly calls: Int32Array;
  readonly alphaStep: Float64Array;
  readonly alphaTries: Float64Array;
  readonly alphaAccepts: Float64Array;
  readonly deltaStep: Float64Array;
  readonly deltaTries: Float64Array;
  readonly deltaAccepts: Float64Array;
  readonly scaleStep: Float64Array;
  readonly scaleTries: Float64Array;
  readonly scaleAccepts: Float64Array;
  /** The ridge moves' steps by the pattern's smaller row, their tries and acceptances (see ridge.ts). */
  readonly ridgeStep: Float64Array;
  readonly ridgeTries: Float64Array;
  readonly ridgeAccepts: Float64Array;
  /** rows: Σ_u x_ur. */
  readonly rowTotal: Float64Array;
}

/** Per unit, the rows and the columns that have votes (2×2 moves elsewhere can change nothing). */
function activeLists(s: ChainSetup): { activeRows: Int32Array; activeCols: Int32Array } {
  const { rows: R, cols: C, units: U } = s;
  const activeRows = new Int32Array(U * (R + 1));
  const activeCols = new Int32Array(U * (C + 1));
  for (let u = 0; u < U; u++) {
    let k = 0;
    for (let r = 0; r < R; r++) if (s.x[u * R + r]! > 0) activeRows[u * (R + 1) + 1 + k++] = r;
    activeRows[u * (R + 1)] = k;
    k = 0;
    for (let c = 0; c < C; c++) if (s.y[u * C + c]! > 0) activeCols[u * (C + 1) + 1 + k++] = c;
    activeCols[u * (C + 1)] = k;
  }
  return { activeRows, activeCols };
}

/** z_ur: unit u's share of row r, centred and scaled over the units (0 for a row that never varies). */
export function covariate(s: ChainSetup): Float64Array {
  const { rows: R, units: U } = s;
  const z = new Float64Array(U * R);
  const total = new Float64Array(U);
  for (let u = 0; u < U; u++) for (let r = 0; r < R; r++) total[u] = total[u]! + s.x[u * R + r]!;
  for (let r = 0; r < R; r++) {
    let m = 0;
    let m2 = 0;
    for (let u = 0; u < U; u++) {
      const p = s.x[u * R + r]! / total[u]!;
      m += p / U;
      m2 += (p * p) / U;
    }
    const sd = Math.sqrt(Math.max(0, m2 - m * m));
    for (let u = 0; u < U; u++) z[u * R + r] = sd > 0 ? (s.x[u * R + r]! / total[u]! - m) / sd : 0;
  }
  return z;
}

/** Recomputes unit u's α_urc and A_ur of row r from α, δ and z. */
export function refreshUnitRow(s: ChainSetup, st: State, u: number, r: number): void {
  const { rows: R, cols: C } = s;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const k = r * C + c;
    const v = s.allowed[k] ? st.alpha[k]! * Math.exp(st.delta[k]! * st.z[u * R + r]!) : 0;
    st.ua[u * R * C + k] = v;
    sum += v;
  }
  st.uaSum[u * R + r] = sum;
}

/** Recomputes every unit's α_urc and A_ur of row r from α, δ and z. */
export function refreshRow(s: ChainSetup, st: State, r: number): void {
  for (let u = 0; u < s.units; u++) refreshUnitRow(s, st, u, r);
}

/**
 * Starting point: α from its prior, δ = 0, each unit's table spread in proportion to the pooled start
 * matrix times a random factor in [0.5, 1.5) per cell, so that chains start apart but near the data.
 */
export function initialState(s: ChainSetup, rand: Uniform, start: Float64Array): State {
  const { rows: R, cols: C, units: U } = s;
  const RC = R * C;
  const alpha = new Float64Array(RC);
  for (let k = 0; k < RC; k++) if (s.allowed[k]) alpha[k] = gamma(rand, s.lambda1) / s.lambda2;
  const n = new Int32Array(U * RC);
  const agg = new Float64Array(RC);
  let maxTotal = 0;
  for (let u = 0; u < U; u++) {
    const weight = Float64Array.from({ length: RC }, (_, k) => (start[k]! + 0.001) * (0.5 + rand()));
    const t = feasibleTable(s.x.subarray(u * R, u * R + R), s.y.subarray(u * C, u * C + C), s.allowed, weight);
    if (!t) throw new RangeError(`unit ${s.unitIndex[u]}: its margins cannot be met with the structural zeros`);
    n.set(t, u * RC);
    for (let k = 0; k < RC; k++) agg[k] = agg[k]! + t[k]!;
    maxTotal = Math.max(maxTotal, s.x.subarray(u * R, u * R + R).reduce((a, b) => a + b, 0));
  }
  const unitsOfRow = Array.from({ length: R }, (_, r) => Int32Array.from({ length: U }, (_, u) => u).filter((u) => s.x[u * R + r]! > 0));
  const zc = (): Float64Array => new Float64Array(RC);
  const zr = (): Float64Array => new Float64Array(R);
  const st: State = {
    n, alpha, delta: zc(), z: s.covariate ? covariate(s) : new Float64Array(U * R), ua: new Float64Array(U * RC), uaSum: new Float64Array(U * R),
    agg, scratch: zc(), ...activeLists(s), weights: new Float64Array(maxTotal + 2), proposed: new Float64Array(U), unitsOfRow,
    cellSums: new Float64Array(C), filled: new Int32Array(C), memo: new Float64Array(maxTotal + 1), memoCall: new Int32Array(maxTotal + 1), calls: new Int32Array(1),
    alphaStep: zc().fill(0.3), alphaTries: zc(), alphaAccepts: zc(), deltaStep: zc().fill(0.1), deltaTries: zc(), deltaAccepts: zc(),
    scaleStep: zr().fill(0.2), scaleTries: zr(), scaleAccepts: zr(),
    ridgeStep: zr().fill(0.02), ridgeTries: zr(), ridgeAccepts: zr(), rowTotal: zr(),
  };
  for (let u = 0; u < U; u++) for (let r = 0; r < R; r++) st.rowTotal[r] = st.rowTotal[r]! + s.x[u * R + r]!;
  for (let r = 0; r < R; r++) refreshRow(s, st, r);
  return st;
}
