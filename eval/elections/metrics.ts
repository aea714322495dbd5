import type { TransferResult } from '../../src/elections/transfers/types';

/** The scores of one estimate against a known true cross-table. */
export interface Scores {
  /** Error index EI = 50 · Σ|true − estimated votes| / total votes (% of votes misallocated). */
  readonly ei: number;
  /** Mean absolute error of the cell shares (rows with voters only). */
  readonly mae: number;
  /** Share of cells whose true share lies in ci95; null when the method gives no intervals. */
  readonly coverage: number | null;
  /** Mean Winkler interval score of the shares at 95 %: width + (2/0.05) · distance outside. */
  readonly winkler: number | null;
  readonly seconds: number;
}

/** Winkler (1972) interval score of [lo, hi] for the value t at level 1 − a. */
export function winklerScore(lo: number, hi: number, t: number, a = 0.05): number {
  return hi - lo + (2 / a) * (Math.max(0, lo - t) + Math.max(0, t - hi));
}

export function score(result: TransferResult, truth: readonly (readonly number[])[], seconds: number): Scores {
  const rowTotal = truth.map((row) => row.reduce((a, b) => a + b, 0));
  const total = rowTotal.reduce((a, b) => a + b, 0);
  let err = 0;
  let absShare = 0;
  let cells = 0;
  let covered = 0;
  let wink = 0;
  truth.forEach((row, r) =>
    row.forEach((t, c) => {
      err += Math.abs(t - result.votes[r]![c]!);
      if (rowTotal[r]! === 0) return;
      const share = t / rowTotal[r]!;
      absShare += Math.abs(share - result.matrix[r]![c]!);
      cells++;
      const ci = result.ci95?.[r]?.[c];
      if (!ci) return;
      if (share >= ci[0] - 1e-12 && share <= ci[1] + 1e-12) covered++;
      wink += winklerScore(ci[0], ci[1], share);
    }),
  );
  const hasCi = result.ci95 !== null;
  return { ei: (50 * err) / total, mae: absShare / cells, coverage: hasCi ? covered / cells : null, winkler: hasCi ? wink / cells : null, seconds };
}

/** Means of the scores of several cases (nulls ignored); seconds are summed. */
export function meanScores(all: readonly Scores[]): Scores {
  const mean = (f: (s: Scores) => number | null): number | null => {
    const v = all.map(f).filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return { ei: mean((s) => s.ei)!, mae: mean((s) => s.mae)!, coverage: mean((s) => s.coverage), winkler: mean((s) => s.winkler), seconds: all.reduce((a, s) => a + s.seconds, 0) };
}
