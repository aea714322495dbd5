import { UsageError } from '../../core/errors';
import { goodman } from './goodman';
import { lp } from './lp';
import { mdBayes } from './md-bayes';
import type { TransferInput, TransferMethod, TransferResult } from './types';
import { TRANSFER_METHODS } from './types';

export interface EstimateOptions {
  readonly method?: TransferMethod;
  readonly seed?: number;
  /** md-bayes: chains, draws kept per chain, burn-in and thinning. */
  readonly chains?: number;
  readonly samples?: number;
  readonly burnin?: number;
  readonly thin?: number;
  /** md-bayes: shape and rate of the Gamma hyperprior of α (default 1 and 0.1; eiPack's are 4 and 2). */
  readonly lambda1?: number;
  readonly lambda2?: number;
  /** lp: also estimate one matrix per unit (nslphom-style refinement). */
  readonly perUnit?: boolean;
  /** md-bayes: hears the sweeps done over all chains, of how many (see MdBayesOptions). */
  readonly onProgress?: (p: { sweeps: number; total: number }) => void;
  /** Stops the estimate (md-bayes within 25 sweeps of a chain; lp and goodman off the main thread at once): it rejects with a CancelledError. */
  readonly signal?: AbortSignal;
}

/** The method named by a user, or a UsageError listing the methods there are. */
export function transferMethod(name: string): TransferMethod {
  if ((TRANSFER_METHODS as readonly string[]).includes(name)) return name as TransferMethod;
  throw new UsageError(`unknown transfer method "${name}" (expected one of ${TRANSFER_METHODS.join(', ')})`);
}

/**
 * A warning when there are too few units to tell the transfer rates apart: each unit is C equations
 * in the R × C rates, and the rates show only through the units' different compositions, so
 * fewer than twice as many units with votes as first-round options leave them mostly to the method's
 * assumptions (one unit: any matrix with the right margins fits).
 */
export function fewUnitsWarning(input: TransferInput): string | null {
  const units = input.x.filter((row) => row.some((v) => v > 0)).length;
  const needed = 2 * input.rows.length;
  if (units >= needed) return null;
  return `only ${units} unit${units === 1 ? '' : 's'} with votes for ${input.rows.length} first-round options: the transfer rates are hardly identified (at least ${needed} units with different compositions are needed); read the matrix as a guess`;
}

/** Estimates the transfer matrix with the chosen method (lp by default: fast, and per unit on request). */
export async function estimateTransfers(input: TransferInput, options: EstimateOptions = {}): Promise<TransferResult> {
  const result = await estimateWith(input, options);
  const notes = [fewUnitsWarning(input), emptyRowsNote(input), sameShareNote(input, result.method), typeof result.diagnostics.warning === 'string' ? result.diagnostics.warning : null].filter((w): w is string => w !== null);
  if (notes.length === 0) return result;
  return { ...result, diagnostics: { ...result.diagnostics, warning: notes.join('; ') } };
}

/** First-round options with no voters in any unit: their rows say nothing about anyone (the method's default or prior), and are named. */
function emptyRowsNote(input: TransferInput): string | null {
  const empty = input.rows.filter((_, r) => input.x.every((xi) => !(xi[r]! > 0)));
  if (empty.length === 0) return null;
  return `no voters in ${empty.join(', ')} in any unit: ${empty.length === 1 ? 'its row is' : 'their rows are'} not estimated from the data; do not use ${empty.length === 1 ? 'it' : 'them'} for projections`;
}

/** Only lp holds a same-share column (EXITED) equal for every row; the others estimate it freely, and say so. */
function sameShareNote(input: TransferInput, method: string): string | null {
  const columns = (input.sameShareColumns ?? []).map((c) => input.cols[c]);
  if (columns.length === 0 || method === 'lp') return null;
  return `${method} estimates the share going to ${columns.join(', ')} separately for each row; only lp holds it equal for every row (R lphom's "raw" new and exited voters)`;
}

async function estimateWith(input: TransferInput, options: EstimateOptions): Promise<TransferResult> {
  const method = options.method ?? 'lp';
  if (method === 'goodman') return goodman(input);
  if (method === 'lp') return lp(input, { refine: options.perUnit ?? false });
  return mdBayes(input, {
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.chains !== undefined && { chains: options.chains }),
    ...(options.samples !== undefined && { samples: options.samples }),
    ...(options.burnin !== undefined && { burnin: options.burnin }),
    ...(options.thin !== undefined && { thin: options.thin }),
    ...(options.lambda1 !== undefined && { lambda1: options.lambda1 }),
    ...(options.lambda2 !== undefined && { lambda2: options.lambda2 }),
    ...(options.signal !== undefined && { signal: options.signal }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
}
