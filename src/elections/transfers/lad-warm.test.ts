import { describe, expect, it } from 'vitest';
import { zeroMask } from './dense';
import { firstCrossing } from './lad-select';
import { solveLad } from './lad-simplex';
import { solveLadWarm } from './lad-warm';
import { randomMatrix, syntheticInput } from './synthetic.test-helper';

function problem(seed: number, units: number, R: number, C: number, spread: number, zeros: [number, number][] = []) {
  const { input } = syntheticInput(seed, units, randomMatrix(seed + 1, R, C, zeros), spread);
  // Integer counts, so that the problem is a real election's (and degenerate ties can occur).
  const y = input.y.map((yi) => yi.map(Math.round));
  y.forEach((yi, i) => (yi[0] = yi[0]! + input.x[i]!.reduce((s, v) => s + v, 0) - yi.reduce((s, v) => s + v, 0)));
  return {
    units,
    rows: R,
    cols: C,
    x: Float64Array.from(input.x.flat()),
    y: Float64Array.from(y.flat()),
    zeros: zeroMask(R, C, zeros),
    start: Array.from({ length: R }, (_, r) => (zeros.some(([zr, zc]) => zr === r && zc === 0) ? 1 : 0)),
  };
}

describe('solveLadWarm', () => {
  it('reaches the same optimum as the cold simplex (subsample start, restricted observations)', () => {
    const pr = problem(31, 7000, 5, 4, 0.5, [[4, 3]]);
    const warm = solveLadWarm(pr);
    const cold = solveLad(pr);
    expect(warm.status).toBe('optimal');
    expect(cold.status).toBe('optimal');
    expect(warm.levels.length).toBeGreaterThan(2);
    expect(Math.abs(warm.objective - cold.objective)).toBeLessThan(1e-7 * cold.objective);
    expect(warm.p[4 * 4 + 3]).toBeCloseTo(0, 12);
  });

  it('agrees with the cold simplex with a same-share column too', () => {
    const pr = { ...problem(35, 6000, 5, 4, 0.4, [[4, 3]]), same: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]) };
    const warm = solveLadWarm(pr);
    const cold = solveLad(pr);
    expect(warm.status).toBe('optimal');
    expect(Math.abs(warm.objective - cold.objective)).toBeLessThan(1e-7 * cold.objective);
    for (let r = 1; r < 4; r++) expect(warm.p[r * 4 + 3]).toBeCloseTo(warm.p[3]!, 9);
  });

  it('takes a row with no voters anywhere without failing', () => {
    const pr = problem(33, 300, 4, 3, 0.3);
    for (let i = 0; i < pr.units; i++) pr.x[i * 4 + 2] = 0;
    const sol = solveLad({ ...pr, y: pr.y });
    expect(sol.status).not.toBe('singular-basis');
  });
});

describe('firstCrossing', () => {
  it('finds where the cumulative weight in order of t first reaches the need', () => {
    const t = Float64Array.from([5, 1, 3, 2, 4]);
    const w = Float64Array.from([1, 1, 1, 1, 1]);
    const id = Int32Array.from([0, 1, 2, 3, 4]);
    const k = firstCrossing(t, w, id, 5, 2.5);
    expect(t[k]).toBe(3);
    expect(id[k]).toBe(2);
    expect(firstCrossing(Float64Array.from([1]), Float64Array.from([1]), Int32Array.from([0]), 1, 2)).toBe(-1);
  });
});
