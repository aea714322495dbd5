// Walk-order measurements for the field benchmark: time on 300-door turfs (median of several), and the
// gap to the exact optimum (Held–Karp, the same optimum as trying every permutation) on turfs of 4–9
// doors, each side by side with nearest neighbour alone.
import { createRandom } from '../../src/core/random';
import { bisect } from '../../src/field/turfs/bisect';
import { exactPath } from '../../src/field/turfs/exact';
import { projector } from '../../src/field/turfs/geo';
import { pathCost } from '../../src/field/turfs/path-search';
import { costMatrix, matrixCost, walkOrder } from '../../src/field/turfs/walk';
import type { Sides } from '../../src/field/turfs/walk';
import type { TownAddress } from '../../src/field/synthetic/town';
import { nearestNeighbourWalk } from './baseline';

export const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] ?? Number.NaN;
const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / Math.max(v.length, 1);

/** CPU milliseconds (user + system) and wall milliseconds of fn. */
export function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

function plane(addresses: readonly TownAddress[]): { x: Float64Array; y: Float64Array } {
  const project = projector(addresses[0]!.lat, addresses[0]!.lon);
  const xy = addresses.map((a) => project(a.lat, a.lon));
  return { x: Float64Array.from(xy, (p) => p[0]), y: Float64Array.from(xy, (p) => p[1]) };
}

export interface BigWalks {
  readonly sides: Sides;
  readonly turfs: number;
  readonly medianMs: number;
  readonly medianCpuMs: number;
  readonly maxMs: number;
  readonly baselineMedianMs: number;
  /** Walk length relative to nearest neighbour alone (< 1: shorter). */
  readonly lengthVsBaseline: number;
}

/** `count` turfs of 300 address points (bisection of the town with every point weighing 1). */
export function bigTurfs(addresses: readonly TownAddress[], count: number): TownAddress[][] {
  const { x, y } = plane(addresses);
  const parts = bisect({ x, y, w: new Float64Array(addresses.length).fill(1) }, addresses.map((_, i) => i), Math.floor(addresses.length / 300));
  const step = Math.max(1, Math.floor(parts.length / count));
  return parts.filter((_, i) => i % step === 0).slice(0, count).map((p) => p.slice(0, 300).map((i) => addresses[i]!));
}

export function timeBigWalks(turfs: readonly TownAddress[][], sides: Sides): BigWalks {
  walkOrder(turfs[0]!, { sides }); // warm-up: the first call compiles
  const runs = turfs.map((t) => {
    const ours = timed(() => walkOrder(t, { sides }));
    const base = timed(() => nearestNeighbourWalk(t, sides));
    const cost = matrixCost(costMatrix(t, { sides }), t.length);
    return { ms: ours.ms, cpuMs: ours.cpuMs, baseMs: base.ms, ratio: pathCost(ours.value.order, cost) / pathCost(base.value, cost) };
  });
  return {
    sides,
    turfs: turfs.length,
    medianMs: median(runs.map((r) => r.ms)),
    medianCpuMs: median(runs.map((r) => r.cpuMs)),
    maxMs: Math.max(...runs.map((r) => r.ms)),
    baselineMedianMs: median(runs.map((r) => r.baseMs)),
    lengthVsBaseline: mean(runs.map((r) => r.ratio)),
  };
}

export interface SmallGaps {
  readonly sides: Sides;
  readonly instances: number;
  readonly meanGap: number;
  readonly worstGap: number;
  readonly optimal: number;
  readonly baselineMeanGap: number;
  readonly baselineWorstGap: number;
}

/** Instances of 4–9 doors: a random address and its nearest neighbours in the same block. */
export function smallTurfs(addresses: readonly TownAddress[], count: number, seed: number): TownAddress[][] {
  const random = createRandom(seed);
  const { x, y } = plane(addresses);
  return Array.from({ length: count }, (_, k) => {
    const c = random.int(addresses.length);
    const near: [number, number][] = [];
    for (let i = 0; i < addresses.length; i++) {
      const d = Math.hypot(x[i]! - x[c]!, y[i]! - y[c]!);
      if (d < 250 && addresses[i]!.block === addresses[c]!.block) near.push([d, i]);
    }
    // Every other near door, so that instances cover a few streets rather than one row.
    near.sort((a, b) => a[0] - b[0]);
    return near.filter((_, j) => j % 3 === 0).slice(0, 4 + (k % 6)).map(([, i]) => addresses[i]!);
  });
}

export function smallGaps(instances: readonly TownAddress[][], sides: Sides): SmallGaps {
  const ours: number[] = [];
  const base: number[] = [];
  for (const points of instances) {
    const cost = matrixCost(costMatrix(points, { sides }), points.length);
    const best = exactPath(points.length, cost).cost;
    ours.push(pathCost(walkOrder(points, { sides }).order, cost) / best - 1);
    base.push(pathCost(nearestNeighbourWalk(points, sides), cost) / best - 1);
  }
  return {
    sides,
    instances: instances.length,
    meanGap: mean(ours),
    worstGap: Math.max(...ours),
    optimal: ours.filter((g) => g < 1e-9).length / ours.length,
    baselineMeanGap: mean(base),
    baselineWorstGap: Math.max(...base),
  };
}

export interface LongSearchGap {
  readonly sides: Sides;
  readonly turfs: number;
  readonly meanGap: number;
  readonly worstGap: number;
}

/** Walks of real-sized turfs against a much longer search (every extreme start, 100 kicks each). */
export function longSearchGap(turfs: readonly TownAddress[][], sides: Sides): LongSearchGap {
  const gaps = turfs.map((t) => {
    const cost = matrixCost(costMatrix(t, { sides }), t.length);
    const long = pathCost(walkOrder(t, { sides, effort: { starts: 4, kicks: 100 } }).order, cost);
    return pathCost(walkOrder(t, { sides }).order, cost) / long - 1;
  });
  return { sides, turfs: turfs.length, meanGap: mean(gaps), worstGap: Math.max(...gaps) };
}
