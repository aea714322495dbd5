import type { Uniform } from '../../../core/distributions';
import { logGamma as lg } from '../../../core/log-gamma';
import type { ChainSetup } from './setup';
import type { State } from './state';
import { drawCount } from './line';

/*
 * A joint move of α and the latent tables along the direction the data leave loose (without the
 * covariate). Given α, each unit's table is held near α's shares; given the tables, α is held near
 * their aggregate: the 2×2 steps and the α steps each move the aggregate transfer a little at a
 * time, and the chain crawls (median bulk ESS about 10 from 4 × 500 draws).
 *
 * The move takes a 2×2 pattern (rows r1, r2, columns c1, c2) and proposes to shift α's shares: row
 * r1 gives column c1 a share τ more (taken from c2), row r2 gives c1 a share τ·X1/X2 less (to c2),
 * X_r the row's votes (r1 being the row with fewer votes, whose share is the less certain), so that
 * the aggregate of column c1 stays where the data put it, and each row's A_r stays. Each unit's
 * sub-table on the pattern (one free count n once its margins are kept) is integrated out: the
 * proposal is accepted with the ratio of prior(α) · Π_u Z_u(α), where
 * Z_u(α) = Σ_n Π over the four cells of Γ(α + N)/(Γ(α) N!), and then each unit's n is drawn afresh
 * from its conditional given the new α. τ is uniform on (−step, step), one step per row as the
 * smaller of a pattern (adapted during burn-in only), so the proposal of α is a symmetric
 * translation; this is a partially collapsed Metropolis–Hastings step, exact.
 */

/**
 * Scratch of one move: the pattern's cells, α before and after, and per cell j the change
 * ln Γ(a2_j + m) − ln Γ(a_j + m) by count m (counts repeat from unit to unit), valid where stamp
 * holds this move's number.
 */
interface Pattern {
  readonly k: Int32Array;
  readonly a: Float64Array;
  readonly a2: Float64Array;
  readonly memo: Float64Array[];
  readonly stamp: Int32Array[];
  move: number;
  /** Cumulative weights of the rows and of the columns by their votes (the data, not the state): the pattern's odds. */
  readonly rowCdf: Float64Array;
  readonly colCdf: Float64Array;
  /** Whether two rows and two columns have votes: else there is no pattern to move on. */
  readonly usable: boolean;
}

/**
 * Cumulative odds of the rows (or columns) by the square root of their votes: the slowest cells are
 * those of the large rows and columns, but a pattern on them also costs the most (a unit's sum runs
 * over the range of its free count), and the small ones must still be visited.
 */
function cdfOf(totals: Float64Array): Float64Array {
  const cdf = new Float64Array(totals.length);
  let sum = 0;
  totals.forEach((t, i) => (cdf[i] = sum += Math.sqrt(t)));
  return cdf.map((v) => v / sum);
}

/** An index drawn by the weights of cdf, other than `not` (two indexes at least have weight). */
function pick(cdf: Float64Array, rand: Uniform, not: number): number {
  for (;;) {
    const q = rand();
    let i = 0;
    while (i < cdf.length - 1 && q >= cdf[i]!) i++;
    if (i !== not) return i;
  }
}

/** Σ_c α_rc (structural zeros hold 0). */
function rowSum(alpha: Float64Array, r: number, C: number): number {
  let sum = 0;
  for (let c = 0; c < C; c++) sum += alpha[r * C + c]!;
  return sum;
}

const patterns = new WeakMap<State, Pattern>();

const withVotes = (totals: Float64Array): number => totals.filter((t) => t > 0).length;

function patternOf(st: State, s: ChainSetup): Pattern {
  let p = patterns.get(st);
  if (!p) {
    const size = st.weights.length;
    const colTotal = new Float64Array(s.cols);
    for (let u = 0; u < s.units; u++) for (let c = 0; c < s.cols; c++) colTotal[c] = colTotal[c]! + s.y[u * s.cols + c]!;
    p = { k: new Int32Array(4), a: new Float64Array(4), a2: new Float64Array(4), memo: [0, 1, 2, 3].map(() => new Float64Array(size)), stamp: [0, 1, 2, 3].map(() => new Int32Array(size)), move: 0, rowCdf: cdfOf(st.rowTotal), colCdf: cdfOf(colTotal), usable: withVotes(st.rowTotal) >= 2 && withVotes(colTotal) >= 2 };
    patterns.set(st, p);
  }
  return p;
}

