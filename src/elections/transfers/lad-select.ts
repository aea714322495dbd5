/**
 * The exact line search of a least-absolute-deviations simplex step: along a direction the objective is
 * convex and piecewise linear, its slope rising by w_o as t passes breakpoint t_o. Returns the index of
 * the breakpoint where the slope, starting at −need, first reaches ≥ 0 (a weighted quantile), or −1 when
 * the weights never add up to need. Expected linear time (quickselect), breakpoints reordered in place.
 */
export function firstCrossing(t: Float64Array, w: Float64Array, id: Int32Array, length: number, need: number): number {
  let lo = 0;
  let hi = length;
  let remaining = need;
  let seed = 0x2545f491;
  while (hi > lo) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const pivot = t[lo + (seed % (hi - lo))]!;
    const [lt, gt, below, equal] = partition3(t, w, id, lo, hi, pivot);
    if (below >= remaining) {
      hi = lt;
      continue;
    }
    if (below + equal >= remaining) return lt;
    remaining -= below + equal;
    lo = gt;
  }
  return -1;
}

/**
 * Three-way partition of [lo, hi) around the pivot: [lo, lt) < pivot, [lt, gt) = pivot, [gt, hi) >.
 * Also returns the weight below the pivot and at it.
 */
function partition3(t: Float64Array, w: Float64Array, id: Int32Array, lo: number, hi: number, pivot: number): [number, number, number, number] {
  let lt = lo;
  let i = lo;
  let gt = hi;
  let below = 0;
  let equal = 0;
  while (i < gt) {
    const v = t[i]!;
    if (v < pivot) {
      below += w[i]!;
      swap(t, w, id, i++, lt++);
    } else if (v > pivot) {
      swap(t, w, id, i, --gt);
    } else {
      equal += w[i]!;
      i++;
    }
  }
  return [lt, gt, below, equal];
}

function swap(t: Float64Array, w: Float64Array, id: Int32Array, a: number, b: number): void {
  const tv = t[a]!;
  t[a] = t[b]!;
  t[b] = tv;
  const wv = w[a]!;
  w[a] = w[b]!;
  w[b] = wv;
  const iv = id[a]!;
  id[a] = id[b]!;
  id[b] = iv;
}
