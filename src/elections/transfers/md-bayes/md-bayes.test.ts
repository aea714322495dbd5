import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CancelledError, InputError, UsageError } from '../../../core/errors';
import { syntheticElection } from '../../synthetic';
import type { TransferInput } from '../types';
import { mdBayes } from './index';
import { chainSetup, feasibleTable } from './setup';
import { pooledStart } from './start';

const world = syntheticElection({ seed: 11, units: 60, voters: 300, matrix: [[0.8, 0.1, 0.1], [0.1, 0.7, 0.2], [0.2, 0.2, 0.6]], compositionConcentration: 3 });
const fast = { samples: 300, burnin: 300, seed: 4, lambda1: 1, lambda2: 0.1 };

function errorIndex(votes: number[][], truth: number[][]): number {
  let err = 0;
  let total = 0;
  truth.forEach((row, r) => row.forEach((t, c) => ((err += Math.abs(t - votes[r]![c]!)), (total += t))));
  return (50 * err) / total;
}

describe('mdBayes', () => {
  it('recovers a known matrix: small error index, intervals covering the truth', async () => {
    const res = await mdBayes(world.input, { ...fast, threads: false });
    expect(errorIndex(res.votes, world.truth)).toBeLessThan(5);
    let covered = 0;
    world.truth.forEach((row, r) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((t, c) => {
        const [lo, hi] = res.ci95![r]![c]!;
        if (t / total >= lo && t / total <= hi) covered++;
      });
    });
    expect(covered).toBeGreaterThanOrEqual(7);
    res.matrix.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9));
    expect(res.diagnostics).toMatchObject({ chains: 4, samples: 300, burnin: 300 });
    expect(typeof res.diagnostics.maxRhat).toBe('number');
    expect(res.unitMatrices).toHaveLength(60);
  });

  it('gives the same result for the same seed, with or without worker threads', async () => {
    const opts = { ...fast, samples: 60, burnin: 40, chains: 2 };
    const a = await mdBayes(world.input, { ...opts, threads: true });
    const b = await mdBayes(world.input, { ...opts, threads: false });
    expect(a.matrix).toEqual(b.matrix);
    expect(a.ci95).toEqual(b.ci95);
    const c = await mdBayes(world.input, { ...opts, seed: 5, threads: false });
    expect(c.matrix).not.toEqual(a.matrix);
  });

  it('reports its sweeps as the chains run, in threads and in-process, without changing the draws', async () => {
    const opts = { ...fast, samples: 60, burnin: 40, chains: 3 };
    const total = 3 * (40 + 60);
    for (const threads of [true, false]) {
      const seen: { sweeps: number; total: number }[] = [];
      const res = await mdBayes(world.input, { ...opts, threads, onProgress: (p) => seen.push(p) });
      // Every 25 sweeps of each chain, and at its end: 4 reports a chain, the sum growing to the whole.
      expect(seen).toHaveLength(3 * 4);
      expect(seen.every((p) => p.total === total)).toBe(true);
      expect(seen.map((p) => p.sweeps).every((s, i, all) => i === 0 || s > all[i - 1]!)).toBe(true);
      expect(seen.at(-1)!.sweeps).toBe(total);
      expect(res.matrix).toEqual((await mdBayes(world.input, { ...opts, threads: false })).matrix);
    }
  });

  it('reuses its worker threads: runs at once on the same pool give each its own draws', async () => {
    const opts = { ...fast, samples: 60, burnin: 40, chains: 3 };
    const alone = await Promise.all([1, 2, 3].map((seed) => mdBayes(world.input, { ...opts, seed, threads: false })));
    const together = await Promise.all([1, 2, 3].map((seed) => mdBayes(world.input, { ...opts, seed, threads: true })));
    expect(together.map((r) => r.matrix)).toEqual(alone.map((r) => r.matrix));
    expect(together.map((r) => r.ci95)).toEqual(alone.map((r) => r.ci95));
  });

  it('cancels at once an estimate queued behind another on the pool, without waiting for the first', async () => {
    const cores = availableParallelism();
    // Fill the pool first, so that the next runs are dealt round all its workers.
    await mdBayes(world.input, { ...fast, samples: 5, burnin: 5, chains: cores, threads: true });
    const first = new AbortController();
    const second = new AbortController();
    const long = mdBayes(world.input, { ...fast, samples: 100_000, burnin: 100_000, chains: cores, threads: true, signal: first.signal });
    const longDone = long.then(() => 'finished', (e: unknown) => e);
    const queued = mdBayes(world.input, { ...fast, chains: cores, threads: true, signal: second.signal });
    const queuedDone = queued.then(() => 'finished', (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const cancelledAt = Date.now();
    second.abort();
    const timeout = new Promise((r) => setTimeout(() => r('still waiting 3 s after the cancel'), 3000));
    const outcome = await Promise.race([queuedDone, timeout]);
    const waited = Date.now() - cancelledAt;
    first.abort();
    expect(outcome, 'the queued estimate, cancelled while the first one ran, should reject at once with a CancelledError').toBeInstanceOf(CancelledError);
    expect((outcome as Error).message).toBe('the md-bayes estimate was cancelled');
    expect(waited, 'ms from the cancel of the queued estimate to its rejection').toBeLessThan(1000);
    expect(await longDone, 'the first estimate, cancelled after the test').toBeInstanceOf(CancelledError);
    expect(await queuedDone).toBeInstanceOf(CancelledError);
    // The pool still runs estimates afterwards.
    const after = await mdBayes(world.input, { ...fast, samples: 20, burnin: 20, chains: cores, threads: true });
    expect(after.diagnostics).toMatchObject({ chains: cores });
  });

  it('keeps structural zeros at zero and sets aside units without votes', async () => {
    const input: TransferInput = {
      rows: ['A', 'B', 'new'],
      cols: ['A', 'B', 'abstained'],
      units: ['u1', 'u2', 'empty', 'u3', 'u4'],
      x: [[50, 30, 10], [20, 60, 5], [0, 0, 0], [40, 40, 20], [70, 10, 8]],
      y: [[45, 30, 15], [25, 50, 10], [0, 0, 0], [45, 35, 20], [60, 20, 8]],
      structuralZeros: [[2, 2]],
    };
    const res = await mdBayes(input, { samples: 50, burnin: 50, chains: 2, threads: false });
    expect(res.matrix[2]![2]).toBe(0);
    expect(res.ci95![2]![2]).toEqual([0, 0]);
    expect(res.votes[2]![2]).toBe(0);
    expect(res.unitMatrices).toHaveLength(5);
    expect(res.diagnostics).toMatchObject({ units: 5, unitsWithVotes: 4 });
    const total = res.votes.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(363, 6);
  });

  it('runs when a single row or a single column has votes (no 2×2 pattern for the ridge moves)', async () => {
    const oneRow: TransferInput = { rows: ['a', 'b', 'c'], cols: ['p', 'q'], units: ['u1', 'u2'], x: [[0, 30, 0], [0, 50, 0]], y: [[10, 20], [25, 25]] };
    const r = await mdBayes(oneRow, { samples: 20, burnin: 20, chains: 1, threads: false });
    expect(r.votes[1]).toEqual([35, 45]);
    const oneCol: TransferInput = { rows: ['a', 'b'], cols: ['p', 'q', 'r'], units: ['u1', 'u2'], x: [[10, 20], [25, 25]], y: [[30, 0, 0], [50, 0, 0]] };
    const c = await mdBayes(oneCol, { samples: 20, burnin: 20, chains: 1, threads: false });
    expect(c.votes.map((row) => row[0])).toEqual([35, 45]);
  });

  it("gives a unit's rows without votes the shares of α's posterior, each row summing to 1", async () => {
    const input: TransferInput = {
      rows: ['a', 'b', 'c'],
      cols: ['p', 'q', 'r'],
      units: ['u1', 'u2', 'u3', 'u4'],
      x: [[0, 40, 20], [30, 0, 30], [50, 20, 0], [20, 30, 10]],
      y: [[20, 30, 10], [25, 20, 15], [40, 20, 10], [15, 25, 20]],
    };
    const res = await mdBayes(input, { samples: 40, burnin: 40, chains: 2, threads: false, ridge: 4 });
    for (const m of res.unitMatrices!) for (const row of m) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const alpha = (res.diagnostics as { alpha: number[][] }).alpha;
    const shares = alpha.map((row) => row.map((a) => a / row.reduce((x, y) => x + y, 0)));
    const gaps = [[0, 0], [1, 1], [2, 2]].flatMap(([u, r]) => res.unitMatrices![u!]![r!]!.map((v, c) => Math.abs(v - shares[r!]![c]!)));
    // The mean of α_rc / A_r against the share of α's means: near, not equal.
    expect(Math.max(...gaps)).toBeLessThan(0.1);
  });

  it('refuses a ridge or burn-in that is negative or not finite', async () => {
    for (const bad of [{ ridge: Infinity }, { ridge: -1 }, { burnin: Number.NaN }]) {
      await expect(mdBayes(world.input, { ...fast, ...bad, threads: false })).rejects.toBeInstanceOf(UsageError);
    }
  });

  it('says that R-hat and ESS cannot be computed from too few draws, rather than quoting a value', async () => {
    const input: TransferInput = { rows: ['a', 'b'], cols: ['c', 'd'], units: ['u1', 'u2', 'u3'], x: [[30, 40], [50, 10], [20, 60]], y: [[35, 35], [40, 20], [30, 50]] };
    const res = await mdBayes(input, { samples: 1, burnin: 5, threads: false });
    expect([res.diagnostics.maxRhat, res.diagnostics.minEss, res.diagnostics.converged]).toEqual([null, null, false]);
    expect(res.diagnostics.warning).toBe('md-bayes has not converged: R-hat not computable (too few draws), bulk ESS not computable; run more samples or burn-in before trusting the intervals');
  });

  it('refuses units whose two rounds do not add up', async () => {
    const bad: TransferInput = { rows: ['a', 'b'], cols: ['c', 'd'], units: ['u'], x: [[3, 4]], y: [[3, 3]] };
    await expect(mdBayes(bad)).rejects.toBeInstanceOf(InputError);
  });
});

