/**
 * Costs between the nodes of a path search: an n × n matrix (a turf's doors, with crossing penalties),
 * or straight-line distance between planar points (turf centres: too many for a matrix). One plain
 * accessor instead of a closure per caller keeps the search's inner loops monomorphic, so V8 inlines
 * it: with closures, calls alone took a third of the time of cutting a town.
 */
export type Cost =
  | { readonly m: Float64Array; readonly n: number; readonly x: null; readonly y: null }
  | { readonly m: null; readonly n: number; readonly x: Float64Array; readonly y: Float64Array };

export function costOf(c: Cost, a: number, b: number): number {
  if (c.m !== null) return c.m[a * c.n + b]!;
  const dx = c.x[a]! - c.x[b]!;
  const dy = c.y[a]! - c.y[b]!;
  return Math.sqrt(dx * dx + dy * dy);
}

export function matrixCost(m: Float64Array, n: number): Cost {
  return { m, n, x: null, y: null };
}

export function planeCost(x: Float64Array, y: Float64Array): Cost {
  return { m: null, n: x.length, x, y };
}
