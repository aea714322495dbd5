import { createRandom } from '../../core/random';
import type { TransferInput } from './types';

/** A random R×C matrix with rows on the simplex (zeros where asked). */
export function randomMatrix(seed: number, R: number, C: number, zeros: readonly (readonly [number, number])[] = []): number[][] {
  const rnd = createRandom(seed);
  const m = Array.from({ length: R }, () => Array.from({ length: C }, () => 0.05 + rnd.next() ** 2));
  for (const [r, c] of zeros) m[r]![c] = 0;
  return m.map((row) => row.map((v) => v / row.reduce((s, a) => s + a, 0)));
}

/**
 * Units whose second round is exactly x·P (fractional votes): every unit has the same true matrix.
 * With `spread` > 0, each unit's matrix is P perturbed and renormalised (heterogeneity), and the truth
 * in votes per unit is returned too.
 */
export function syntheticInput(seed: number, units: number, truth: number[][], spread = 0): { input: TransferInput; unitVotes: number[][][] } {
  const rnd = createRandom(seed + 1);
  const R = truth.length;
  const C = truth[0]!.length;
  const x: number[][] = [];
  const y: number[][] = [];
  const unitVotes: number[][][] = [];
  for (let i = 0; i < units; i++) {
    const xi = Array.from({ length: R }, () => Math.round(20 + rnd.next() * 300));
    const table = truth.map((row, r) => {
      const noisy = row.map((v) => (v === 0 ? 0 : v * (1 - spread + 2 * spread * rnd.next())));
      const t = noisy.reduce((s, a) => s + a, 0);
      return noisy.map((v) => (xi[r]! * v) / t);
    });
    x.push(xi);
    y.push(Array.from({ length: C }, (_, c) => table.reduce((s, row) => s + row[c]!, 0)));
    unitVotes.push(table);
  }
  const input = {
    rows: Array.from({ length: R }, (_, r) => `r${r}`),
    cols: Array.from({ length: C }, (_, c) => `c${c}`),
    units: x.map((_, i) => `u${i}`),
    x,
    y,
  };
  return { input, unitVotes };
}
