import { InputError } from '../../core/errors';
import { bisect } from './bisect';
import type { Plane } from './bisect';
import { centroid, projector } from './geo';
import type { LatLon } from './geo';
import { orderTurfs } from './order';
import { checkSides, walkOrder } from './walk';
import type { Sides, WalkPoint } from './walk';

/**
 * Cutting an area's address points into turfs: about `target` doors each (doors = households, so a
 * block of 24 flats weighs 24), contiguous and compact, never across a block boundary (river, railway,
 * main road), numbered in walking order, with the doors of each turf in walking order.
 *
 * Method: within each block, recursive balanced bisection along the longest axis (bisect.ts) into
 * round(doors / target) parts, so every part is a convex cell's points; a point with more doors than
 * the target is a turf on its own. Turfs are numbered along a walk over their centres (order.ts).
 */
export interface CutPoint extends WalkPoint {
  readonly doors: number;
  readonly block?: string | null;
}

export interface CutOptions {
  readonly target?: number;
  /** Size tolerance reported on: the share of turfs within ±tolerance × target doors. */
  readonly tolerance?: number;
  readonly sides?: Sides;
}

export interface Turf {
  /** 1, 2, … in walking order. */
  readonly number: number;
  readonly block: string | null;
  readonly doors: number;
  /** Address ids in walking order. */
  readonly addressIds: number[];
  readonly lat: number;
  readonly lon: number;
  /** Length of the walk through the doors, metres. */
  readonly metres: number;
}

export interface CutStats {
  readonly target: number;
  readonly tolerance: number;
  readonly points: number;
  readonly doors: number;
  readonly blocks: number;
  readonly turfs: number;
  /** Share of turfs with |doors − target| ≤ tolerance × target. */
  readonly withinTolerance: number;
  readonly minDoors: number;
  readonly medianDoors: number;
  readonly maxDoors: number;
  /** Points with more doors than the target, each a turf of its own. */
  readonly oversized: number;
  readonly metres: number;
}

export interface Cut {
  readonly turfs: Turf[];
  readonly stats: CutStats;
}

/** Throws an InputError naming the first bad point or option. */
function validate(points: readonly CutPoint[], target: number, tolerance: number, sides: unknown): void {
  if (!(Number.isFinite(target) && target > 0)) throw new InputError(`target must be a number of doors > 0; found ${target}`);
  if (!(Number.isFinite(tolerance) && tolerance >= 0 && tolerance < 1)) throw new InputError(`tolerance must be a share in [0, 1); found ${tolerance}`);
  checkSides(sides);
  const seen = new Set<number>();
  for (const p of points) {
    const where = `point ${p.id}`;
    if (!Number.isFinite(p.id)) throw new InputError(`every point needs a numeric id; found ${JSON.stringify(p.id)}`);
    if (seen.has(p.id)) throw new InputError(`${where}: id given twice`);
    seen.add(p.id);
    if (!(Number.isFinite(p.lat) && Math.abs(p.lat) <= 90)) throw new InputError(`${where}: lat must be a finite number in [−90, 90]; found ${p.lat}`);
    if (!(Number.isFinite(p.lon) && Math.abs(p.lon) <= 180)) throw new InputError(`${where}: lon must be a finite number in [−180, 180]; found ${p.lon}`);
    if (!(Number.isInteger(p.doors) && p.doors >= 1)) throw new InputError(`${where}: doors must be a whole number ≥ 1; found ${p.doors}`);
  }
}

/** All points in metres around their centroid, weighted by doors. */
function planeOf(points: readonly CutPoint[]): Plane {
  const c = centroid(points);
  const project = projector(c.lat, c.lon);
  const x = new Float64Array(points.length);
  const y = new Float64Array(points.length);
  points.forEach((p, i) => ([x[i], y[i]] = project(p.lat, p.lon)));
  return { x, y, w: points.map((p) => p.doors) };
}

/** Groups of point indexes, one per turf, block by block. */
function groups(points: readonly CutPoint[], plane: Plane, target: number): number[][] {
  const blocks = new Map<string | null, number[]>();
  points.forEach((p, i) => {
    const key = p.block ?? null;
    const members = blocks.get(key);
    if (members) members.push(i);
    else blocks.set(key, [i]);
  });
  const out: number[][] = [];
  for (const members of blocks.values()) {
    const rest = members.filter((i) => points[i]!.doors <= target);
    for (const i of members) if (points[i]!.doors > target) out.push([i]);
    if (rest.length === 0) continue;
    const doors = rest.reduce((s, i) => s + points[i]!.doors, 0);
    out.push(...bisect(plane, rest, Math.max(1, Math.round(doors / target))));
  }
  return out;
}

export function cutTurfs(points: readonly CutPoint[], options: CutOptions = {}): Cut {
  const { target = 60, tolerance = 0.25, sides = 'zig-zag' } = options;
  validate(points, target, tolerance, sides);
  const plane = planeOf(points);
  const parts = groups(points, plane, target);
  const centres = parts.map((g) => ({
    x: g.reduce((s, i) => s + plane.x[i]!, 0) / g.length,
    y: g.reduce((s, i) => s + plane.y[i]!, 0) / g.length,
    block: points[g[0]!]!.block ?? null,
  }));
  const turfs: Turf[] = [];
  let from: LatLon | undefined;
  for (const k of orderTurfs(centres)) {
    const members = parts[k]!.map((i) => points[i]!);
    const walk = walkOrder(members, { sides, from });
    const doors = members.reduce((s, p) => s + p.doors, 0);
    turfs.push({ number: turfs.length + 1, block: members[0]!.block ?? null, doors, addressIds: walk.order.map((i) => members[i]!.id), ...centroid(members), metres: walk.metres });
    from = members[walk.order[walk.order.length - 1]!];
  }
  return { turfs, stats: cutStats(points, turfs, target, tolerance) };
}

function cutStats(points: readonly CutPoint[], turfs: readonly Turf[], target: number, tolerance: number): CutStats {
  const sizes = turfs.map((t) => t.doors).sort((a, b) => a - b);
  const within = sizes.filter((d) => Math.abs(d - target) <= tolerance * target + 1e-9).length;
  return {
    target,
    tolerance,
    points: points.length,
    doors: sizes.reduce((s, d) => s + d, 0),
    blocks: new Set(points.map((p) => p.block ?? null)).size,
    turfs: turfs.length,
    withinTolerance: turfs.length ? within / turfs.length : 1,
    minDoors: sizes[0] ?? 0,
    medianDoors: sizes.length ? sizes[Math.floor((sizes.length - 1) / 2)]! : 0,
    maxDoors: sizes[sizes.length - 1] ?? 0,
    oversized: points.filter((p) => p.doors > target).length,
    metres: turfs.reduce((s, t) => s + t.metres, 0),
  };
}

/**
 * One turf's points cut into `parts` compact pieces of near-equal doors (an organiser splitting a turf),
 * each in walking order.
 */
export function splitTurf<T extends CutPoint>(points: readonly T[], parts: number, sides: Sides = 'zig-zag'): T[][] {
  validate(points, 1, 0, sides);
  if (!(Number.isInteger(parts) && parts >= 1 && parts <= points.length)) {
    throw new InputError(`parts must be a whole number from 1 to the turf's ${points.length} points; found ${parts}`);
  }
  const pieces = bisect(planeOf(points), points.map((_, i) => i), parts);
  return pieces.map((piece) => {
    const members = piece.map((i) => points[i]!);
    return walkOrder(members, { sides }).order.map((i) => members[i]!);
  });
}
