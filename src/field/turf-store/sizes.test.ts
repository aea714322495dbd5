import { describe, expect, it } from 'vitest';
import { sizeStats } from './sizes';

describe('sizeStats', () => {
  it('counts turfs within ±25 % of the target (bounds included) and gives min, median and max', () => {
    expect(sizeStats([45, 75, 44, 76, 60, 61], 60)).toEqual({ turfs: 6, doors: 361, target: 60, withinTolerance: 4 / 6, min: 44, median: 60.5, max: 76 });
    expect(sizeStats([10, 30, 20], 20, 0.1)).toMatchObject({ withinTolerance: 1 / 3, median: 20 });
    expect(sizeStats([], 60)).toEqual({ turfs: 0, doors: 0, target: 60, withinTolerance: null, min: null, median: null, max: null });
  });
});
