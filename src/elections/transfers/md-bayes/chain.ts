import { dirichletInto, type Uniform } from '../../../core/distributions';
import { createRandom } from '../../../core/random';
import { adapt, moveHyper } from './hyper';
import type { ChainSetup } from './setup';
import { pooledStart } from './start';
import { initialState, refreshUnitRow, type State } from './state';
import { drawCount } from './line';
import { moveRidge } from './ridge';

/**
 * One Markov chain of the multinomial-Dirichlet model of Rosen, Jiang, King & Tanner (2001), "Bayesian
 * and frequentist inference for ecological inference: the R×C case", Statistica Neerlandica 55(2):
 * per unit i and row r, β_ir· ~ Dirichlet(α_r·), α_rc ~ Gamma(λ1, rate λ2), and the unit's latent
 * cross-table N_i·· (row margins x_i·, column margins y_i·) ~ Π_r Multinomial(x_ir, β_ir·).
 *
 * β is integrated out (a collapsed sampler, Liu 1994): p(N_i | α) = Π_r Γ(A_r)/Γ(A_r + x_ir) ·
 * Π_c Γ(α_rc + N_irc)/(Γ(α_rc) N_irc!) up to the margins' constant, with A_r = Σ_c α_rc. Each sweep
 * (a) moves counts within every unit by Metropolis steps on 2×2 sub-tables that keep both margins
 * (Diaconis & Sturmfels 1998 basic moves, of random size), (b) moves α and every unit's 2×2
 * sub-table together along the aggregate transfer (ridge moves, ridge.ts; not with the covariate), and
 * (c) updates every α_rc by a random-walk Metropolis step on log α_rc. Step sizes adapt during burn-in
 * only, so the kept draws are a valid chain.
 */
export interface ChainDraws {
  /** samples × rows × cols: aggregate shares Σ_i N_irc / Σ_i x_ir of each kept draw. */
  readonly shares: Float64Array;
  /** units × rows × cols: posterior mean of β_irc, Rao–Blackwellised as E[(α_rc + N_irc)/(A_r + x_ir)]. */
  readonly unitMean: Float64Array;
  /** rows × cols: posterior mean of α_rc. */
  readonly alphaMean: Float64Array;
  readonly alphaAcceptance: number;
  readonly seconds: number;
}

const WINDOW = 32;

