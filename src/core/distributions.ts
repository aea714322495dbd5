/**
 * Samplers of the common distributions, driven by a seeded uniform source (`Random.next` of
 * core/random.ts), so that every draw is reproducible from a seed. Pure apart from consuming the source.
 */

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/** Standard normal by Marsaglia's polar method (Marsaglia & Bray 1964). */
export function normal(u: Uniform): number {
  for (;;) {
    const a = 2 * u() - 1;
    const b = 2 * u() - 1;
    const s = a * a + b * b;
    if (s > 0 && s < 1) return a * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 * ACM TOMS 26(3); shape < 1 by their boost Gamma(shape + 1) · U^(1/shape).
 */
export function gamma(u: Uniform, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma: shape must be > 0, got ${shape}`);
  if (shape < 1) {
    const g = gamma(u, shape + 1);
    return g * Math.pow(u() || Number.MIN_VALUE, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) as G_a / (G_a + G_b) of two independent gammas. */
export function beta(u: Uniform, a: number, b: number): number {
  const x = gamma(u, a);
  const y = gamma(u, b);
  return x / (x + y);
}

/**
 * Dirichlet(alpha) written into out[offset … offset+alpha.length): normalised independent gammas.
 * A zero alpha gives a zero share (a structural zero).
 */
export function dirichletInto(u: Uniform, alpha: ArrayLike<number>, out: Float64Array, offset = 0): void {
  let sum = 0;
  for (let k = 0; k < alpha.length; k++) {
    const a = alpha[k]!;
    const g = a > 0 ? gamma(u, a) : 0;
    out[offset + k] = g;
    sum += g;
  }
  if (sum <= 0) throw new RangeError('dirichlet: all parameters are zero');
  for (let k = 0; k < alpha.length; k++) out[offset + k] = out[offset + k]! / sum;
}

/**
 * Binomial(n, p), exact: inversion for small n, otherwise Knuth's recursive split on a beta order
 * statistic (TAOCP vol. 2, §3.4.1 F; Ahrens & Dieter), which needs O(log n) beta draws.
 */
export function binomial(u: Uniform, n: number, p: number): number {
  let acc = 0;
  for (;;) {
    if (n <= 0 || p <= 0) return acc;
    if (p >= 1) return acc + n;
    if (n < 40) {
      let k = 0;
      for (let t = 0; t < n; t++) if (u() < p) k++;
      return acc + k;
    }
    const a = 1 + Math.floor(n / 2);
    const b = n + 1 - a;
    const x = beta(u, a, b);
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      acc += a;
      n = b - 1;
      p = (p - x) / (1 - x);
    }
  }
}

/** Multinomial(n, probs) as successive conditional binomials; probs need not be normalised. */
export function multinomial(u: Uniform, n: number, probs: readonly number[]): number[] {
  let rest = probs.reduce((s, p) => s + p, 0);
  let left = n;
  return probs.map((p, k) => {
    if (k === probs.length - 1) return left;
    const draw = rest > 0 ? binomial(u, left, Math.min(1, p / rest)) : 0;
    rest -= p;
    left -= draw;
    return draw;
  });
}
