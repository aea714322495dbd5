/** F1 of one class: 2·TP / (2·TP + FP + FN), 0 when the class is never predicted right. */
export function f1Score(truth: readonly string[], predicted: readonly string[], label: string): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (t === label && p === label) tp++;
    else if (p === label) fp++;
    else if (t === label) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Mean F1 over the given classes (macro-F1). */
export function macroF1(truth: readonly string[], predicted: readonly string[], labels: readonly string[]): number {
  return labels.reduce((s, l) => s + f1Score(truth, predicted, l), 0) / labels.length;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai & DasGupta 2001):
 * better than the normal approximation for small counts and shares near 0 or 1.
 * Returns [low, high] for `successes` out of `n` at the given z (1.96 for 95 %).
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: expected whole numbers 0 ≤ successes ≤ n, found ${successes} of ${n}`);
  }
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** `x` rounded to `digits` decimals, without the string that toFixed builds (hot paths call this per post). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The q-quantile (0…1) of values sorted ascending, linear between order statistics (Hyndman & Fan type 7, R's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
