/**
 * The heterogeneity index HETe of Romero, Pavía, Martín & Romero (2020): 100·Σ_i Σ_c |e_ic| / Σ_i Σ_c y_ic,
 * e_ic = y_ic − Σ_r x_ir p_rc the errors of the homogeneous fit — the share of second-round votes that a
 * single matrix cannot place. lphom reports it; nslphom keeps the round with the smallest.
 */
export function heterogeneityIndex(x: readonly (readonly number[])[], y: readonly (readonly number[])[], p: Float64Array, cols: number): number {
  let err = 0;
  let total = 0;
  x.forEach((xi, i) => {
    for (let c = 0; c < cols; c++) {
      let fit = 0;
      for (let r = 0; r < xi.length; r++) fit += xi[r]! * p[r * cols + c]!;
      err += Math.abs(y[i]![c]! - fit);
      total += y[i]![c]!;
    }
  });
  return total > 0 ? (100 * err) / total : 0;
}
