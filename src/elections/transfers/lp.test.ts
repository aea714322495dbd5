import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lp } from './lp';
import { prepareTransfer } from './prepare';
import { randomMatrix, syntheticInput } from './synthetic.test-helper';

const sumRow = (row: readonly number[]): number => row.reduce((s, v) => s + v, 0);

describe('lp', () => {
  it('recovers the matrix exactly when every unit shares it', () => {
    const truth = randomMatrix(11, 6, 4);
    const { input } = syntheticInput(12, 400, truth);
    const res = lp(input);
    expect(res.diagnostics.status).toBe('optimal');
    expect(res.diagnostics.objective).toBeLessThan(1e-6);
    res.matrix.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - truth[r]![c]!)).toBeLessThan(1e-6)));
  });

  it('keeps rows on the simplex and structural zeros on noisy data', () => {
    const zeros: [number, number][] = [[5, 3], [1, 0]];
    const truth = randomMatrix(13, 6, 4, zeros);
    const { input } = syntheticInput(14, 300, truth, 0.7);
    const res = lp({ ...input, structuralZeros: zeros });
    res.matrix.forEach((row) => {
      expect(sumRow(row)).toBeCloseTo(1, 9);
      row.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    });
    expect(res.matrix[5]![3]).toBe(0);
    expect(res.matrix[1]![0]).toBe(0);
  });

  it('finds a minimum: no small feasible move lowers the sum of absolute errors', () => {
    const truth = randomMatrix(15, 3, 3);
    const { input } = syntheticInput(16, 60, truth, 0.5);
    const res = lp(input);
    const objective = (m: number[][]) =>
      input.x.reduce((s, xi, i) => s + input.cols.reduce((t, _, c) => t + Math.abs(input.y[i]![c]! - xi.reduce((u, v, r) => u + v * m[r]![c]!, 0)), 0), 0);
    const best = objective(res.matrix);
    expect(best).toBeCloseTo(res.diagnostics.objective as number, 6);
    for (let r = 0; r < 3; r++) {
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          if (a === b || res.matrix[r]![a]! < 1e-3) continue;
          const m = res.matrix.map((row) => [...row]);
          m[r]![a] = m[r]![a]! - 1e-3;
          m[r]![b] = m[r]![b]! + 1e-3;
          expect(objective(m)).toBeGreaterThanOrEqual(best - 1e-9);
        }
      }
    }
  });

  it('keeps a same-share column equal across rows (constant exit rate), exactly and on noisy data', () => {
    const zeros: [number, number][] = [[4, 3]];
    const truth = randomMatrix(21, 5, 3).map((row, r) => (r === 4 ? [...row, 0] : [...row.map((v) => v * 0.96), 0.04]));
    const exact = lp({ ...syntheticInput(22, 300, truth).input, structuralZeros: zeros, sameShareColumns: [3] });
    exact.matrix.forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - truth[r]![c]!)).toBeLessThan(1e-6)));
    const noisyInput = { ...syntheticInput(23, 300, truth, 0.5).input, structuralZeros: zeros, sameShareColumns: [3] };
    const noisy = lp(noisyInput);
    for (let r = 1; r < 4; r++) expect(noisy.matrix[r]![3]).toBeCloseTo(noisy.matrix[0]![3]!, 9);
    expect(noisy.matrix[4]![3]).toBe(0);
    // Per unit, each unit's own rate (so the refined aggregate need not be equal across rows).
    const refined = lp(noisyInput, { refine: true });
    refined.unitMatrices!.forEach((m, i) => {
      for (let c = 0; c < 4; c++) expect(noisyInput.x[i]!.reduce((s2, v, r) => s2 + v * m[r]![c]!, 0)).toBeCloseTo(noisyInput.y[i]![c]!, 6);
      for (let r = 1; r < 4; r++) expect(m[r]![3]).toBeCloseTo(m[0]![3]!, 9);
    });
  });

  it('shows a row option with no voters as even shares and lists it', () => {
    const input = { rows: ['a', 'b', 'c'], cols: ['A', 'B'], units: ['u', 'v', 'w'], x: [[60, 40, 0], [10, 30, 0], [5, 5, 0]], y: [[70, 30], [20, 20], [3, 7]] };
    const res = lp(input);
    expect(res.matrix[2]).toEqual([0.5, 0.5]);
    expect(res.diagnostics.emptyRows).toEqual(['c']);
  });

  it('refinement: unit matrices reproduce every unit margin, and votes add up', () => {
    const zeros: [number, number][] = [[3, 2]];
    const truth = randomMatrix(17, 4, 3, zeros);
    const { input } = syntheticInput(18, 80, truth, 0.6);
    const res = lp({ ...input, structuralZeros: zeros }, { refine: true });
    const units = res.unitMatrices!;
    expect(units).toHaveLength(80);
    units.forEach((m, i) => {
      m.forEach((row) => expect(sumRow(row)).toBeCloseTo(1, 9));
      for (let c = 0; c < 3; c++) {
        const fit = input.x[i]!.reduce((s, v, r) => s + v * m[r]![c]!, 0);
        expect(fit).toBeCloseTo(input.y[i]![c]!, 6);
      }
      expect(m[3]![2]).toBe(0);
    });
    const total = res.votes.flat().reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(input.x.flat().reduce((s, v) => s + v, 0), 4);
    res.matrix.forEach((row) => expect(sumRow(row)).toBeCloseTo(1, 9));
  });
});

