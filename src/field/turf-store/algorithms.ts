import { StoreError } from '../../core/errors';
import { cutTurfs, splitTurf } from '../turfs/cut';
import type { Sides } from '../turfs/walk';
import { walkTurf } from '../turfs/walk';
import type { StoredPoint } from './write';

/**
 * The pure turf algorithms (src/field/turfs) seen from the store: points in, turfs out as lists of
 * the same points in walking order. Each result is checked to hold every point exactly once, so a
 * fault in an algorithm can never store a door twice or lose one.
 */

function checkPartition(points: readonly StoredPoint[], parts: readonly (readonly StoredPoint[])[], what: string): void {
  const seen = new Set<number>();
  for (const part of parts) for (const p of part) seen.add(p.id);
  const total = parts.reduce((s, part) => s + part.length, 0);
  if (seen.size !== points.length || total !== points.length || parts.some((p) => p.length === 0)) {
    throw new StoreError(`${what}: expected every one of ${points.length} doors in exactly one non-empty turf, found ${total} placements of ${seen.size} doors`);
  }
}

/** The area's points cut into turfs, in the algorithm's numbering, doors in walking order. */
export function cutPoints(points: readonly StoredPoint[], options: { target: number; tolerance: number; sides: Sides }): StoredPoint[][] {
  const byId = new Map(points.map((p) => [p.id, p]));
  const cut = cutTurfs(points, options);
  const pointOf = (id: number): StoredPoint => {
    const p = byId.get(id);
    if (!p) throw new StoreError(`cut turfs: the algorithm returned door ${id}, which it was not given`);
    return p;
  };
  const turfs = [...cut.turfs].sort((a, b) => a.number - b.number).map((t) => t.addressIds.map(pointOf));
  checkPartition(points, turfs, 'cut turfs');
  return turfs;
}

/** One turf's points re-ordered for walking. */
export function walkPoints(points: readonly StoredPoint[], sides: Sides = 'zig-zag'): StoredPoint[] {
  return walkTurf(points, sides);
}

/** One turf's points split into `parts` turfs, each in walking order. */
export function splitPoints(points: readonly StoredPoint[], parts: number, sides: Sides = 'zig-zag'): StoredPoint[][] {
  const pieces = splitTurf(points, parts, sides);
  checkPartition(points, pieces, 'split turf');
  return pieces;
}
