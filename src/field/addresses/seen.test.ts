import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen';

describe('SeenIds', () => {
  it('tells ids seen from new ones across growth, with no false repeat on a million distinct ids', () => {
    const seen = new SeenIds(8);
    let repeats = 0;
    for (let i = 0; i < 1_000_000; i++) if (!seen.add(`75113_${i}_${i % 7}`)) repeats++;
    expect(repeats).toBe(0);
    expect(seen.size).toBe(1_000_000);
    expect(seen.add('75113_5_5')).toBe(false);
    expect(seen.has('75113_999999_0')).toBe(true);
    expect(seen.has('75113_1000000_0')).toBe(false);
    expect(seen.add('')).toBe(true);
    expect(seen.add('')).toBe(false);
  });
});
