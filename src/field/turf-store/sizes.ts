/**
 * How close a cut came to its target (pure): the number of turfs, the share of them within
 * ±tolerance of the target doors, and the smallest, median and largest turf in doors.
 */
export interface SizeStats {
  readonly turfs: number;
  readonly doors: number;
  readonly target: number;
  readonly withinTolerance: number | null;
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

export function sizeStats(sizes: readonly number[], target: number, tolerance = 0.25): SizeStats {
  const sorted = [...sizes].sort((a, b) => a - b);
  const n = sorted.length;
  const doors = sorted.reduce((s, d) => s + d, 0);
  if (n === 0) return { turfs: 0, doors, target, withinTolerance: null, min: null, median: null, max: null };
  const within = sorted.filter((d) => Math.abs(d - target) <= tolerance * target).length;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { turfs: n, doors, target, withinTolerance: within / n, min: sorted[0]!, median, max: sorted[n - 1]! };
}
