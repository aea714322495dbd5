// The simple methods the field benchmark runs side by side with cutTurfs and walkOrder: walk order by
// nearest neighbour alone (no 2-opt, no or-opt), and turfs as the cells of a square grid whose size
// makes the mean cell hold the target (the naive cutter), each walked by nearest neighbour.
import { projector } from '../../src/field/turfs/geo';
import { nearestNeighbour } from '../../src/field/turfs/path-search';
import { costMatrix, matrixCost, walkMetres } from '../../src/field/turfs/walk';
import type { CutPoint } from '../../src/field/turfs/cut';
import type { Sides, WalkPoint } from '../../src/field/turfs/walk';

/** Nearest neighbour from the westernmost door. */
export function nearestNeighbourWalk(points: readonly WalkPoint[], sides: Sides = 'zig-zag'): number[] {
  if (points.length === 0) return [];
  const start = points.reduce((best, p, i) => (p.lon < points[best]!.lon ? i : best), 0);
  return nearestNeighbour(points.length, matrixCost(costMatrix(points, { sides }), points.length), start);
}

export interface GridTurf {
  readonly doors: number;
  readonly addressIds: number[];
  readonly metres: number;
}

/** Cells of side `side` metres (per block), in row-major order. */
function cells(points: readonly CutPoint[], side: number): CutPoint[][] {
  const project = projector(points[0]!.lat, points[0]!.lon);
  const map = new Map<string, CutPoint[]>();
  for (const p of points) {
    const [x, y] = project(p.lat, p.lon);
    const key = `${p.block ?? ''}|${Math.floor(y / side)}|${Math.floor(x / side)}`;
    const cell = map.get(key);
    if (cell) cell.push(p);
    else map.set(key, [p]);
  }
  return [...map.values()];
}

/** The grid cutter: the cell size found by bisection so that the mean non-empty cell has `target` doors. */
export function gridTurfs(points: readonly CutPoint[], target: number): GridTurf[] {
  const doors = points.reduce((s, p) => s + p.doors, 0);
  let [lo, hi] = [10, 5_000];
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (doors / cells(points, mid).length < target) lo = mid;
    else hi = mid;
  }
  return cells(points, (lo + hi) / 2).map((cell) => {
    const order = nearestNeighbourWalk(cell);
    return { doors: cell.reduce((s, p) => s + p.doors, 0), addressIds: order.map((i) => cell[i]!.id), metres: walkMetres(cell, order) };
  });
}
