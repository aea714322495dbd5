import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { createRandom } from '../../core/random';
import { syntheticTown } from '../synthetic/town';
import { cutTurfs, splitTurf } from './cut';
import type { CutPoint } from './cut';
import { projector, unprojector } from './geo';

const town = syntheticTown({ addresses: 6000, seed: 3 });
const byId = new Map(town.addresses.map((a) => [a.id, a]));
const cut = cutTurfs(town.addresses);
const toXY = projector(50.63, 3.06);
const distance = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number => {
  const [ax, ay] = toXY(a.lat, a.lon);
  const [bx, by] = toXY(b.lat, b.lon);
  return Math.hypot(ax - bx, ay - by);
};

/** Whether the points are one piece when points within `reach` metres are linked. */
function connected(points: readonly CutPoint[], reach: number): boolean {
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length) {
    const i = stack.pop()!;
    points.forEach((q, j) => {
      if (seen.has(j) || distance(points[i]!, q) > reach) return;
      seen.add(j);
      stack.push(j);
    });
  }
  return seen.size === points.length;
}

describe('cutTurfs on a synthetic town', () => {
  it('puts every address in exactly one turf, numbered 1…n, never mixing blocks', () => {
    const ids = cut.turfs.flatMap((t) => t.addressIds);
    expect(ids.length).toBe(town.addresses.length);
    expect(new Set(ids).size).toBe(town.addresses.length);
    expect(cut.turfs.map((t) => t.number)).toEqual(cut.turfs.map((_, i) => i + 1));
    for (const t of cut.turfs) {
      expect(new Set(t.addressIds.map((id) => byId.get(id)!.block))).toEqual(new Set([t.block]));
      expect(t.doors).toBe(t.addressIds.reduce((s, id) => s + byId.get(id)!.doors, 0));
    }
    expect(cut.stats.doors).toBe(town.addresses.reduce((s, a) => s + a.doors, 0));
    // Each block's turfs are numbered in one run: the numbering never jumps back over a barrier.
    const runs = cut.turfs.filter((t, i) => i === 0 || t.block !== cut.turfs[i - 1]!.block).map((t) => t.block);
    expect(runs).toHaveLength(new Set(runs).size);
  });

  it('makes ≥ 90 % of turfs within ±25 % of the target, and reports it truthfully', () => {
    const within = cut.turfs.filter((t) => Math.abs(t.doors - 60) <= 15).length / cut.turfs.length;
    expect(cut.stats.withinTolerance).toBeCloseTo(within, 10);
    expect(within).toBeGreaterThanOrEqual(0.9);
    expect(cut.stats.minDoors).toBe(Math.min(...cut.turfs.map((t) => t.doors)));
    expect(cut.stats.maxDoors).toBe(Math.max(...cut.turfs.map((t) => t.doors)));
  });

  it('makes compact, contiguous turfs', () => {
    for (const t of cut.turfs) {
      const points = t.addressIds.map((id) => byId.get(id)!);
      // Streets are about 130 m apart: a turf in one piece has no gap wider than two blocks.
      expect(connected(points, 260)).toBe(true);
      expect(Math.max(...points.map((p) => distance(p, t)))).toBeLessThan(600);
    }
  });

  it('numbers turfs along a walk: consecutive turfs are close, far closer than in a random order', () => {
    const hops = (turfs: typeof cut.turfs): number => turfs.slice(1).reduce((s, t, i) => s + distance(t, turfs[i]!), 0);
    const random = createRandom(1);
    const shuffled = [...cut.turfs].sort(() => random.next() - 0.5);
    expect(hops(cut.turfs)).toBeLessThan(0.2 * hops(shuffled));
    expect(hops(cut.turfs) / (cut.turfs.length - 1)).toBeLessThan(400);
  });

  it('walks each turf in a short order (far shorter than by id)', () => {
    const metres = (ids: number[]): number => ids.slice(1).reduce((s, id, i) => s + distance(byId.get(id)!, byId.get(ids[i]!)!), 0);
    const walked = cut.turfs.reduce((s, t) => s + metres(t.addressIds), 0);
    const byIdOrder = cut.turfs.reduce((s, t) => s + metres([...t.addressIds].sort((a, b) => a - b)), 0);
    expect(walked).toBeCloseTo(cut.stats.metres, 0);
    expect(walked).toBeLessThan(0.8 * byIdOrder);
  });

  it('is deterministic', () => {
    const small = town.addresses.slice(0, 400);
    expect(cutTurfs(small, { sides: 'round-trip' })).toEqual(cutTurfs(small, { sides: 'round-trip' }));
  });
});

