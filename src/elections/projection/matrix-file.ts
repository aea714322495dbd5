import { z } from 'zod';
import { InputError } from '../../core/errors';

/**
 * A transfer matrix to project with: the `elections transfers --json` output of an earlier election, or
 * one typed in by hand — {rows, cols, matrix, ci95?}; rows are first-round option keys, each row of
 * shares summing to 1.
 */
const MatrixFile = z.object({
  rows: z.array(z.string().min(1)).min(1),
  cols: z.array(z.string().min(1)).min(2),
  matrix: z.array(z.array(z.number().min(0).max(1))),
  ci95: z
    .array(z.array(z.tuple([z.number(), z.number()])))
    .nullable()
    .optional(),
});

export type TransferMatrix = z.output<typeof MatrixFile>;

/** Validates a matrix file's JSON: shapes agree and every row is shares summing to 1 (within 0.001). */
export function parseMatrixFile(json: unknown, path: string): TransferMatrix {
  const parsed = MatrixFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${path}: ${issue.path.join('.') || '(whole)'}: ${issue.message} (expected {rows, cols, matrix, ci95?} as printed by elections transfers --json)`, path);
  }
  const m = parsed.data;
  for (const [what, names] of [['rows', m.rows], ['cols', m.cols]] as const) {
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw new InputError(`${path}: ${what} name "${twice}" twice; expected each ${what === 'rows' ? 'row' : 'column'} once`, path);
  }
  if (m.matrix.length !== m.rows.length) throw new InputError(`${path}: ${m.rows.length} rows named but the matrix has ${m.matrix.length}`, path);
  m.matrix.forEach((row, i) => {
    if (row.length !== m.cols.length) throw new InputError(`${path}: matrix row ${i + 1} (${m.rows[i]}) has ${row.length} cells, expected ${m.cols.length} (one per col)`, path);
    const sum = row.reduce((s, v) => s + v, 0);
    if (Math.abs(sum - 1) > 1e-3) throw new InputError(`${path}: matrix row ${i + 1} (${m.rows[i]}) sums to ${sum.toFixed(4)}, expected 1`, path);
  });
  if (m.ci95) checkIntervals(m.ci95, m, path);
  return { ...m, matrix: m.matrix.map((row) => normalise(row)) };
}

/** Intervals of the same shape as the matrix, each within [0, 1] (a bootstrap's percentile interval may leave out its cell's share). */
function checkIntervals(ci95: readonly (readonly [number, number])[][], m: { rows: string[]; cols: string[] }, path: string): void {
  if (ci95.length !== m.rows.length) throw new InputError(`${path}: ci95 has ${ci95.length} rows, expected ${m.rows.length}`, path);
  ci95.forEach((row, i) => {
    if (row.length !== m.cols.length) throw new InputError(`${path}: ci95 row ${i + 1} (${m.rows[i]}) has ${row.length} intervals, expected ${m.cols.length} (one per col)`, path);
    row.forEach(([lo, hi], j) => {
      if (!(lo >= 0 && lo <= hi && hi <= 1)) throw new InputError(`${path}: ci95 of ${m.rows[i]} → ${m.cols[j]}: expected 0 ≤ lo ≤ hi ≤ 1, found [${lo}, ${hi}]`, path);
    });
  });
}

function normalise(row: readonly number[]): number[] {
  const sum = row.reduce((s, v) => s + v, 0);
  return row.map((v) => v / sum);
}

/**
 * Lines the matrix up with a first round's options: each of the round's options must be a matrix row
 * (else the projection would lose its voters); matrix rows the round lacks (NEW voters, a candidate who
 * did not stand) simply get no voters. Returns, per round option, its matrix row index.
 */
export function alignRows(m: TransferMatrix, roundOptions: readonly string[], path: string): number[] {
  const missing = roundOptions.filter((k) => !m.rows.includes(k));
  if (missing.length > 0) throw new InputError(`${path}: the first round's options ${missing.map((k) => `"${k}"`).join(', ')} have no row in the matrix (its rows: ${m.rows.join(', ')}); use --by party or rename the rows`, path);
  return roundOptions.map((k) => m.rows.indexOf(k));
}
