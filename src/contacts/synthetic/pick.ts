import type { Random } from '../../core/random';

/**
 * A draw of a key of `weights` with probability proportional to its weight, like `Random.weighted`
 * but with the cumulative weights computed once: synthetic rows make a dozen draws each, a million times.
 */
export function weightedPicker<K extends string>(weights: Readonly<Record<K, number>>): (random: Random) => K {
  const keys = Object.keys(weights) as K[];
  return cumulativePicker(keys, keys.map((k) => weights[k]));
}

/** A draw of one of `items`, item i with probability weights[i] / Σ weights (binary search on the cumulative sums). */
export function cumulativePicker<T>(items: readonly T[], weights: readonly number[]): (random: Random) => T {
  if (items.length === 0 || items.length !== weights.length) throw new Error('cumulativePicker: needs as many weights as items, at least one');
  const cum = new Float64Array(items.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cum[i] = total;
  });
  return (random) => {
    const r = random.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}