const FRANCE = '/work/shared/data/elections/fr-presidentielle-2017-by-departement.csv';

describe.skipIf(!existsSync(FRANCE))('lp on the 2017 French presidential election by département', () => {
  const [head, ...lines] = readFileSync(FRANCE, 'utf8').trim().split('\n');
  const names = head!.split(',').map((s) => s.replace(/"/g, ''));
  const rows = [...names.slice(1, 10), 'NEW'];
  const cols = [...names.slice(10), 'EXITED'];
  const data = lines.map((l) => l.split(',').map((s) => s.replace(/"/g, '')));
  const prepared = prepareTransfer(names.slice(1, 10), names.slice(10), data.map((d) => d[0]!), data.map((d) => d.slice(1, 10).map(Number)), data.map((d) => d.slice(10).map(Number)), { electorate: 'new-exit' });

  it('gives a sensible matrix: rows on the simplex, Macron voters mostly to Macron, Le Pen voters to Le Pen', () => {
    // The two rounds' totals differ slightly in most départements (as in lphom's "raw" example).
    expect(prepared.report.unbalancedUnits).toBeGreaterThan(100);
    expect(prepared.input.units).toHaveLength(108);
    const res = lp(prepared.input);
    expect(res.diagnostics.status).toBe('optimal');
    const at = (r: string, c: string) => res.matrix[rows.indexOf(r)]![cols.indexOf(c)]!;
    res.matrix.forEach((row) => expect(sumRow(row)).toBeCloseTo(1, 9));
    expect(at('MACRON', 'MACRON2')).toBeGreaterThan(0.85);
    expect(at('LE_PEN', 'LE_PEN2')).toBeGreaterThan(0.85);
    expect(at('ABSTENTION', 'ABSTENTION2')).toBeGreaterThan(0.7);
    expect(at('MELENCHON', 'MACRON2')).toBeGreaterThan(at('MELENCHON', 'LE_PEN2'));
    expect(res.diagnostics.heterogeneity).toBeLessThan(5);
    expect(res.rows).toEqual(rows);
    expect(res.cols).toEqual(cols);
    expect(at('NEW', 'EXITED')).toBe(0);
  });

  it('refines to one matrix per département reproducing its second round', () => {
    const res = lp(prepared.input, { refine: true });
    const units = res.unitMatrices!;
    expect(units).toHaveLength(108);
    units.forEach((m, i) => {
      cols.forEach((_, c) => expect(prepared.input.x[i]!.reduce((s, v, r) => s + v * m[r]![c]!, 0)).toBeCloseTo(prepared.input.y[i]![c]!, 3));
    });
  });
});
