import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { prepareTransfer } from './prepare';

const rows = ['A', 'B'];
const cols = ['X', 'Y'];

describe('prepareTransfer', () => {
  it('passes balanced units through in every mode', () => {
    for (const electorate of ['strict', 'new-exit', 'scale'] as const) {
      const p = prepareTransfer(rows, cols, ['u1'], [[3, 7]], [[6, 4]], { electorate });
      expect(p.input.x).toEqual([[3, 7]]);
      expect(p.input.y).toEqual([[6, 4]]);
      expect(p.input.rows).toEqual(rows);
      expect(p.report.unbalancedUnits).toBe(0);
    }
  });

  it('strict refuses unequal totals, naming the units and both totals', () => {
    expect(() => prepareTransfer(rows, cols, ['u1', 'u2'], [[3, 7], [1, 1]], [[6, 5], [1, 1]], { electorate: 'strict' })).toThrow(
      /"u1" \(round 1: 10, round 2: 11\)/,
    );
  });

  it('new-exit adds NEW and EXITED with NEW→EXITED a structural zero', () => {
    const p = prepareTransfer(rows, cols, ['more', 'fewer'], [[3, 7], [5, 5]], [[6, 6], [4, 4]], { electorate: 'new-exit' });
    expect(p.input.rows).toEqual(['A', 'B', 'NEW']);
    expect(p.input.cols).toEqual(['X', 'Y', 'EXITED']);
    expect(p.input.x).toEqual([[3, 7, 2], [5, 5, 0]]);
    expect(p.input.y).toEqual([[6, 6, 0], [4, 4, 2]]);
    expect(p.input.structuralZeros).toEqual([[2, 2]]);
    expect(p.input.sameShareColumns).toEqual([2]);
    expect(p.report).toMatchObject({ newVoters: 2, exitedVoters: 2, unbalancedUnits: 2 });
  });

  it('new-exit refuses an option already named NEW or EXITED, as the rows it adds would have two of that name', () => {
    expect(() => prepareTransfer(['NEW', 'B'], cols, ['u'], [[3, 7]], [[6, 6]], { electorate: 'new-exit' })).toThrow(
      "the first round has an option named NEW, the row added for voters who join the roll between the rounds (the units' totals differ between the rounds): rename that option, or use --electorate scale or strict",
    );
    expect(() => prepareTransfer(rows, ['X', 'EXITED'], ['u'], [[3, 7]], [[4, 4]], { electorate: 'new-exit' })).toThrow(/the second round has an option named EXITED, the column added for voters who leave it/);
    expect(prepareTransfer(['NEW', 'B'], cols, ['u'], [[3, 7]], [[6, 4]], { electorate: 'new-exit' }).input.rows).toEqual(['NEW', 'B']);
  });

  it('new-exit adds only the side that is needed', () => {
    const p = prepareTransfer(rows, cols, ['u'], [[3, 7]], [[6, 6]], { electorate: 'new-exit' });
    expect(p.input.rows).toEqual(['A', 'B', 'NEW']);
    expect(p.input.cols).toEqual(['X', 'Y']);
    expect(p.input.structuralZeros).toEqual([]);
  });

  it('scale rescales round 2 to round 1 totals', () => {
    const p = prepareTransfer(rows, cols, ['u'], [[3, 7]], [[15, 5]], { electorate: 'scale' });
    expect(p.input.y[0]![0]).toBeCloseTo(7.5, 12);
    expect(p.input.y[0]![1]).toBeCloseTo(2.5, 12);
  });

  it('scale with wholeVotes rounds each unit to whole votes keeping its rescaled total (largest remainder), and says so', () => {
    const p = prepareTransfer(['A', 'B', 'C'], ['X', 'Y', 'Z'], ['u1', 'u2', 'even'], [[10, 0, 0], [3, 3, 4], [1, 1, 1]], [[5, 4, 3], [1, 1, 1], [2, 1, 0]], { electorate: 'scale', wholeVotes: true });
    // u1: 5, 4, 3 × 10/12 = 4.17, 3.33, 2.5 → 4, 3, 3 (the largest remainder); u2: 3.33 three times → 4, 3, 3 (the first of equal ones).
    expect(p.input.y).toEqual([[4, 3, 3], [4, 3, 3], [2, 1, 0]]);
    p.input.y.forEach((yi, k) => expect(yi.reduce((s, v) => s + v, 0)).toBe(p.input.x[k]!.reduce((s, v) => s + v, 0)));
    expect(p.report).toMatchObject({ electorate: 'scale', unbalancedUnits: 2, roundedToWholeVotes: true });
    expect(prepareTransfer(rows, cols, ['u'], [[3, 7]], [[15, 5]], { electorate: 'scale' }).report.roundedToWholeVotes).toBe(false);
  });

  it('sets aside and reports units with no votes in either round', () => {
    const p = prepareTransfer(rows, cols, ['u1', 'empty', 'u3'], [[1, 1], [0, 0], [2, 2]], [[1, 1], [0, 0], [3, 1]], { electorate: 'strict' });
    expect(p.input.units).toEqual(['u1', 'u3']);
    expect(p.report.setAside).toEqual(['empty']);
  });

  it('rejects bad inputs with clear errors', () => {
    const bad = (f: () => unknown, re: RegExp) => expect(f).toThrow(re);
    bad(() => prepareTransfer(['A'], cols, ['u'], [[1]], [[1, 0]], { electorate: 'strict' }), /at least 2 first-round/);
    bad(() => prepareTransfer(rows, ['X'], ['u'], [[1, 0]], [[1]], { electorate: 'strict' }), /at least 2 second-round/);
    bad(() => prepareTransfer(rows, cols, [], [], [], { electorate: 'strict' }), /at least one unit/);
    bad(() => prepareTransfer(rows, cols, ['u'], [[1, -1]], [[0, 0]], { electorate: 'strict' }), /count 2 is -1/);
    bad(() => prepareTransfer(rows, cols, ['u'], [[1, NaN]], [[1, 0]], { electorate: 'strict' }), /count 2 is NaN/);
    bad(() => prepareTransfer(rows, cols, ['u'], [[1, 2, 3]], [[1, 0]], { electorate: 'strict' }), /3 round 1 counts, expected 2/);
    bad(() => prepareTransfer(rows, cols, ['u'], [[0, 0]], [[0, 0]], { electorate: 'strict' }), /zero votes/);
    bad(() => prepareTransfer(rows, cols, ['u'], [[1, 1]], [[0, 0]], { electorate: 'scale' }), /cannot rescale/);
    expect(() => prepareTransfer(rows, cols, ['u'], [[1, -1]], [[0, 0]], { electorate: 'strict' })).toThrow(InputError);
  });
});
