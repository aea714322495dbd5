import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random';
import { kktFreeCells, schurFreeCells, type TableQuadratic } from './simplex-qp';

/** A Goodman-like quadratic: G = Σ x xᵀ/n over random units, q = 2 Σ x yᵀ/n. */
function randomTable(seed: number, R: number, C: number, units: number): TableQuadratic {
  const rand = createRandom(seed).next;
  const g = new Float64Array(R * R);
  const q = new Float64Array(R * C);
  for (let u = 0; u < units; u++) {
    const x = Array.from({ length: R }, () => rand() * 100);
    const y = Array.from({ length: C }, () => rand() * 100);
    const n = x.reduce((a, b) => a + b, 0);
    for (let r = 0; r < R; r++) {
      for (let s = 0; s < R; s++) g[r * R + s] = g[r * R + s]! + (x[r]! * x[s]!) / n;
      for (let c = 0; c < C; c++) q[r * C + c] = q[r * C + c]! + (2 * x[r]! * y[c]!) / n;
    }
  }
  return { rows: R, cols: C, g, q, zeros: new Uint8Array(R * C) };
}

describe('the free-cell step of the simplex QP', () => {
  it('is the same solved by columns (Schur complement) as solved whole, for any set of free cells', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = createRandom(seed * 7).next;
      const R = 2 + Math.floor(rand() * 6);
      const C = 2 + Math.floor(rand() * 6);
      const f = randomTable(seed, R, C, 3 * R + Math.floor(rand() * 40));
      // Each row keeps at least one free cell (as the active set does).
      const free = Uint8Array.from({ length: R * C }, () => (rand() < 0.7 ? 1 : 0));
      for (let r = 0; r < R; r++) free[r * C + Math.floor(rand() * C)] = 1;
      const a = schurFreeCells(f, free)!;
      const b = kktFreeCells(f, free)!;
      const scale = Math.max(1, ...Array.from(b.z, Math.abs));
      a.z.forEach((v, k) => expect(Math.abs(v - b.z[k]!) / scale).toBeLessThan(1e-8));
      a.lambda.forEach((v, r) => expect(Math.abs(v - b.lambda[r]!) / Math.max(1, Math.abs(b.lambda[r]!))).toBeLessThan(1e-6));
    }
  });

  it('declines a row with no free cell, which the whole system cannot solve either', () => {
    const f = randomTable(3, 3, 3, 20);
    const free = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 0, 1]);
    expect(schurFreeCells(f, free)).toBeNull();
    expect(kktFreeCells(f, free)).toBeNull();
  });
});