const toLatLon = unprojector(48.85, 2.35);
/** A row of n houses 15 m apart. */
const row = (n: number, extra: Partial<CutPoint> = {}, firstId = 1): CutPoint[] =>
  Array.from({ length: n }, (_, i) => {
    const [lat, lon] = toLatLon(i * 15, 0);
    return { id: firstId + i, lat, lon, doors: 1, ...extra };
  });

describe('cutTurfs edge cases', () => {
  it('makes a point with more doors than the target a turf of its own, and a small block one turf', () => {
    const [lat, lon] = toLatLon(300, 0);
    const points = [...row(120), { id: 500, lat, lon, doors: 80 }, ...row(20, { block: 'island' }, 1000)];
    const { turfs, stats } = cutTurfs(points);
    expect(turfs.find((t) => t.addressIds.includes(500))!.addressIds).toEqual([500]);
    expect(turfs.filter((t) => t.block === 'island').map((t) => t.doors)).toEqual([20]);
    expect(stats.oversized).toBe(1);
    expect(turfs.filter((t) => t.block == null && t.doors < 80).map((t) => t.doors)).toEqual([60, 60]);
  });

  it('returns no turfs for no points', () => {
    expect(cutTurfs([])).toMatchObject({ turfs: [], stats: { turfs: 0, doors: 0 } });
  });

  it('refuses bad input with an InputError naming the point', () => {
    const bad = (patch: Partial<CutPoint>): CutPoint[] => [...row(3), { ...row(1)[0]!, id: 42, ...patch }];
    expect(() => cutTurfs(bad({ lat: Number.NaN }))).toThrow(/point 42: lat/);
    expect(() => cutTurfs(bad({ lon: 200 }))).toThrow(/point 42: lon/);
    expect(() => cutTurfs(bad({ doors: 0 }))).toThrow(/point 42: doors .* found 0/);
    expect(() => cutTurfs(bad({ doors: 2.5 }))).toThrow(InputError);
    expect(() => cutTurfs([...row(3), ...row(1)])).toThrow(/point 1: id given twice/);
    expect(() => cutTurfs(row(3), { target: 0 })).toThrow(/target .* found 0/);
    expect(() => cutTurfs(row(3), { tolerance: 1.5 })).toThrow(InputError);
    expect(() => cutTurfs(row(3), { sides: 'both' as 'zig-zag' })).toThrow(/sides/);
  });
});

describe('splitTurf', () => {
  it('splits a turf into compact pieces of near-equal doors, each in walking order', () => {
    const pieces = splitTurf(row(90), 3);
    expect(pieces.map((p) => p.length)).toEqual([30, 30, 30]);
    for (const piece of pieces) {
      const ids = piece.map((p) => p.id);
      const sorted = [...ids].sort((a, b) => a - b);
      expect([sorted, [...sorted].reverse()]).toContainEqual(ids);
      expect(sorted[sorted.length - 1]! - sorted[0]!).toBe(29);
    }
  });

  it('refuses a number of parts it cannot make', () => {
    expect(() => splitTurf(row(4), 5)).toThrow(/parts .* 4 points; found 5/);
    expect(() => splitTurf(row(4), 0)).toThrow(InputError);
    expect(splitTurf(row(4), 1)).toHaveLength(1);
  });
});
