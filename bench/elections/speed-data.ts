import { createRandom } from '../../src/core/random';
import type { TransferInput } from '../../src/elections/transfers/types';

/** A seeded synthetic election: the true aggregate matrix and the units' counts. */
export interface SpeedData {
  readonly input: TransferInput;
  /** The true share matrix summed over units (votes r→c over row r's total). */
  readonly truth: number[][];
}

/** Splits n votes by the shares, integers summing to n (largest remainders). */
function split(n: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * n);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length]![1]]! += 1;
  return out;
}

/**
 * `units` polling stations, `rows` first-round and `cols` second-round options: a global matrix with a
 * dominant destination per row, each unit's own matrix a random perturbation of it (heterogeneity),
 * integer votes, equal totals per unit.
 */
export function speedData(seed: number, units: number, rows: number, cols: number): SpeedData {
  const rnd = createRandom(seed);
  const global = Array.from({ length: rows }, (_, r) => {
    const w = Array.from({ length: cols }, (_, c) => (c === r % cols ? 4 : 0.2 + rnd.next()));
    const t = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / t);
  });
  const x: number[][] = [];
  const y: number[][] = [];
  const flows = global.map((row) => row.map(() => 0));
  for (let i = 0; i < units; i++) {
    const size = 300 + rnd.int(1200);
    const weights = Array.from({ length: rows }, () => 0.2 + rnd.next());
    const tw = weights.reduce((a, b) => a + b, 0);
    const xi = split(size, weights.map((v) => v / tw));
    const yi = Array.from({ length: cols }, () => 0);
    xi.forEach((n, r) => {
      const local = global[r]!.map((v) => v * (0.6 + 0.8 * rnd.next()));
      const t = local.reduce((a, b) => a + b, 0);
      split(n, local.map((v) => v / t)).forEach((v, c) => {
        yi[c]! += v;
        flows[r]![c]! += v;
      });
    });
    x.push(xi);
    y.push(yi);
  }
  const truth = flows.map((row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)));
  const input: TransferInput = {
    rows: Array.from({ length: rows }, (_, r) => `R${r + 1}`),
    cols: Array.from({ length: cols }, (_, c) => `C${c + 1}`),
    units: x.map((_, i) => `U${i + 1}`),
    x,
    y,
  };
  return { input, truth };
}
