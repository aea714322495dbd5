import { toMatrix } from './dense';
import { heterogeneityIndex } from './heterogeneity';
import type { TransferInput } from './types';
import { unitFlow, unitFlowWorkspace } from './unit-flow';

export interface RefineOptions {
  readonly maxIterations: number;
  readonly tolerance: number;
}

export interface Refined {
  readonly matrix: number[][];
  readonly votes: number[][];
  readonly unitMatrices: number[][][];
  readonly diagnostics: Record<string, unknown>;
}

interface Round {
  readonly p: Float64Array;
  readonly unitVotes: Float64Array;
  readonly heterogeneity: number;
  readonly unreconciled: number;
}

/**
 * Every unit's table closest (L1, in votes) to the global matrix under the unit's own margins, then the
 * global matrix re-estimated from their sum; repeated (nslphom, Pavía & Romero 2024). The round kept is
 * the one with the smallest heterogeneity index of its aggregate matrix, as nslphom does.
 */
export function refineUnits(input: TransferInput, p0: Float64Array, zeros: Uint8Array, options: RefineOptions): Refined {
  const started = performance.now();
  const R = input.rows.length;
  const C = input.cols.length;
  let p = p0;
  let best: Round | null = null;
  const sequence: number[] = [];
  let rounds = 0;
  for (let it = 1; it <= options.maxIterations; it++) {
    const round = oneRound(input, p, zeros);
    rounds = it;
    sequence.push(round.heterogeneity);
    if (!best || round.heterogeneity < best.heterogeneity) best = round;
    let moved = 0;
    for (let k = 0; k < p.length; k++) moved = Math.max(moved, Math.abs(round.p[k]! - p[k]!));
    p = round.p;
    if (moved < options.tolerance) break;
  }
  const kept = best!;
  return {
    matrix: toMatrix(kept.p, R, C),
    votes: toMatrix(sumUnits(kept.unitVotes, input.x.length, R * C), R, C),
    unitMatrices: unitShares(input, kept),
    diagnostics: {
      rounds,
      heterogeneitySequence: sequence,
      keptRound: sequence.indexOf(kept.heterogeneity) + 1,
      unreconciledVotes: kept.unreconciled,
      timeMs: performance.now() - started,
    },
  };
}

function oneRound(input: TransferInput, p: Float64Array, zeros: Uint8Array): Round {
  const R = input.rows.length;
  const C = input.cols.length;
  const w = unitFlowWorkspace(R, C);
  const unitVotes = new Float64Array(input.x.length * R * C);
  let unreconciled = 0;
  input.x.forEach((xi, i) => {
    unreconciled += unitFlow(w, xi, input.y[i]!, p, zeros, unitVotes.subarray(i * R * C, (i + 1) * R * C), input.sameShareColumns);
  });
  const votes = sumUnits(unitVotes, input.x.length, R * C);
  const next = Float64Array.from(p);
  for (let r = 0; r < R; r++) {
    let t = 0;
    for (let c = 0; c < C; c++) t += votes[r * C + c]!;
    if (t > 0) for (let c = 0; c < C; c++) next[r * C + c] = votes[r * C + c]! / t;
  }
  return { p: next, unitVotes, heterogeneity: heterogeneityIndex(input.x, input.y, next, C), unreconciled };
}

function sumUnits(unitVotes: Float64Array, units: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < units; i++) for (let k = 0; k < size; k++) out[k] = out[k]! + unitVotes[i * size + k]!;
  return out;
}

/** Row shares of each unit's table; a row with no voters in the unit takes the global row. */
function unitShares(input: TransferInput, round: Round): number[][][] {
  const R = input.rows.length;
  const C = input.cols.length;
  return input.x.map((xi, i) =>
    Array.from({ length: R }, (_, r) =>
      Array.from({ length: C }, (_, c) => {
        const k = i * R * C + r * C + c;
        return xi[r]! > 0 ? round.unitVotes[k]! / xi[r]! : round.p[r * C + c]!;
      }),
    ),
  );
}
