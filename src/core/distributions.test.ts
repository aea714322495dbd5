import { describe, expect, it } from 'vitest';
import { beta, binomial, dirichletInto, gamma, multinomial, normal } from './distributions';
import { createRandom } from './random';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('samplers', () => {
  const u = createRandom(7).next;

  it('normal has mean 0 and variance 1', () => {
    const m = moments(() => normal(u), 40_000);
    expect(m.mean).toBeCloseTo(0, 1);
    expect(m.variance).toBeGreaterThan(0.97);
    expect(m.variance).toBeLessThan(1.03);
  });

  it.each([0.3, 1, 4.5, 50])('gamma(%d) has mean and variance equal to its shape', (shape) => {
    const m = moments(() => gamma(u, shape), 40_000);
    expect(Math.abs(m.mean - shape) / shape).toBeLessThan(0.03);
    expect(Math.abs(m.variance - shape) / shape).toBeLessThan(0.06);
  });

  it('beta(2, 6) has mean 1/4 and variance ab/((a+b)²(a+b+1))', () => {
    const m = moments(() => beta(u, 2, 6), 40_000);
    expect(m.mean).toBeCloseTo(0.25, 2);
    expect(m.variance).toBeCloseTo(12 / (64 * 9), 3);
  });

  it('dirichlet draws sum to 1 with means α/Σα, and a zero α gives a zero share', () => {
    const out = new Float64Array(4);
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      dirichletInto(u, [1, 2, 0, 5], out);
      expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      out.forEach((v, k) => (sums[k]! += v));
    }
    expect(sums.map((s) => s / 20_000)).toEqual([expect.closeTo(0.125, 2), expect.closeTo(0.25, 2), 0, expect.closeTo(0.625, 2)]);
  });

  it.each([
    [10, 0.3],
    [2_000, 0.3],
    [100_000, 0.02],
  ])('binomial(%d, %d) has mean np and variance np(1−p)', (n, p) => {
    const m = moments(() => binomial(u, n, p), 20_000);
    expect(Math.abs(m.mean - n * p) / (n * p)).toBeLessThan(0.01);
    expect(Math.abs(m.variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.06);
  });

  it('multinomial counts add up to n', () => {
    for (let i = 0; i < 100; i++) expect(multinomial(u, 537, [0.2, 0, 0.5, 0.3]).reduce((a, b) => a + b, 0)).toBe(537);
    expect(multinomial(u, 50, [0, 1, 0])).toEqual([0, 50, 0]);
  });
});