/** A chain's own seed from the run's seed and the chain's index (SplitMix32-style mixing). */
export function chainSeed(seed: number, chain: number): number {
  let h = (seed ^ Math.imul(chain + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Exact Gibbs draws on random 2×2 sub-tables of unit u (rows r1, r2 and columns c1, c2 with votes):
 * with both margins fixed, one count n = N_r1c1 is free, and under the collapsed Dirichlet-multinomial
 * its conditional is ∝ Π over the four cells of Γ(α + N)/N!, whose successive ratios are products of
 * four simple factors. A range of n is weighed and n drawn from it (a heat-bath move, so large counts
 * move in one step where ±1 swaps would diffuse).
 */
function gibbsPairs(s: ChainSetup, st: State, u: number, moves: number, rand: Uniform): void {
  const C = s.cols;
  const { n, ua, agg, activeRows, activeCols, weights } = st;
  const nr = activeRows[u * (s.rows + 1)]!;
  const nc = activeCols[u * (C + 1)]!;
  if (nr < 2 || nc < 2) return;
  const base = u * s.rows * C;
  for (let m = 0; m < moves; m++) {
    // One uniform gives the two rows, the two columns and the window's offset: each is the integer
    // part of the remainder scaled up (some 20 of its 53 bits used; the rest leave each uniform).
    let q = rand() * nr;
    const i1 = Math.floor(q);
    q = (q - i1) * (nr - 1);
    const o1 = Math.floor(q);
    q = (q - o1) * nc;
    const j1 = Math.floor(q);
    q = (q - j1) * (nc - 1);
    const o2 = Math.floor(q);
    q = (q - o2) * WINDOW;
    const i2 = (i1 + 1 + o1) % nr;
    const j2 = (j1 + 1 + o2) % nc;
    const r1 = activeRows[u * (s.rows + 1) + 1 + i1]!, r2 = activeRows[u * (s.rows + 1) + 1 + i2]!;
    const c1 = activeCols[u * (C + 1) + 1 + j1]!, c2 = activeCols[u * (C + 1) + 1 + j2]!;
    const k11 = r1 * C + c1, k12 = r1 * C + c2, k21 = r2 * C + c1, k22 = r2 * C + c2;
    if (!(s.allowed[k11]! & s.allowed[k12]! & s.allowed[k21]! & s.allowed[k22]!)) continue;
    const n11 = n[base + k11]!, n12 = n[base + k12]!, n21 = n[base + k21]!, n22 = n[base + k22]!;
    const s1 = n11 + n12, t1 = n11 + n21, s2 = n21 + n22;
    // A window of WINDOW values placed at random over the current one bounds the work on big counts
    // and keeps the move exact (the window is an auxiliary variable whose law is the same from any of its values).
    const start = n11 - Math.floor(q);
    const lo = Math.max(0, t1 - s2, start), hi = Math.min(s1, t1, start + WINDOW - 1);
    if (hi === lo) continue;
    const v = drawCount(weights, rand, lo, hi, s1, t1, s2, ua[base + k11]!, ua[base + k12]!, ua[base + k21]!, ua[base + k22]!);
    const d = v - n11;
    if (d === 0) continue;
    n[base + k11] = v;
    n[base + k12] = n12 - d;
    n[base + k21] = n21 - d;
    n[base + k22] = n22 + d;
    agg[k11] = agg[k11]! + d;
    agg[k12] = agg[k12]! - d;
    agg[k21] = agg[k21]! - d;
    agg[k22] = agg[k22]! + d;
  }
}

/**
 * Σ_i x_ir β_irc with β_ir· drawn from its conditional Dirichlet(α_r· + N_ir·): the aggregate of the
 * units' transfer rates rather than of their realised cross-tables (the estimand of eiPack's
 * Cell.counts), whose posterior also carries the units' sampling noise.
 */
function unitShareTotals(s: ChainSetup, st: State, rand: Uniform, into: Float64Array): void {
  const { rows: R, cols: C, units: U } = s;
  const RC = R * C;
  const par = new Float64Array(C);
  const beta = new Float64Array(C);
  into.fill(0);
  for (let u = 0; u < U; u++) {
    for (let r = 0; r < R; r++) {
      const x = s.x[u * R + r]!;
      if (x === 0) continue;
      for (let c = 0; c < C; c++) par[c] = s.allowed[r * C + c] ? st.ua[u * RC + r * C + c]! + st.n[u * RC + r * C + c]! : 0;
      dirichletInto(rand, par, beta);
      for (let c = 0; c < C; c++) into[r * C + c] = into[r * C + c]! + x * beta[c]!;
    }
  }
}

function record(s: ChainSetup, st: State, draw: number, out: { shares: Float64Array; unitMean: Float64Array; alphaMean: Float64Array }, rowTotal: Float64Array, rand: Uniform): void {
  const { rows: R, cols: C, units: U } = s;
  const RC = R * C;
  if (s.estimand === 'unit-shares') unitShareTotals(s, st, rand, st.scratch);
  const totals = s.estimand === 'unit-shares' ? st.scratch : st.agg;
  for (let k = 0; k < RC; k++) {
    const total = rowTotal[Math.floor(k / C)]!;
    out.shares[draw * RC + k] = total > 0 ? totals[k]! / total : 0;
    out.alphaMean[k] = out.alphaMean[k]! + st.alpha[k]!;
  }
  for (let u = 0; u < U; u++) {
    for (let r = 0; r < R; r++) {
      // A row without votes in the unit: its rates are α_ur·'s shares, which the moves keep only for
      // the units with votes in the row, so read from α and δ here.
      if (s.x[u * R + r]! === 0) refreshUnitRow(s, st, u, r);
      const denom = st.uaSum[u * R + r]! + s.x[u * R + r]!;
      for (let c = 0; c < C; c++) out.unitMean[u * RC + r * C + c] = out.unitMean[u * RC + r * C + c]! + (st.ua[u * RC + r * C + c]! + st.n[u * RC + r * C + c]!) / denom;
    }
  }
}

/** Sweeps between two calls of a chain's `onSweeps`. */
const SWEEPS_PER_REPORT = 25;

/**
 * Runs one chain: `burnin` sweeps (step sizes adapt every 50), then `samples` kept draws every
 * `thin` sweeps; `onSweeps` hears the sweeps done so far every SWEEPS_PER_REPORT and at the end.
 */
export function runChain(s: ChainSetup, chain: number, onSweeps?: (done: number) => void): ChainDraws {
  const started = performance.now();
  const rand = createRandom(chainSeed(s.seed, chain)).next;
  const st = initialState(s, rand, pooledStart(s));
  const { rows: R, cols: C, units: U } = s;
  const RC = R * C;
  const rowTotal = new Float64Array(R);
  for (let u = 0; u < U; u++) for (let r = 0; r < R; r++) rowTotal[r] = rowTotal[r]! + s.x[u * R + r]!;
  const moves = new Int32Array(U).map((_, u) => Math.ceil((s.sweep * st.activeRows[u * (R + 1)]! * st.activeCols[u * (C + 1)]!) / 2));
  const out = { shares: new Float64Array(s.samples * RC), unitMean: new Float64Array(U * RC), alphaMean: new Float64Array(RC) };
  const total = s.burnin + s.samples * s.thin;
  const ridgeMoves = s.covariate || R < 2 || C < 2 ? 0 : Math.ceil((s.ridge * R * C) / 2);
  for (let it = 0; it < total; it++) {
    for (let u = 0; u < U; u++) gibbsPairs(s, st, u, moves[u]!, rand);
    for (let m = 0; m < ridgeMoves; m++) moveRidge(s, st, rand);
    moveHyper(s, st, rand);
    if (it < s.burnin && (it + 1) % 50 === 0) adapt(st);
    if (it === s.burnin) [st.alphaTries, st.alphaAccepts, st.deltaTries, st.deltaAccepts, st.ridgeTries, st.ridgeAccepts].forEach((a) => a.fill(0));
    const kept = it - s.burnin + 1;
    if (kept > 0 && kept % s.thin === 0) record(s, st, kept / s.thin - 1, out, rowTotal, rand);
    if (onSweeps && ((it + 1) % SWEEPS_PER_REPORT === 0 || it + 1 === total)) onSweeps(it + 1);
  }
  out.unitMean.forEach((v, k) => (out.unitMean[k] = v / s.samples));
  out.alphaMean.forEach((v, k) => (out.alphaMean[k] = v / s.samples));
  const ratio = (a: Float64Array, t: Float64Array): number => a.reduce((x, y) => x + y, 0) / Math.max(1, t.reduce((x, y) => x + y, 0));
  return { ...out, alphaAcceptance: ratio(st.alphaAccepts, st.alphaTries), seconds: (performance.now() - started) / 1000 };
}