/** ln Γ(a2_j + m) − ln Γ(a_j + m), once a move per cell and count. */
function shift(p: Pattern, j: number, m: number): number {
  const stamp = p.stamp[j]!;
  const memo = p.memo[j]!;
  if (stamp[m] !== p.move) {
    memo[m] = lg(p.a2[j]! + m) - lg(p.a[j]! + m);
    stamp[m] = p.move;
  }
  return memo[m]!;
}

/**
 * ln Z_u(a2) − ln Z_u(a) for the unit whose counts start at `base`, over the whole range of its free
 * count (the counts' factorials, the same at both, left out; so are the Γ(α) of the denominators).
 */
function logZRatio(n: Int32Array, base: number, p: Pattern): number {
  const { k, a, a2 } = p;
  const n11 = n[base + k[0]!]!, n12 = n[base + k[1]!]!, n21 = n[base + k[2]!]!, n22 = n[base + k[3]!]!;
  const s1 = n11 + n12, t1 = n11 + n21, s2 = n21 + n22;
  const lo = Math.max(0, t1 - s2), hi = Math.min(s1, t1);
  const m12 = s1 - lo, m21 = t1 - lo, m22 = s2 - t1 + lo;
  const b11 = a[0]!, b12 = a[1]!, b21 = a[2]!, b22 = a[3]!;
  const c11 = a2[0]!, c12 = a2[1]!, c21 = a2[2]!, c22 = a2[3]!;
  let l = shift(p, 0, lo) + shift(p, 1, m12) + shift(p, 2, m21) + shift(p, 3, m22);
  let w = 1, total = 1, w2 = 1, total2 = 1;
  for (let v = lo; v < hi; v++) {
    const p12 = s1 - v, p21 = t1 - v, p22 = s2 - t1 + v;
    const f = (p12 * p21) / ((v + 1) * (p22 + 1));
    w *= (f * (b11 + v) * (b22 + p22)) / ((b12 + p12 - 1) * (b21 + p21 - 1));
    w2 *= (f * (c11 + v) * (c22 + p22)) / ((c12 + p12 - 1) * (c21 + p21 - 1));
    total += w;
    total2 += w2;
    if (w > 1e250 || w2 > 1e250) {
      // Both rescaled alike keep their ratio; ln 1e-250 cancels.
      const sw = w > 1e250 ? 1e-250 : 1;
      const sw2 = w2 > 1e250 ? 1e-250 : 1;
      w *= sw;
      total *= sw;
      w2 *= sw2;
      total2 *= sw2;
      l += Math.log(sw) - Math.log(sw2);
    }
  }
  return l + Math.log(total2) - Math.log(total);
}

/** Draws the unit's free count from its conditional at α = p.a2 and applies it to the unit's table and the aggregate. */
function redraw(st: State, base: number, p: Pattern, rand: Uniform): void {
  const { n, weights, agg } = st;
  const { k, a2 } = p;
  const n11 = n[base + k[0]!]!, n12 = n[base + k[1]!]!, n21 = n[base + k[2]!]!, n22 = n[base + k[3]!]!;
  const s1 = n11 + n12, t1 = n11 + n21, s2 = n21 + n22;
  const lo = Math.max(0, t1 - s2), hi = Math.min(s1, t1);
  if (hi === lo) return;
  const v = drawCount(weights, rand, lo, hi, s1, t1, s2, a2[0]!, a2[1]!, a2[2]!, a2[3]!);
  const d = v - n11;
  if (d === 0) return;
  n[base + k[0]!] = v;
  n[base + k[1]!] = n12 - d;
  n[base + k[2]!] = n21 - d;
  n[base + k[3]!] = n22 + d;
  agg[k[0]!] = agg[k[0]!]! + d;
  agg[k[1]!] = agg[k[1]!]! - d;
  agg[k[2]!] = agg[k[2]!]! - d;
  agg[k[3]!] = agg[k[3]!]! + d;
}

