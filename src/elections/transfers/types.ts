/**
 * The shared shapes of vote-transfer (R×C ecological inference) estimation.
 * Every method takes a `TransferInput` and returns a `TransferResult`; the CLI prints the result as the
 * stable JSON contract `{method, rows, cols, matrix, ci95, votes, diagnostics}`.
 */

export type TransferMethod = 'goodman' | 'lp' | 'md-bayes';

export const TRANSFER_METHODS: readonly TransferMethod[] = ['goodman', 'lp', 'md-bayes'];

/**
 * Counts per unit (polling station) in both rounds. Row options are the first round's (abstention
 * included when given), column options the second round's. For every unit, the sum of `x[i]` equals the
 * sum of `y[i]` (prepareTransfer adds new/exited-voter options when the electorates differ).
 */
export interface TransferInput {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly units: readonly string[];
  /** units × rows counts. */
  readonly x: readonly (readonly number[])[];
  /** units × cols counts. */
  readonly y: readonly (readonly number[])[];
  /** Cells [row, col] known to be zero (e.g. new voters cannot have abstained in round 1). */
  readonly structuralZeros?: readonly (readonly [number, number])[];
  /**
   * Columns whose share is the same for every row that may reach them, e.g. voters who left the roll
   * (deaths, moves) in the same proportion whatever they voted: R lphom's constant exit rate in its
   * "raw" scenario. Honoured by lp (globally and per unit); goodman ignores it (see its diagnostics).
   */
  readonly sameShareColumns?: readonly number[];
}

export interface TransferResult {
  readonly method: TransferMethod;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** matrix[r][c]: the share of row option r's voters who went to column option c; each row sums to 1. */
  readonly matrix: number[][];
  /** ci95[r][c] = [lo, hi] for the share, or null when the method gives none. */
  readonly ci95: [number, number][][] | null;
  /** votes[r][c]: estimated votes moving from r to c, summed over units. */
  readonly votes: number[][];
  readonly diagnostics: Record<string, unknown>;
  /** Per-unit share matrices (units × rows × cols) when the method estimates them (lp refinement, md-bayes). */
  readonly unitMatrices?: number[][][];
}
