import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { createRandom } from '../../core/random';
import type { Random } from '../../core/random';
import { exactPath } from './exact';
import { unprojector } from './geo';
import { improvePath, nearestNeighbour, neighboursFromMatrix, pathCost } from './path-search';
import { costMatrix, matrixCost, walkOrder, walkTurf } from './walk';
import type { Sides, WalkPoint } from './walk';

const toLatLon = unprojector(45.76, 4.84);

/** Doors scattered over a few short streets (both sides), within about 150 m. */
function instance(random: Random, n: number): WalkPoint[] {
  return Array.from({ length: n }, (_, i) => {
    const street = random.int(2);
    const along = random.next() * 150;
    const side = random.int(2);
    const across = (side ? 6 : -6) + street * 80;
    const [lat, lon] = street === 0 ? toLatLon(along, across) : toLatLon(across, along);
    return { id: i + 1, lat, lon, street: `Rue ${street}`, number: String(2 * random.int(40) + (side ? 1 : 0)) };
  });
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** A straight street of `n` houses a side, odd numbers at y = +6 m, even at y = −6 m, 15 m apart. */
function street(n: number): WalkPoint[] {
  return Array.from({ length: 2 * n }, (_, i) => {
    const k = Math.floor(i / 2);
    const odd = i % 2 === 0;
    const [lat, lon] = toLatLon(k * 15, odd ? 6 : -6);
    return { id: i + 1, lat, lon, street: 'Rue de la Paix', number: String(2 * k + (odd ? 1 : 2)) };
  });
}

const crossings = (points: readonly WalkPoint[]): number =>
  points.slice(1).filter((p, i) => Number(p.number) % 2 !== Number(points[i]!.number) % 2).length;

describe('exactPath', () => {
  it('finds the same optimum as trying every permutation', () => {
    const random = createRandom(3);
    for (let t = 0; t < 20; t++) {
      const points = instance(random, 3 + (t % 5));
      const cost = matrixCost(costMatrix(points), points.length);
      const brute = Math.min(...permutations(points.map((_, i) => i)).map((p) => pathCost(p, cost)));
      const exact = exactPath(points.length, cost);
      expect(exact.cost).toBeCloseTo(brute, 6);
      expect(pathCost(exact.order, cost)).toBeCloseTo(brute, 6);
      expect([...exact.order].sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
    }
  });
});

describe('walkOrder', () => {
  for (const sides of ['zig-zag', 'round-trip'] as Sides[]) {
    it(`stays within 5 % of the optimum on 400 small turfs (${sides})`, () => {
      const random = createRandom(sides === 'zig-zag' ? 11 : 12);
      const gaps: number[] = [];
      for (let t = 0; t < 400; t++) {
        const points = instance(random, 4 + (t % 6));
        const cost = matrixCost(costMatrix(points, { sides }), points.length);
        const found = pathCost(walkOrder(points, { sides }).order, cost);
        const best = exactPath(points.length, cost).cost;
        expect(found).toBeGreaterThanOrEqual(best - 1e-6);
        gaps.push(found / best - 1);
      }
      expect(Math.max(...gaps)).toBeLessThanOrEqual(0.05);
    });
  }

  it('walks a row of doors given out of order from one end to the other, western end first', () => {
    const random = createRandom(4);
    const row = Array.from({ length: 30 }, (_, i) => ({ id: i, ...Object.fromEntries([['lat', 0], ['lon', 0]]) })).map((p, i) => {
      const [lat, lon] = toLatLon(i * 12, 0);
      return { ...p, lat, lon };
    });
    const shuffled = [...row].sort(() => random.next() - 0.5);
    expect(walkTurf(shuffled).map((p) => p.id)).toEqual(row.map((p) => p.id));
  });

  it('starts at the end nearer to `from`', () => {
    const doors = street(10);
    const [lat, lon] = toLatLon(500, 0);
    const { order } = walkOrder(doors, { from: { lat, lon } });
    expect(doors[order[0]!]!.number).toMatch(/^(19|20)$/);
  });

  it('zig-zags across a quiet street but walks one side out and the other back in round-trip mode', () => {
    const doors = street(15);
    const zig = walkTurf(doors, 'zig-zag');
    const round = walkTurf(doors, 'round-trip');
    expect(crossings(zig)).toBeGreaterThan(10);
    expect(crossings(round)).toBe(1);
    const firstSide = round.slice(0, 15).map((p) => Number(p.number));
    expect(new Set(firstSide.map((n) => n % 2)).size).toBe(1);
    const sorted = [...firstSide].sort((a, b) => a - b);
    expect([sorted, [...sorted].reverse()]).toContainEqual(firstSide);
  });

  it('never makes the nearest-neighbour path longer, and keeps every door exactly once', () => {
    const random = createRandom(8);
    for (let t = 0; t < 30; t++) {
      const points = instance(random, 40);
      const cost = matrixCost(costMatrix(points), points.length);
      const nn = nearestNeighbour(points.length, cost, 0);
      const improved = improvePath([...nn], cost, neighboursFromMatrix(costMatrix(points), points.length, 10));
      expect(pathCost(improved, cost)).toBeLessThanOrEqual(pathCost(nn, cost) + 1e-9);
      expect([...improved].sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
    }
  });

  it('handles empty and one-door turfs, and refuses an unknown sides mode', () => {
    expect(walkOrder([])).toEqual({ order: [], metres: 0 });
    expect(walkOrder(street(1).slice(0, 1)).order).toEqual([0]);
    expect(() => walkTurf(street(2), 'both' as Sides)).toThrow(InputError);
  });
});
