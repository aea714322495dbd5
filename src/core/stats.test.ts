import { describe, expect, it } from 'vitest';
import { f1Score, macroF1, quantileSorted, wilsonInterval } from './stats';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // Brown, Cai & DasGupta (2001): 62 % of 1,000 → [0.5895, 0.6496] at 95 %.
    const [lo, hi] = wilsonInterval(620, 1000);
    expect(lo).toBeCloseTo(0.5895, 3);
    expect(hi).toBeCloseTo(0.6496, 3);
  });

  it('stays inside [0, 1] at the edges and is widest with no data', () => {
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(5, 3)).toThrow('expected whole numbers 0 ≤ successes ≤ n, found 5 of 3');
  });
});

describe('f1Score and macroF1', () => {
  it('score each class and average them', () => {
    const truth = ['a', 'a', 'b', 'b'];
    const pred = ['a', 'b', 'b', 'b'];
    expect(f1Score(truth, pred, 'a')).toBeCloseTo(2 / 3, 10);
    expect(f1Score(truth, pred, 'b')).toBeCloseTo(0.8, 10);
    expect(macroF1(truth, pred, ['a', 'b'])).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(f1Score(truth, pred, 'c')).toBe(0);
  });
});

describe('quantileSorted', () => {
  it("matches R's quantile(type = 7)", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925);
    expect(quantileSorted([5], 0.5)).toBe(5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