describe('pooledStart', () => {
  it('finds the matrix of a homogeneous election (ecological EM)', () => {
    const s = chainSetup(world.input, { ...fast, thin: 1, sweep: 1, ridge: 1, estimand: 'cross-table', covariate: false });
    const P = pooledStart(s);
    const truth = world.truth.map((row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)));
    truth.flat().forEach((t, k) => expect(Math.abs(P[k]! - t)).toBeLessThan(0.08));
  });
});

describe('mdBayes with the covariate', () => {
  it('runs, is reproducible and reports its setting', async () => {
    const opts = { ...fast, samples: 100, burnin: 300, chains: 2, threads: false, covariate: true };
    const a = await mdBayes(world.input, opts);
    expect(a.matrix).toEqual((await mdBayes(world.input, opts)).matrix);
    expect(a.diagnostics.covariate).toBe(true);
    expect(errorIndex(a.votes, world.truth)).toBeLessThan(10);
  });
});

describe('feasibleTable', () => {
  it('meets both margins and leaves disallowed cells empty', () => {
    const allowed = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0, 1]);
    const t = feasibleTable([10, 7, 5], [6, 9, 7], allowed, new Float64Array(9).fill(1))!;
    expect([0, 1, 2].map((r) => t[r * 3]! + t[r * 3 + 1]! + t[r * 3 + 2]!)).toEqual([10, 7, 5]);
    expect([0, 1, 2].map((c) => t[c]! + t[3 + c]! + t[6 + c]!)).toEqual([6, 9, 7]);
    expect([t[2], t[3], t[7]]).toEqual([0, 0, 0]);
  });

  it('is null when the zeros make the margins impossible', () => {
    expect(feasibleTable([5, 5], [5, 5], Uint8Array.from([1, 0, 1, 0]), new Float64Array(4).fill(1))).toBeNull();
  });
});
