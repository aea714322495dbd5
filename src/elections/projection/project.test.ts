import { describe, expect, it } from 'vitest';
import { projectSecondRound } from './project';

const matrix = [
  [0.8, 0.1, 0.1],
  [0.1, 0.7, 0.2],
  [0.05, 0.05, 0.9],
];
const ci95 = matrix.map((row) => row.map((p) => [Math.max(0, p - 0.05), Math.min(1, p + 0.05)] as [number, number]));

describe('projectSecondRound', () => {
  const input = {
    units: ['u1', 'u2'],
    x: [
      [600, 300, 100],
      [100, 700, 200],
    ],
    cols: ['A', 'B', 'ABSTENTION'],
    matrix,
    ci95,
    counted: [true, true, false],
    draws: 500,
    seed: 7,
  };
  it('gives x·P per unit and in total, with intervals around it', () => {
    const p = projectSecondRound(input);
    expect(p.units[0]!.votes[0]).toBeCloseTo(600 * 0.8 + 300 * 0.1 + 100 * 0.05);
    expect(p.total.votes[1]).toBeCloseTo(600 * 0.1 + 300 * 0.7 + 100 * 0.05 + 100 * 0.1 + 700 * 0.7 + 200 * 0.05);
    for (const f of [p.total, ...p.units]) {
      f.votes.forEach((v, c) => {
        expect(f.lo[c]).toBeLessThanOrEqual(v);
        expect(f.hi[c]).toBeGreaterThanOrEqual(v);
      });
      expect(f.share[2]).toBe(0);
      expect(f.share[0]! + f.share[1]!).toBeCloseTo(1);
    }
    expect(p.units[0]!.winProbability[0]).toBeGreaterThan(0.95);
    expect(p.units[1]!.winProbability[1]).toBeGreaterThan(0.95);
  });
  it("keeps a unit's near-empty cell near its estimate: its own matrix moves in proportion, and every interval holds its estimate", () => {
    const own = [
      [0.999, 0.001, 0],
      [0.1, 0.7, 0.2],
      [0.05, 0.05, 0.9],
    ];
    const wide = matrix.map((row) => row.map((p) => [Math.max(0, p - 0.2), Math.min(1, p + 0.2)] as [number, number]));
    const p = projectSecondRound({ ...input, x: [[600, 0, 0], [100, 700, 200]], ci95: wide, unitMatrices: [own, matrix], draws: 2000 });
    for (const f of [p.total, ...p.units]) {
      f.votes.forEach((v, c) => expect(f.lo[c]! <= v && v <= f.hi[c]!, `col ${c}: ${f.lo[c]} ≤ ${v} ≤ ${f.hi[c]}`).toBe(true));
      f.share.forEach((v, c) => expect(f.shareLo[c]! <= v && v <= f.shareHi[c]!).toBe(true));
    }
    // Unit u1's A voters never abstain in its own matrix: no draw of the whole matrix's ±0.2 makes them.
    expect(p.units[0]!.hi[2]!).toBeLessThan(1);
  });

  it('shares a tie among those tied, and gives a unit without votes no winner', () => {
    const split = [
      [1, 0, 0],
      [0, 1, 0],
      [0.5, 0.5, 0],
    ];
    const p = projectSecondRound({ ...input, units: ['tie', 'empty', 'lead'], x: [[1, 1, 0], [0, 0, 0], [10, 20, 5]], matrix: split, ci95: null });
    expect(p.units.map((u) => u.winProbability)).toEqual([[0.5, 0.5, 0], [0, 0, 0], [0, 1, 0]]);
  });
  it('is reproducible from its seed, and narrower with an exact matrix', () => {
    expect(projectSecondRound(input)).toEqual(projectSecondRound(input));
    const exact = projectSecondRound({ ...input, ci95: null });
    const widthExact = exact.total.hi[0]! - exact.total.lo[0]!;
    const widthUncertain = projectSecondRound(input).total.hi[0]! - projectSecondRound(input).total.lo[0]!;
    expect(widthExact).toBeLessThan(widthUncertain);
    expect(exact.method).toMatch(/matrix exact/);
  });
  it('uses per-unit matrices for each unit when given', () => {
    const flip = [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    const p = projectSecondRound({ ...input, ci95: null, unitMatrices: [flip, matrix] });
    expect(p.units[0]!.votes).toEqual([300, 600, 100]);
  });
  it('refuses a matrix whose rows are not shares, or counts of the wrong length', () => {
    expect(() => projectSecondRound({ ...input, matrix: [[0.5, 0.4, 0.4], ...matrix.slice(1)] })).toThrow(/row 0 must be shares/);
    expect(() => projectSecondRound({ ...input, x: [[1, 2]] , units: ['u1'] })).toThrow(/unit u1 has 2 counts, expected 3/);
  });
});
