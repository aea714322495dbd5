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
