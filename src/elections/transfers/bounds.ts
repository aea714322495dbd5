import type { TransferInput } from './types';

export interface TransferBounds {
  /** [lo, hi] votes moving r→c, summed over units. */
  readonly votes: [number, number][][];
  /** [lo, hi] share of row r's voters going to c (votes bounds over row r's total; [0, 1] for an empty row). */
  readonly shares: [number, number][][];
}

/**
 * Deterministic (method of bounds) limits of every cell, after Duncan & Davis (1953), "An alternative
 * to ecological correlation", American Sociological Review 18(6): in unit i, the votes n_irc moving from
 * r to c satisfy max(0, x_ir + y_ic − n_i) ≤ n_irc ≤ min(x_ir, y_ic), n_i the unit's total. These are
 * summed over units and divided by row r's total. Structural zeros are [0, 0].
 */
export function duncanDavisBounds(input: TransferInput): TransferBounds {
  const R = input.rows.length;
  const C = input.cols.length;
  const lo = new Float64Array(R * C);
  const hi = new Float64Array(R * C);
  const rowTotal = new Float64Array(R);
  input.x.forEach((xi, i) => {
    const yi = input.y[i]!;
    let n = 0;
    for (let r = 0; r < R; r++) n += xi[r]!;
    for (let r = 0; r < R; r++) {
      const xr = xi[r]!;
      rowTotal[r] = rowTotal[r]! + xr;
      for (let c = 0; c < C; c++) {
        const yc = yi[c]!;
        lo[r * C + c] = lo[r * C + c]! + Math.max(0, xr + yc - n);
        hi[r * C + c] = hi[r * C + c]! + Math.min(xr, yc);
      }
    }
  });
  for (const [r, c] of input.structuralZeros ?? []) {
    lo[r * C + c] = 0;
    hi[r * C + c] = 0;
  }
  const cell = (v: Float64Array, r: number, c: number): number => v[r * C + c]!;
  const votes = Array.from({ length: R }, (_, r) =>
    Array.from({ length: C }, (_, c): [number, number] => [cell(lo, r, c), cell(hi, r, c)]),
  );
  const shares = votes.map((row, r) =>
    row.map(([l, h]): [number, number] => {
      const t = rowTotal[r]!;
      return t > 0 ? [l / t, Math.min(1, h / t)] : [0, 1];
    }),
  );
  return { votes, shares };
}
