import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random';
import { zeroMask } from './dense';
import { unitFlow, unitFlowWorkspace } from './unit-flow';

function randomUnit(seed: number, R: number, C: number) {
  const rnd = createRandom(seed);
  const x = Array.from({ length: R }, () => rnd.int(200));
  const total = x.reduce((s, v) => s + v, 0);
  const w = Array.from({ length: C }, () => rnd.next());
  const y = w.map((v) => (v / w.reduce((s, a) => s + a, 0)) * total);
  const p = new Float64Array(R * C);
  for (let r = 0; r < R; r++) {
    const row = Array.from({ length: C }, () => rnd.next());
    row.forEach((v, c) => (p[r * C + c] = v / row.reduce((s, a) => s + a, 0)));
  }
  return { x, y, p };
}

describe('unitFlow', () => {
  it('meets the unit margins at the least L1 change from the global matrix (Σ_c |gap_c|)', () => {
    const R = 5;
    const C = 4;
    const w = unitFlowWorkspace(R, C);
    for (let seed = 1; seed <= 30; seed++) {
      const { x, y, p } = randomUnit(seed, R, C);
      const out = new Float64Array(R * C);
      expect(unitFlow(w, x, y, p, zeroMask(R, C), out)).toBeLessThan(1e-6);
      for (let r = 0; r < R; r++) expect(out.subarray(r * C, r * C + C).reduce((s, v) => s + v, 0)).toBeCloseTo(x[r]!, 6);
      let lowerBound = 0;
      for (let c = 0; c < C; c++) {
        let col = 0;
        let fit = 0;
        for (let r = 0; r < R; r++) {
          col += out[r * C + c]!;
          fit += x[r]! * p[r * C + c]!;
        }
        expect(col).toBeCloseTo(y[c]!, 6);
        lowerBound += Math.abs(y[c]! - fit);
      }
      const cost = out.reduce((s, v, k) => s + Math.abs(v - x[Math.floor(k / C)]! * p[k]!), 0);
      expect(cost).toBeCloseTo(lowerBound, 6);
      out.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    }
  });

  it('routes around structural zeros (longer paths) and keeps them at zero', () => {
    // Row 1 may not go to column 2; column 2 needs more votes, column 0 has too many, and only row 1
    // holds column-0 votes: they must move to column 1, and row 0's column-1 votes to column 2.
    const x = [10, 10];
    const y = [0, 10, 10];
    const p = Float64Array.from([0, 1, 0, 1, 0, 0]);
    const zeros = zeroMask(2, 3, [[1, 2]]);
    const out = new Float64Array(6);
    expect(unitFlow(unitFlowWorkspace(2, 3), x, y, p, zeros, out)).toBeLessThan(1e-9);
    expect(Array.from(out)).toEqual([0, 0, 10, 0, 10, 0]);
  });
});
