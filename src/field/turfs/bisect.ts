/**
 * Recursive balanced bisection (as in Berger & Bokhari's partitioning of a plane): cut a point set
 * across its longest axis where the weight on each side matches the number of parts that side must
 * hold, and recurse. Each part is the points inside a convex cell, so parts are contiguous and
 * compact (the longest axis is always the one cut), and part weights stay close to total / parts.
 */
export interface Plane {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Weight of each point (doors). */
  readonly w: ArrayLike<number>;
}

/** Splits `members` (point indexes) into `parts` groups of near-equal weight. parts ≤ members.length. */
export function bisect(plane: Plane, members: readonly number[], parts: number): number[][] {
  const out: number[][] = [];
  const key = new Float64Array(plane.x.length);
  const recurse = (group: number[], k: number): void => {
    if (k <= 1 || group.length <= 1) {
      out.push(group);
      return;
    }
    const k1 = Math.floor(k / 2);
    const [left, right] = splitAt(plane, key, group, k1, k - k1);
    recurse(left, k1);
    recurse(right, k - k1);
  };
  recurse([...members], Math.min(parts, members.length));
  return out;
}

/** Direction of the principal (longest) axis of the points: ½·atan2(2·sxy, sxx − syy). */
function principalAngle(plane: Plane, group: readonly number[]): number {
  let mx = 0;
  let my = 0;
  for (const i of group) [mx, my] = [mx + plane.x[i]!, my + plane.y[i]!];
  [mx, my] = [mx / group.length, my / group.length];
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const i of group) {
    const dx = plane.x[i]! - mx;
    const dy = plane.y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}

/** Sorts the group along its principal axis and cuts where the left weight is nearest k1/(k1+k2). */
function splitAt(plane: Plane, key: Float64Array, group: number[], k1: number, k2: number): [number[], number[]] {
  const angle = principalAngle(plane, group);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  for (const i of group) key[i] = plane.x[i]! * c + plane.y[i]! * s;
  group.sort((a, b) => key[a]! - key[b]! || a - b);
  let total = 0;
  for (const i of group) total += plane.w[i]!;
  const goal = (total * k1) / (k1 + k2);
  // Each side needs at least one point per part it will be cut into.
  let best = k1;
  let bestError = Infinity;
  let cumulative = 0;
  for (let cut = 1; cut <= group.length - k2; cut++) {
    cumulative += plane.w[group[cut - 1]!]!;
    if (cut < k1) continue;
    const error = Math.abs(cumulative - goal);
    if (error < bestError) [best, bestError] = [cut, error];
    if (cumulative > goal) break;
  }
  return [group.slice(0, best), group.slice(best)];
}
