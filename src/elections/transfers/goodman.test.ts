import { describe, expect, it } from 'vitest';
import { duncanDavisBounds } from './bounds';
import { goodman } from './goodman';
import { randomMatrix, syntheticInput } from './synthetic.test-helper';

describe('goodman', () => {
  it('recovers the matrix exactly when every unit shares it', () => {
    const truth = randomMatrix(1, 5, 4);
    const { input } = syntheticInput(2, 300, truth);
    const res = goodman(input);
    res.matrix.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - truth[r]![c]!)).toBeLessThan(1e-6)));
    expect(res.diagnostics.converged).toBe(true);
    res.ci95!.forEach((row, r) => row.forEach(([lo, hi], c) => {
      expect(lo).toBeLessThanOrEqual(truth[r]![c]! + 1e-6);
      expect(hi).toBeGreaterThanOrEqual(truth[r]![c]! - 1e-6);
      // Shares, never past 0 or 1 by rounding.
      expect(lo >= 0 && hi <= 1).toBe(true);
    }));
  });

  it('gives the same matrix whatever the number of votes (a nation-wide file: units of ~10⁷ votes)', () => {
    const { input } = syntheticInput(8, 400, randomMatrix(9, 4, 3), 0.6);
    const small = goodman(input, { replicates: 0 });
    const big = goodman({ ...input, x: input.x.map((r) => r.map((v) => v * 30_000)), y: input.y.map((r) => r.map((v) => v * 30_000)) }, { replicates: 0 });
    expect(big.diagnostics.converged).toBe(true);
    expect(big.diagnostics.warning).toBeUndefined();
    big.matrix.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(small.matrix[r]![c]!, 9)));
  });

  it('gives a row with no voters the widest intervals, not a certain even split', () => {
    const { input } = syntheticInput(8, 400, randomMatrix(9, 4, 3), 0.6);
    // The last row's voters taken out of every unit, and round 2 scaled to the new totals.
    const x = input.x.map((r) => [...r.slice(0, 3), 0]);
    const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
    const y = input.y.map((yi, i) => yi.map((v) => (v * sum(x[i]!)) / sum(yi)));
    const res = goodman({ ...input, x, y }, { seed: 1 });
    expect(res.diagnostics.emptyRows).toEqual([input.rows[3]]);
    expect(res.ci95![3]).toEqual(input.cols.map(() => [0, 1]));
    expect(res.ci95![0]!.every(([lo, hi]) => hi - lo < 1)).toBe(true);
  });

  it('gives bootstrap intervals around the estimate, the same for the same seed, none when asked', () => {
    const { input } = syntheticInput(8, 400, randomMatrix(9, 4, 3), 0.6);
    const res = goodman(input, { seed: 5 });
    res.ci95!.forEach((row, r) => row.forEach(([lo, hi], c) => {
      expect(lo).toBeLessThanOrEqual(res.matrix[r]![c]! + 1e-9);
      expect(hi).toBeGreaterThanOrEqual(res.matrix[r]![c]! - 1e-9);
      expect(hi - lo).toBeLessThan(0.3);
    }));
    expect(goodman(input, { seed: 5 }).ci95).toEqual(res.ci95);
    expect(goodman(input, { replicates: 0 }).ci95).toBeNull();
    expect(goodman({ ...input, units: input.units.slice(0, 5), x: input.x.slice(0, 5), y: input.y.slice(0, 5) }).ci95).toBeNull();
  });

  it('keeps rows on the simplex and structural zeros at zero on noisy data', () => {
    const zeros: [number, number][] = [[4, 3], [0, 1]];
    const truth = randomMatrix(3, 5, 4, zeros);
    const { input } = syntheticInput(4, 200, truth, 0.6);
    const res = goodman({ ...input, structuralZeros: zeros });
    for (const row of res.matrix) {
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      row.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    }
    expect(res.matrix[4]![3]).toBe(0);
    expect(res.matrix[0]![1]).toBe(0);
    const rowTotals = input.x.reduce((t, xi) => t.map((v, r) => v + xi[r]!), [0, 0, 0, 0, 0]);
    res.votes.forEach((row, r) => expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(rowTotals[r]!, 6));
  });

  it('hits the simplex boundary where the unconstrained fit would go negative', () => {
    const truth = [[1, 0, 0], [0, 0.5, 0.5], [0.2, 0.8, 0]];
    const { input } = syntheticInput(5, 100, truth, 0.9);
    const res = goodman(input);
    res.matrix.flat().forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
  });

  it("gives rows that sum to 1 within 1e-12, and votes that sum to each row's voters, when the fit is underdetermined (one unit)", () => {
    const res = goodman({ rows: ['A', 'B', 'C'], cols: ['X', 'Y'], units: ['u1'], x: [[10, 20, 30]], y: [[30, 30]] });
    res.matrix.forEach((row) => expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12));
    res.votes.forEach((row, r) => expect(Math.abs(row.reduce((s, v) => s + v, 0) - [10, 20, 30][r]!)).toBeLessThan(1e-10));
  });
});

describe('duncanDavisBounds', () => {
  it('contains the true aggregate shares on heterogeneous data', () => {
    const truth = randomMatrix(6, 4, 3);
    const { input, unitVotes } = syntheticInput(7, 150, truth, 0.8);
    const { shares, votes } = duncanDavisBounds(input);
    const R = 4;
    const C = 3;
    for (let r = 0; r < R; r++) {
      const rowTotal = input.x.reduce((s, xi) => s + xi[r]!, 0);
      for (let c = 0; c < C; c++) {
        const trueVotes = unitVotes.reduce((s, t) => s + t[r]![c]!, 0);
        expect(votes[r]![c]![0]).toBeLessThanOrEqual(trueVotes + 1e-6);
        expect(votes[r]![c]![1]).toBeGreaterThanOrEqual(trueVotes - 1e-6);
        expect(shares[r]![c]![0]).toBeLessThanOrEqual(trueVotes / rowTotal + 1e-9);
        expect(shares[r]![c]![1]).toBeGreaterThanOrEqual(trueVotes / rowTotal - 1e-9);
      }
    }
  });

  it('gives the deterministic bounds of a single unit', () => {
    const b = duncanDavisBounds({ rows: ['a', 'b'], cols: ['A', 'B'], units: ['u'], x: [[60, 40]], y: [[70, 30]] });
    expect(b.votes[0]![0]).toEqual([30, 60]);
    expect(b.votes[1]![1]).toEqual([0, 30]);
    expect(b.shares[0]![0]![0]).toBeCloseTo(0.5, 12);
  });
});
