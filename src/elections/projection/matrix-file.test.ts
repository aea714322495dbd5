import { describe, expect, it } from 'vitest';
import { alignRows, parseMatrixFile } from './matrix-file';

const good = { rows: ['A', 'B'], cols: ['X', 'Y'], matrix: [[0.7, 0.3], [0.2, 0.8]] };

describe('parseMatrixFile', () => {
  it('accepts the transfers --json shape, with or without ci95', () => {
    expect(parseMatrixFile(good, 'm.json').matrix).toEqual(good.matrix);
    expect(parseMatrixFile({ ...good, ci95: null, method: 'lp', votes: [] }, 'm.json').ci95).toBeNull();
  });
  it('says what is wrong and where', () => {
    expect(() => parseMatrixFile({ ...good, matrix: [[0.7, 0.2], [0.2, 0.8]] }, 'm.json')).toThrow('m.json: matrix row 1 (A) sums to 0.9000, expected 1');
    expect(() => parseMatrixFile({ ...good, matrix: [[0.7, 0.3]] }, 'm.json')).toThrow('m.json: 2 rows named but the matrix has 1');
    expect(() => parseMatrixFile({ ...good, matrix: [[1], [1]] }, 'm.json')).toThrow('m.json: matrix row 1 (A) has 1 cells, expected 2');
    expect(() => parseMatrixFile({ rows: 'A' }, 'm.json')).toThrow(/m.json: rows: .*expected \{rows, cols, matrix, ci95\?\}/);
    expect(() => parseMatrixFile({ ...good, rows: ['A', 'A'] }, 'm.json')).toThrow('m.json: rows name "A" twice; expected each row once');
    expect(() => parseMatrixFile({ ...good, cols: ['X', 'X'] }, 'm.json')).toThrow('m.json: cols name "X" twice; expected each column once');
    const ci = [[[0.6, 0.8], [0.2, 0.4]], [[0.1, 0.3], [0.7, 0.9]]];
    expect(parseMatrixFile({ ...good, ci95: ci }, 'm.json').ci95).toEqual(ci);
    expect(() => parseMatrixFile({ ...good, ci95: [[[0.6, 0.8]], ci[1]] }, 'm.json')).toThrow('m.json: ci95 row 1 (A) has 1 intervals, expected 2 (one per col)');
    expect(() => parseMatrixFile({ ...good, ci95: [[[0.8, 0.6], [0.2, 0.4]], ci[1]] }, 'm.json')).toThrow('m.json: ci95 of A → X: expected 0 ≤ lo ≤ hi ≤ 1, found [0.8, 0.6]');
    expect(() => parseMatrixFile({ ...good, ci95: [[[0.6, 1.2], [0.2, 0.4]], ci[1]] }, 'm.json')).toThrow('found [0.6, 1.2]');
  });
  it('lines rows up with a round, refusing options the matrix has no row for', () => {
    const m = parseMatrixFile(good, 'm.json');
    expect(alignRows(m, ['B', 'A'], 'm.json')).toEqual([1, 0]);
    expect(() => alignRows(m, ['A', 'C'], 'm.json')).toThrow('m.json: the first round\'s options "C" have no row in the matrix (its rows: A, B)');
  });
});
