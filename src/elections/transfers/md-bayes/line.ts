import type { Uniform } from '../../../core/distributions';

/**
 * A heat-bath draw of the free count n = N_11 of a 2×2 sub-table with both margins kept (row sums
 * s1 = N_11 + N_12 and s2 = N_21 + N_22, first column t1 = N_11 + N_21), over n in [lo, hi], under
 * the collapsed Dirichlet-multinomial: its weights are ∝ Π over the four cells of Γ(α + N)/N!, whose
 * successive ratios are products of four simple factors. `weights` is scratch of length ≥ hi − lo + 1.
 */
export function drawCount(weights: Float64Array, rand: Uniform, lo: number, hi: number, s1: number, t1: number, s2: number, a11: number, a12: number, a21: number, a22: number): number {
  let w = 1, total = 1;
  weights[0] = 1;
  for (let v = lo; v < hi; v++) {
    const m12 = s1 - v, m21 = t1 - v, m22 = s2 - t1 + v;
    w *= ((a11 + v) * (a22 + m22) * m12 * m21) / ((v + 1) * (m22 + 1) * (a12 + m12 - 1) * (a21 + m21 - 1));
    if (w > 1e250) {
      for (let q = 0; q <= v - lo; q++) weights[q] = weights[q]! * 1e-250;
      total *= 1e-250;
      w *= 1e-250;
    }
    weights[v - lo + 1] = w;
    total += w;
  }
  let target = rand() * total;
  let v = lo;
  while (v < hi && (target -= weights[v - lo]!) >= 0) v++;
  return v;
}
