/**
 * Total variation distance between a team's mix and its district's population on one attribute:
 * TVD = ½ Σ_v |count_v / n − share_v| (Levin, Peres & Wilmer, *Markov Chains and Mixing Times*,
 * §4.1): the share of the team that would have to change value for the mixes to match. 0 is a
 * perfect mirror, 1 a team with nothing in common with its district. An empty team mirrors
 * nothing: 1.
 */
export function tvd(counts: ArrayLike<number>, n: number, shares: ArrayLike<number>): number {
  if (n === 0) return 1;
  let sum = 0;
  for (let v = 0; v < shares.length; v++) sum += Math.abs((counts[v] ?? 0) / n - (shares[v] ?? 0));
  return sum / 2;
}

/**
 * The counts a team of `n` would ideally have: n × shares rounded by largest remainder, which is
 * the integer vector summing to n closest to n × shares in L1 (raising a floor by one costs
 * 1 − 2·frac, so the largest fractions go first). Ties (within rounding error) go to the earlier value.
 */
export function idealCounts(n: number, shares: ArrayLike<number>): number[] {
  const quotas = Array.from({ length: shares.length }, (_, v) => n * (shares[v] ?? 0));
  const counts = quotas.map((q) => Math.floor(q + 1e-9));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = quotas.map((q, v) => ({ v, frac: q - Math.floor(q + 1e-9) })).sort((a, b) => (Math.abs(b.frac - a.frac) > 1e-9 ? b.frac - a.frac : a.v - b.v));
  for (const { v } of order) {
    if (left <= 0) break;
    counts[v]! += 1;
    left--;
  }
  return counts;
}

/** The smallest TVD any team of `n` can reach on an attribute, whatever the pool: rounding alone. */
export function sizeBound(n: number, shares: ArrayLike<number>): number {
  return tvd(idealCounts(n, shares), n, shares);
}

/**
 * A team's score to minimise: its largest TVD over the attributes (what is reported and what the
 * goal is about) plus half the mean, so that among teams with the same worst attribute the one
 * better on the others wins (the max alone is flat over most swaps and stalls a local search).
 */
export function teamScore(tvds: ArrayLike<number>): number {
  if (tvds.length === 0) return 0;
  let max = 0;
  let sum = 0;
  for (let a = 0; a < tvds.length; a++) {
    const t = tvds[a]!;
    if (t > max) max = t;
    sum += t;
  }
  return max + (0.5 * sum) / tvds.length;
}

/**
 * Largest-remainder apportionment of `total` units among claims (`wanted`), never giving a claim
 * more than it asked: how a pool too small for every team is shared out.
 */
export function apportion(total: number, wanted: readonly number[]): number[] {
  const asked = wanted.reduce((s, w) => s + w, 0);
  if (asked <= total) return [...wanted];
  const quotas = wanted.map((w) => (total * w) / asked);
  const got = quotas.map((q) => Math.floor(q + 1e-9));
  let left = total - got.reduce((s, g) => s + g, 0);
  const order = quotas.map((q, i) => ({ i, frac: q - Math.floor(q + 1e-9) })).sort((a, b) => (Math.abs(b.frac - a.frac) > 1e-9 ? b.frac - a.frac : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0) break;
    if (got[i]! < wanted[i]!) {
      got[i]! += 1;
      left--;
    }
  }
  return got;
}