/** One ridge move on a random 2×2 pattern of allowed cells; returns whether it was taken. */
export function moveRidge(s: ChainSetup, st: State, rand: Uniform): boolean {
  const { rows: R, cols: C, units: U } = s;
  const RC = R * C;
  if (R < 2 || C < 2 || s.covariate) return false;
  const p = patternOf(st, s);
  if (!p.usable) return false;
  const r1 = pick(p.rowCdf, rand, -1);
  const r2 = pick(p.rowCdf, rand, r1);
  const c1 = pick(p.colCdf, rand, -1);
  const c2 = pick(p.colCdf, rand, c1);
  const { k, a, a2 } = p;
  k[0] = r1 * C + c1;
  k[1] = r1 * C + c2;
  k[2] = r2 * C + c1;
  k[3] = r2 * C + c2;
  if (!(s.allowed[k[0]]! & s.allowed[k[1]]! & s.allowed[k[2]]! & s.allowed[k[3]]!)) return false;
  const X1 = st.rowTotal[r1]!, X2 = st.rowTotal[r2]!;
  if (X1 === 0 || X2 === 0) return false;
  // The step is in the smaller row's share (its posterior is the wider), with that row's own size;
  // the larger row's share moves by τ · X_small / X_large. Without the covariate every unit has the
  // row's α_r·, whose sum is A_r.
  const small = X1 <= X2 ? r1 : r2;
  const tau = st.ridgeStep[small]! * (2 * rand() - 1);
  const e1 = rowSum(st.alpha, r1, C) * tau * (small === r1 ? 1 : X2 / X1);
  const e2 = rowSum(st.alpha, r2, C) * tau * (small === r2 ? 1 : X1 / X2);
  for (let j = 0; j < 4; j++) a[j] = st.alpha[k[j]!]!;
  a2[0] = a[0]! + e1;
  a2[1] = a[1]! - e1;
  a2[2] = a[2]! - e2;
  a2[3] = a[3]! + e2;
  st.ridgeTries[small] = st.ridgeTries[small]! + 1;
  if (p.move === 0x3fffffff) {
    p.move = 0;
    for (const t of p.stamp) t.fill(0);
  }
  p.move++;
  if (!(a2[0]! > 0 && a2[1]! > 0 && a2[2]! > 0 && a2[3]! > 0)) return false;
  // α's Gamma(λ1, λ2) prior (its rate term cancels: each row's A_r is kept).
  let logRatio = 0;
  for (let j = 0; j < 4; j++) logRatio += (s.lambda1 - 1) * Math.log(a2[j]! / a[j]!);
  let units = 0;
  for (let u = 0; u < U; u++) {
    const base = u * RC;
    // A unit with no votes in the pattern's cells has a term of Γ(α)/Γ(α) in each: 1.
    if (st.n[base + k[0]!]! + st.n[base + k[1]!]! + st.n[base + k[2]!]! + st.n[base + k[3]!]! === 0) continue;
    logRatio += logZRatio(st.n, base, p);
    units++;
  }
  for (let j = 0; j < 4; j++) logRatio -= units * (lg(a2[j]!) - lg(a[j]!));
  if (!(logRatio >= 0 || rand() < Math.exp(logRatio))) return false;
  // As commitCell: α_urc is kept for the units with votes in the row (the others' is read from α).
  for (let j = 0; j < 4; j++) {
    st.alpha[k[j]!] = a2[j]!;
    for (const u of st.unitsOfRow[j < 2 ? r1 : r2]!) st.ua[u * RC + k[j]!] = a2[j]!;
  }
  for (let u = 0; u < U; u++) redraw(st, u * RC, p, rand);
  st.ridgeAccepts[small] = st.ridgeAccepts[small]! + 1;
  return true;
}
