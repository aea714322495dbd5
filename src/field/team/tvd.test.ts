import { describe, expect, it } from 'vitest';
import { apportion, idealCounts, sizeBound, teamScore, tvd } from './tvd';

describe('total variation distance', () => {
  it('is half the L1 distance between the shares, 1 for an empty team', () => {
    expect(tvd([1, 1], 2, [0.5, 0.5])).toBe(0);
    expect(tvd([2, 0], 2, [0.5, 0.5])).toBeCloseTo(0.5, 12);
    expect(tvd([0, 3, 1], 4, [0.25, 0.25, 0.5])).toBeCloseTo(0.5, 12);
    expect(tvd([0, 0], 0, [0.5, 0.5])).toBe(1);
  });

  it('rounds n × shares by largest remainder, the closest whole team', () => {
    expect(idealCounts(10, [0.34, 0.33, 0.33])).toEqual([4, 3, 3]);
    expect(idealCounts(4, [0.1, 0.15, 0.25, 0.5])).toEqual([0, 1, 1, 2]);
    // Any other vector summing to 4 is no closer.
    const best = tvd([0, 1, 1, 2], 4, [0.1, 0.15, 0.25, 0.5]);
    for (const other of [[1, 0, 1, 2], [0, 0, 1, 3], [0, 1, 2, 1], [1, 1, 0, 2]]) expect(tvd(other, 4, [0.1, 0.15, 0.25, 0.5])).toBeGreaterThanOrEqual(best - 1e-12);
    expect(sizeBound(4, [0.1, 0.15, 0.25, 0.5])).toBeCloseTo(best, 12);
  });

  it('scores a team by its worst attribute plus half the mean', () => {
    expect(teamScore([0.1, 0.3])).toBeCloseTo(0.3 + 0.1, 12);
    expect(teamScore([])).toBe(0);
  });

  it('shares a short pool out in proportion, never above what was asked', () => {
    expect(apportion(10, [4, 6])).toEqual([4, 6]);
    expect(apportion(5, [4, 6])).toEqual([2, 3]);
    expect(apportion(7, [1, 10, 10])).toEqual([1, 3, 3]);
    expect(apportion(3, [2, 2, 2]).reduce((s, n) => s + n, 0)).toBe(3);
  });
});
