/**
 * Convergence diagnostics of Markov chain Monte Carlo draws, after Vehtari, Gelman, Simpson, Carpenter
 * & Bürkner (2021), "Rank-normalization, folding, and localization: an improved R-hat for assessing
 * convergence of MCMC", Bayesian Analysis 16(2): split chains, rank-normalised to normal scores.
 * A chain is an array of draws of one scalar; all chains have the same length.
 */

type Chain = ArrayLike<number>;

/**
 * Inverse of the standard normal CDF, Acklam's rational approximation (relative error < 1.2e-9).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Each chain cut into its first and second half (the middle draw of an odd length dropped). */
export function splitChains(chains: readonly Chain[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const ch of chains) {
    const half = Math.floor(ch.length / 2);
    const all = Float64Array.from(ch);
    out.push(all.slice(0, half), all.slice(ch.length - half));
  }
  return out;
}

/** Pooled draws replaced by normal scores of their ranks, Φ⁻¹((r − 3/8)/(S + 1/4)), ties averaged (Vehtari et al. eq. 14). */
export function rankNormalise(chains: readonly Chain[]): Float64Array[] {
  const n = chains[0]?.length ?? 0;
  const total = chains.length * n;
  const values = new Float64Array(total);
  chains.forEach((ch, j) => values.set(Float64Array.from(ch), j * n));
  const order = Array.from({ length: total }, (_, i) => i).sort((p, q) => values[p]! - values[q]!);
  const scores = new Float64Array(total);
  for (let i = 0; i < total; ) {
    let k = i;
    while (k + 1 < total && values[order[k + 1]!] === values[order[i]!]) k++;
    const z = normalQuantile(((i + k) / 2 + 1 - 0.375) / (total + 0.25));
    for (let t = i; t <= k; t++) scores[order[t]!] = z;
    i = k + 1;
  }
  return chains.map((_, j) => scores.slice(j * n, (j + 1) * n));
}

function mean(xs: Chain): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Within-chain variance W and between-chain variance B (Gelman et al., BDA3 §11.4). */
function variances(chains: readonly Chain[]): { w: number; b: number; n: number } {
  const n = chains[0]!.length;
  const means = chains.map(mean);
  const grand = mean(means);
  let w = 0;
  chains.forEach((ch, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (ch[i]! - means[j]!) ** 2;
    w += s / (n - 1);
  });
  w /= chains.length;
  const b = (n / (chains.length - 1)) * means.reduce((s, m) => s + (m - grand) ** 2, 0);
  return { w, b, n };
}

/** Classic potential scale reduction √(var⁺/W), var⁺ = (n−1)/n·W + B/n, of the chains as given. */
export function gelmanRubin(chains: readonly Chain[]): number {
  const { w, b, n } = variances(chains);
  if (!(w > 0)) return Number.NaN;
  return Math.sqrt(((n - 1) / n) * w + b / n) / Math.sqrt(w);
}

/**
 * Rank-normalised split R-hat (Vehtari et al. 2021 §4.2): the larger of the bulk value (normal scores
 * of the split chains) and the folded value (scores of |x − median|). NaN when the draws are constant.
 */
export function splitRhat(chains: readonly Chain[]): number {
  const split = splitChains(chains);
  const all = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  const median = all.length % 2 ? all[(all.length - 1) / 2]! : (all[all.length / 2 - 1]! + all[all.length / 2]!) / 2;
  const folded = split.map((c) => c.map((x) => Math.abs(x - median)));
  return Math.max(gelmanRubin(rankNormalise(split)), gelmanRubin(rankNormalise(folded)));
}

/**
 * Effective sample size of the chains as given, by the multi-chain autocorrelation estimate and Geyer's
 * initial monotone positive sequence (Stan reference manual, "Effective sample size"; Geyer 1992).
 */
export function effectiveSampleSize(chains: readonly Chain[]): number {
  const m = chains.length;
  const { w, b, n } = variances(chains);
  if (!(w > 0) || n < 4) return Number.NaN;
  const varPlus = ((n - 1) / n) * w + (m > 1 ? b / n : 0);
  const means = chains.map(mean);
  const rho = (t: number): number => {
    let acov = 0;
    chains.forEach((ch, j) => {
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (ch[i]! - means[j]!) * (ch[i + t]! - means[j]!);
      acov += s / n;
    });
    return 1 - (w - acov / m) / varPlus;
  };
  let tau = -1;
  let prevPair = Infinity;
  for (let t = 0; t + 1 < n; t += 2) {
    let pair = rho(t) + rho(t + 1);
    if (pair < 0) break;
    pair = Math.min(pair, prevPair);
    prevPair = pair;
    tau += 2 * pair;
  }
  return (m * n) / Math.max(tau, 1 / Math.log10(m * n));
}

/** Bulk effective sample size (Vehtari et al. 2021 §4.3): ESS of the rank-normalised split chains. */
export function bulkEss(chains: readonly Chain[]): number {
  return effectiveSampleSize(rankNormalise(splitChains(chains)));
}
