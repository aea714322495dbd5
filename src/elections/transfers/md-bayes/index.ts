import { availableParallelism } from 'node:os';
import { UsageError } from '../../../core/errors';
import type { TransferInput, TransferResult } from '../types';
import { runChain, type ChainDraws } from './chain';
import { cancelled, runPooled } from './pool';
import { chainSetup, type ChainSetup, type Estimand } from './setup';
import { summarise } from './summary';

export interface MdBayesOptions {
  /** Seed of the run; chain k draws from a generator seeded by (seed, k). Default 1. */
  readonly seed?: number;
  /** Independent chains (default 4), pooled for the estimates and compared for R-hat. */
  readonly chains?: number;
  /** Kept draws per chain (default 500). */
  readonly samples?: number;
  /**
   * Sweeps discarded at the start of each chain (default 250: with the ridge moves the chains settle
   * sooner, and 4 × (250 + 500) sweeps give three times the effective draws of 4 × (500 + 500) without
   * them, in about the same time; docs/elections.md).
   */
  readonly burnin?: number;
  /** Keep every thin-th sweep (default 1). */
  readonly thin?: number;
  /** Run the chains in worker threads (default true when there is more than one chain). */
  readonly threads?: boolean;
  /**
   * Shape λ1 and rate λ2 of the Gamma hyperprior of every α_rc. Default 1 and 0.1 (an exponential of mean
   * 10): weakly informative, so the data decide between homogeneous units (large α) and heterogeneous
   * ones. eiPack's 4 and 2 hold α near 2 — strong heterogeneity a priori — which biased the aggregate on
   * homogeneous synthetic data (error index 6.6 against 3.4) and gave intervals covering 68 % of NZ 2002
   * cells against 89 % (docs/elections.md).
   */
  readonly lambda1?: number;
  readonly lambda2?: number;
  /** 2×2 draws per unit and sweep, as a multiple of (rows with votes × cols with votes)/2 (default 1). */
  readonly sweep?: number;
  /**
   * Ridge moves a sweep (α and every unit's 2×2 sub-table moved together, see ridge.ts), as a multiple
   * of (rows × cols)/2 (default 1; 0: none). Without them the chains crawl along the aggregate
   * transfer. Not used with the covariate.
   */
  readonly ridge?: number;
  /**
   * 'cross-table' (default): shares and intervals of the realised transfer Σ_i N_irc / Σ_i x_ir;
   * 'unit-shares': of Σ_i x_ir β_irc / Σ_i x_ir, the units' transfer rates (eiPack's Cell.counts).
   */
  readonly estimand?: Estimand;
  /**
   * Let each unit's Dirichlet parameters depend on its composition, α_urc = α_rc exp(δ_rc z_ur) with z_ur
   * the unit's standardised share of row r (a contextual effect; Rosen et al. 2001 §4). Default false.
   */
  readonly covariate?: boolean;
  /** Hears the sweeps done over all chains, and how many there are in all (every 25 sweeps of a chain). */
  readonly onProgress?: (p: { sweeps: number; total: number }) => void;
  /** Stops the chains (each looks every 25 sweeps): the estimate rejects with a CancelledError. */
  readonly signal?: AbortSignal;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`md-bayes: ${name} must be a positive integer, got ${v}`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`md-bayes: ${name} must be a finite number ≥ 0, got ${v}`);
  return v;
}

/** The chains, on up to (cores) worker threads, each chain's draws stored at its index. */
async function runChains(setup: ChainSetup, count: number, threads: boolean, onProgress: MdBayesOptions['onProgress'], signal: AbortSignal | undefined): Promise<ChainDraws[]> {
  const draws: ChainDraws[] = new Array<ChainDraws>(count);
  const total = count * (setup.burnin + setup.samples * setup.thin);
  const done = new Array<number>(count).fill(0);
  const onSweeps = onProgress
    ? (chain: number, sweeps: number): void => {
        done[chain] = sweeps;
        onProgress({ sweeps: done.reduce((a, b) => a + b, 0), total });
      }
    : undefined;
  if (!threads || count === 1) {
    // On this thread nothing else runs meanwhile: a cancel can only be seen between chains.
    for (let k = 0; k < count; k++) {
      if (signal?.aborted) throw cancelled();
      draws[k] = runChain(setup, k, onSweeps && ((sweeps) => onSweeps(k, sweeps)));
    }
    return draws;
  }
  const n = Math.max(1, Math.min(count, availableParallelism()));
  const lists = Array.from({ length: n }, (_, w) => Array.from({ length: count }, (_, k) => k).filter((k) => k % n === w));
  await Promise.all(lists.map((list) => runPooled(n, setup, list, draws, onSweeps, signal)));
  return draws;
}

/**
 * Vote transfers by the multinomial-Dirichlet model of Rosen, Jiang, King & Tanner (2001), the model of
 * R's eiPack::ei.MD.bayes, sampled with latent cross-tables per unit (see chain.ts). Returns the pooled
 * posterior of the aggregate shares Σ_i N_irc / Σ_i x_ir with R-hat and bulk ESS per cell.
 */
export async function mdBayes(input: TransferInput, options: MdBayesOptions = {}): Promise<TransferResult> {
  const started = performance.now();
  const chains = positiveInt('chains', options.chains ?? 4);
  const setup = chainSetup(input, {
    seed: options.seed ?? 1,
    samples: positiveInt('samples', options.samples ?? 500),
    burnin: Math.floor(nonNegative('burnin', options.burnin ?? 250)),
    thin: positiveInt('thin', options.thin ?? 1),
    lambda1: options.lambda1 ?? 1,
    lambda2: options.lambda2 ?? 0.1,
    sweep: options.sweep ?? 1,
    ridge: nonNegative('ridge', options.ridge ?? 1),
    estimand: options.estimand ?? 'cross-table',
    covariate: options.covariate ?? false,
  });
  const draws = await runChains(setup, chains, options.threads ?? chains > 1, options.onProgress, options.signal);
  return summarise(input, setup, draws, (performance.now() - started) / 1000);
}
