import { InputError } from '../../../core/errors';
import type { TransferInput } from '../types';

/** See MdBayesOptions.estimand. */
export type Estimand = 'cross-table' | 'unit-shares';

/**
 * What one chain needs, as flat typed arrays that cross to a worker thread unchanged. Units without
 * votes are left out (they carry no information and no votes); `unitIndex` maps back to the input.
 */
export interface ChainSetup extends SamplerSettings {
  readonly rows: number;
  readonly cols: number;
  readonly units: number;
  /** units × rows counts of the kept units. */
  readonly x: Int32Array;
  /** units × cols counts of the kept units. */
  readonly y: Int32Array;
  /** rows × cols: 1 where the cell may hold votes, 0 for a structural zero. */
  readonly allowed: Uint8Array;
  readonly unitIndex: Int32Array;
}

export interface SamplerSettings {
  readonly lambda1: number;
  readonly lambda2: number;
  readonly burnin: number;
  readonly samples: number;
  readonly thin: number;
  readonly seed: number;
  /** 2×2 draws per unit and sweep, as a multiple of (rows with votes × cols with votes)/2. */
  readonly sweep: number;
  /** Ridge moves (ridge.ts) per sweep, as a multiple of (rows × cols)/2; 0: none. */
  readonly ridge: number;
  /** What the intervals are of: the realised cross-table Σ_i N_irc, or the units' rates Σ_i x_ir β_irc. */
  readonly estimand: Estimand;
  /** Unit composition as covariate of the Dirichlet parameters (contextual effects). */
  readonly covariate: boolean;
}

function count(v: number, where: string): number {
  if (!Number.isFinite(v) || v < 0 || Math.round(v) !== v) throw new InputError(`md-bayes: ${where} is ${v}, not a count`);
  return v;
}

function allowedCells(input: TransferInput): Uint8Array {
  const R = input.rows.length;
  const C = input.cols.length;
  const allowed = new Uint8Array(R * C).fill(1);
  for (const [r, c] of input.structuralZeros ?? []) {
    if (!(r >= 0 && r < R && c >= 0 && c < C)) throw new InputError(`md-bayes: structural zero [${r}, ${c}] is outside the table`);
    allowed[r * C + c] = 0;
  }
  for (let r = 0; r < R; r++) {
    if (!allowed.subarray(r * C, r * C + C).some((a) => a)) throw new InputError(`md-bayes: row '${input.rows[r]}' has no allowed cell`);
  }
  return allowed;
}

/** Checks the input (counts, equal unit totals, structural zeros) and lays it out for the chains. */
export function chainSetup(input: TransferInput, settings: SamplerSettings): ChainSetup {
  const R = input.rows.length;
  const C = input.cols.length;
  if (R < 1 || C < 2) throw new InputError('md-bayes: needs at least one row option and two column options');
  if (input.x.length !== input.units.length || input.y.length !== input.units.length) throw new InputError('md-bayes: x and y must have one row per unit');
  const kept: number[] = [];
  input.units.forEach((name, i) => {
    const xi = input.x[i]!;
    const yi = input.y[i]!;
    if (xi.length !== R || yi.length !== C) throw new InputError(`md-bayes: unit '${name}' has the wrong number of options`);
    const sx = xi.reduce((s, v, r) => s + count(v, `x of '${name}', row ${r}`), 0);
    const sy = yi.reduce((s, v, c) => s + count(v, `y of '${name}', col ${c}`), 0);
    if (sx !== sy) throw new InputError(`md-bayes: unit '${name}' has ${sx} votes in rows but ${sy} in columns`);
    if (sx > 0) kept.push(i);
  });
  if (kept.length === 0) throw new InputError('md-bayes: no unit has any votes');
  const x = new Int32Array(kept.length * R);
  const y = new Int32Array(kept.length * C);
  kept.forEach((i, u) => {
    x.set(input.x[i]!, u * R);
    y.set(input.y[i]!, u * C);
  });
  return { rows: R, cols: C, units: kept.length, x, y, allowed: allowedCells(input), unitIndex: Int32Array.from(kept), ...settings };
}

/**
 * Moves `amount` votes along an augmenting path found by breadth-first search: row r0 takes a cell in
 * column c1, whose holder r1 gives up a cell there and takes one in c2, … until a column with room.
 * Returns false when no path exists (the margins cannot be met with these structural zeros).
 */
function augment(n: Int32Array, R: number, C: number, allowed: Uint8Array, rowLeft: Int32Array, colLeft: Int32Array, r0: number): boolean {
  const viaCol = new Int32Array(R).fill(-1);
  const fromRow = new Int32Array(C).fill(-1);
  const queue = [r0];
  viaCol[r0] = C;
  while (queue.length) {
    const r = queue.shift()!;
    for (let c = 0; c < C; c++) {
      if (!allowed[r * C + c] || fromRow[c] !== -1) continue;
      fromRow[c] = r;
      if (colLeft[c]! > 0) return pushPath(n, C, rowLeft, colLeft, viaCol, fromRow, r0, c);
      for (let r2 = 0; r2 < R; r2++) {
        if (viaCol[r2] === -1 && n[r2 * C + c]! > 0) {
          viaCol[r2] = c;
          queue.push(r2);
        }
      }
    }
  }
  return false;
}

function pushPath(n: Int32Array, C: number, rowLeft: Int32Array, colLeft: Int32Array, viaCol: Int32Array, fromRow: Int32Array, r0: number, end: number): boolean {
  let amount = Math.min(rowLeft[r0]!, colLeft[end]!);
  for (let c = end, r = fromRow[c]!; r !== r0; c = viaCol[r]!, r = fromRow[c]!) amount = Math.min(amount, n[r * C + viaCol[r]!]!);
  for (let c = end, r = fromRow[c]!; ; c = viaCol[r]!, r = fromRow[c]!) {
    n[r * C + c] = n[r * C + c]! + amount;
    if (r === r0) break;
    n[r * C + viaCol[r]!] = n[r * C + viaCol[r]!]! - amount;
  }
  rowLeft[r0] = rowLeft[r0]! - amount;
  colLeft[end] = colLeft[end]! - amount;
  return true;
}

/**
 * A table of counts with the unit's row and column margins and zeros where not allowed: each row spread
 * over the columns in proportion to `weight` × column room, then topped up by augmenting paths.
 * Null when the margins cannot be met.
 */
export function feasibleTable(xi: ArrayLike<number>, yi: ArrayLike<number>, allowed: Uint8Array, weight: ArrayLike<number>): Int32Array | null {
  const R = xi.length;
  const C = yi.length;
  const n = new Int32Array(R * C);
  const rowLeft = Int32Array.from(xi);
  const colLeft = Int32Array.from(yi);
  for (let r = 0; r < R; r++) {
    let norm = 0;
    for (let c = 0; c < C; c++) if (allowed[r * C + c]) norm += weight[r * C + c]! * colLeft[c]!;
    const want = rowLeft[r]!;
    for (let c = 0; c < C && norm > 0; c++) {
      if (!allowed[r * C + c]) continue;
      const t = Math.min(rowLeft[r]!, colLeft[c]!, Math.floor((want * weight[r * C + c]! * colLeft[c]!) / norm));
      n[r * C + c] = t;
      rowLeft[r] = rowLeft[r]! - t;
      colLeft[c] = colLeft[c]! - t;
    }
  }
  for (let r = 0; r < R; r++) while (rowLeft[r]! > 0) if (!augment(n, R, C, allowed, rowLeft, colLeft, r)) return null;
  return n;
}
