import { describe, expect, it } from 'vitest';
import { normal } from './distributions';
import { bulkEss, effectiveSampleSize, gelmanRubin, normalQuantile, splitRhat } from './mcmc';
import { createRandom } from './random';

const u = createRandom(3).next;
const iid = (n: number, shift = 0): Float64Array => Float64Array.from({ length: n }, () => normal(u) + shift);
function ar1(n: number, phi: number): Float64Array {
  const out = new Float64Array(n);
  let v = normal(u);
  for (let i = 0; i < n; i++) out[i] = v = phi * v + Math.sqrt(1 - phi * phi) * normal(u);
  return out;
}

describe('normalQuantile', () => {
  it('inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});

describe('R-hat and ESS', () => {
  it('iid chains: R-hat ≈ 1 and ESS ≈ the number of draws', () => {
    const chains = [iid(1000), iid(1000), iid(1000), iid(1000)];
    expect(splitRhat(chains)).toBeLessThan(1.01);
    expect(gelmanRubin(chains)).toBeLessThan(1.01);
    const ess = bulkEss(chains);
    expect(ess).toBeGreaterThan(3400);
    expect(ess).toBeLessThan(4600);
  });

  it('chains around different means: R-hat ≫ 1', () => {
    expect(splitRhat([iid(500), iid(500, 3), iid(500), iid(500, -3)])).toBeGreaterThan(1.5);
  });

  it('a chain drifting within itself is caught by the split', () => {
    const trend = Float64Array.from({ length: 1000 }, (_, i) => normal(u) + i / 100);
    expect(splitRhat([trend, trend.map((v) => v + normal(u) * 0.1)])).toBeGreaterThan(1.5);
  });

  it('AR(1) chains: ESS ≈ n(1 − φ)/(1 + φ)', () => {
    const phi = 0.9;
    const ess = effectiveSampleSize([ar1(5000, phi), ar1(5000, phi), ar1(5000, phi), ar1(5000, phi)]);
    const expected = (20_000 * (1 - phi)) / (1 + phi);
    expect(ess).toBeGreaterThan(expected * 0.75);
    expect(ess).toBeLessThan(expected * 1.3);
  });

  it('constant draws give NaN, not a false verdict', () => {
    expect(splitRhat([new Float64Array(10), new Float64Array(10)])).toBeNaN();
    expect(bulkEss([new Float64Array(10).fill(2)])).toBeNaN();
  });
});
