import type { Random } from '../../core/random';

/** A standard normal draw (Box–Muller; the second value is discarded for simplicity). */
export function standardNormal(random: Random): number {
  let u = random.next();
  while (u <= Number.MIN_VALUE) u = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** The q-quantile (0…1) of sorted values, linear between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
