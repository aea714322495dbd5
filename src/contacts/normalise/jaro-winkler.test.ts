import { describe, expect, it } from 'vitest';
import { jaroWinkler } from './jaro-winkler';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) and the Jaro–Winkler literature.
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  it('is 1 for equal strings and 0 with nothing in common', () => {
    expect(jaroWinkler('dupont', 'dupont')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('abc', '')).toBe(0);
  });

  it('handles strings longer than its reused buffers', () => {
    const long = 'a'.repeat(200);
    expect(jaroWinkler(long, `${long}b`)).toBeGreaterThan(0.99);
  });

  it('stays in [0, 1]', () => {
    for (const [a, b] of [['a', 'b'], ['ab', 'ba'], ['jean', 'jeanne'], ['x', 'xxxxxxxx']] as const) {
      const score = jaroWinkler(a, b);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
