import { bulkEss, splitRhat } from '../../../core/mcmc';
import { quantileSorted } from '../../../core/stats';
import type { TransferInput, TransferResult } from '../types';
import type { ChainDraws } from './chain';
import type { ChainSetup } from './setup';

/** Vehtari et al. (2021) recommend R-hat < 1.01 and a bulk ESS of at least 100 per chain. */
export const RHAT_LIMIT = 1.01;
export const ESS_PER_CHAIN = 100;

interface CellSummary {
  readonly mean: number;
  readonly ci: [number, number];
  readonly rhat: number | null;
  readonly ess: number | null;
}

function cellSummary(chains: readonly ChainDraws[], samples: number, k: number, RC: number): CellSummary {
  const per = chains.map((ch) => Float64Array.from({ length: samples }, (_, d) => ch.shares[d * RC + k]!));
  const pooled = new Float64Array(per.length * samples);
  per.forEach((p, j) => pooled.set(p, j * samples));
  pooled.sort();
  const mean = pooled.reduce((s, v) => s + v, 0) / pooled.length;
  const constant = pooled[0] === pooled[pooled.length - 1];
  const rhat = constant || chains.length < 1 ? null : splitRhat(per);
  const ess = constant ? null : bulkEss(per);
  return { mean, ci: [quantileSorted(pooled, 0.025), quantileSorted(pooled, 0.975)], rhat: rhat !== null && Number.isFinite(rhat) ? rhat : null, ess: ess !== null && Number.isFinite(ess) ? ess : null };
}

function unitMatrices(input: TransferInput, s: ChainSetup, chains: readonly ChainDraws[]): number[][][] {
  const R = s.rows;
  const C = s.cols;
  const RC = R * C;
  const alpha = Float64Array.from({ length: RC }, (_, k) => chains.reduce((t, ch) => t + ch.alphaMean[k]!, 0) / chains.length);
  const prior = Array.from({ length: R }, (_, r) => {
    const row = Array.from(alpha.subarray(r * C, r * C + C));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((a) => a / sum);
  });
  const out: number[][][] = input.units.map(() => prior.map((row) => [...row]));
  s.unitIndex.forEach((i, u) => {
    out[i] = Array.from({ length: R }, (_, r) =>
      Array.from({ length: C }, (_, c) => chains.reduce((t, ch) => t + ch.unitMean[u * RC + r * C + c]!, 0) / chains.length),
    );
  });
  return out;
}

/**
 * The result of the pooled chains: shares as posterior means of the aggregate shares, ci95 as their
 * 2.5 % and 97.5 % quantiles, and per-cell R-hat and bulk ESS. A row without voters gets the
 * population mean α_r· / A_r from the posterior of α (no interval).
 */
export function summarise(input: TransferInput, s: ChainSetup, chains: readonly ChainDraws[], seconds: number): TransferResult {
  const { rows: R, cols: C } = s;
  const RC = R * C;
  const units = unitMatrices(input, s, chains);
  const rowTotal = new Float64Array(R);
  for (let u = 0; u < s.units; u++) for (let r = 0; r < R; r++) rowTotal[r] = rowTotal[r]! + s.x[u * R + r]!;
  const cells = Array.from({ length: RC }, (_, k) => cellSummary(chains, s.samples, k, RC));
  const alpha = Array.from({ length: RC }, (_, k) => chains.reduce((t, ch) => t + ch.alphaMean[k]!, 0) / chains.length);
  const matrix = Array.from({ length: R }, (_, r) =>
    Array.from({ length: C }, (_, c) => {
      if (rowTotal[r]! > 0) return cells[r * C + c]!.mean;
      const sum = alpha.slice(r * C, r * C + C).reduce((a, b) => a + b, 0);
      return alpha[r * C + c]! / sum;
    }),
  );
  const ci95 = Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => (rowTotal[r]! > 0 ? cells[r * C + c]!.ci : ([0, 1] as [number, number]))));
  const votes = matrix.map((row, r) => row.map((v) => v * rowTotal[r]!));
  const grid = <T>(f: (cell: CellSummary) => T): T[][] => Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => f(cells[r * C + c]!)));
  const rhats = cells.map((c) => c.rhat).filter((v): v is number => v !== null);
  const esses = cells.map((c) => c.ess).filter((v): v is number => v !== null);
  // With too few draws no R-hat or ESS can be computed: that is not convergence, and is said so.
  const maxRhat = rhats.length ? Math.max(...rhats) : null;
  const minEss = esses.length ? Math.min(...esses) : null;
  const essFloor = ESS_PER_CHAIN * chains.length;
  const converged = (chains.length < 2 || (maxRhat !== null && maxRhat <= RHAT_LIMIT)) && minEss !== null && minEss >= essFloor;
  const diagnostics: Record<string, unknown> = {
    rhatMethod: 'rank-normalised split R-hat, max of bulk and folded (Vehtari et al. 2021)',
    essMethod: 'bulk ESS of rank-normalised split chains (Vehtari et al. 2021)',
    rhat: grid((c) => c.rhat),
    ess: grid((c) => c.ess),
    maxRhat,
    minEss,
    converged,
    chains: chains.length,
    samples: s.samples,
    burnin: s.burnin,
    thin: s.thin,
    lambda1: s.lambda1,
    lambda2: s.lambda2,
    estimand: s.estimand,
    covariate: s.covariate,
    seed: s.seed,
    units: input.units.length,
    unitsWithVotes: s.units,
    alphaAcceptance: chains.map((c) => c.alphaAcceptance),
    alpha: Array.from({ length: R }, (_, r) => alpha.slice(r * C, r * C + C)),
    chainSeconds: chains.map((c) => c.seconds),
    seconds,
  };
  if (!converged) {
    const rhat = maxRhat === null ? 'R-hat not computable (too few draws)' : `max R-hat ${maxRhat.toFixed(3)} (limit ${RHAT_LIMIT})`;
    const ess = minEss === null ? 'bulk ESS not computable' : `min bulk ESS ${Math.round(minEss)} (floor ${essFloor})`;
    diagnostics.warning = `md-bayes has not converged: ${rhat}, ${ess}; run more samples or burn-in before trusting the intervals`;
  }
  return { method: 'md-bayes', rows: [...input.rows], cols: [...input.cols], matrix, ci95, votes, diagnostics, unitMatrices: units };
}
