import { describe, expect, it } from 'vitest';
import { monthOf, monthStart, partitionName } from './partitions';

describe('monthly partitions', () => {
  it('names a month by its UTC year and month, and bounds it by its first milliseconds', () => {
    const m = monthOf(Date.UTC(2016, 5, 30, 23, 59, 59, 999))!;
    expect(partitionName('posts', m)).toBe('posts_p2016_06');
    expect(monthStart(m)).toBe(Date.UTC(2016, 5, 1));
    expect(monthStart(m + 1)).toBe(Date.UTC(2016, 6, 1));
    expect(partitionName('post_classes', monthOf(Date.UTC(2016, 11, 31))! + 1)).toBe('post_classes_p2017_01');
  });

  it('gives no month outside 1990-2099 or for what is not a time: those go to the catch-all partitions', () => {
    expect(monthOf(0)).toBeNull();
    expect(monthOf(Date.UTC(1989, 11, 31, 23, 59))).toBeNull();
    expect(monthOf(Date.UTC(1990, 0, 1))).toBe(1990 * 12);
    expect(monthOf(Date.UTC(2099, 11, 31, 23, 59))).toBe(2099 * 12 + 11);
    expect(monthOf(Date.UTC(2100, 0, 1))).toBeNull();
    expect(monthOf(Number.NaN)).toBeNull();
    expect(monthOf(Number.POSITIVE_INFINITY)).toBeNull();
    expect(monthOf(-8.64e15)).toBeNull();
  });
});
