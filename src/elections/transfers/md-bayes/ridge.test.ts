import { describe, expect, it } from 'vitest';
import { dirichletInto, gamma } from '../../../core/distributions';
import type { Uniform } from '../../../core/distributions';
import { createRandom } from '../../../core/random';
import { moveRidge } from './ridge';
import { chainSetup } from './setup';
import type { ChainSetup } from './setup';
import { initialState, refreshRow } from './state';
import type { State } from './state';

/*
 * The ridge move must leave the model's joint law p(α) p(N | α) unchanged. A successive-conditional
 * check (Geweke 2004): draw α from its prior and the tables from p(N | α); then, again and again,
 * make a ridge move (given the tables' margins) and draw the tables afresh from p(N | α). If every
 * step keeps the joint law, α stays distributed as its prior; a wrong acceptance ratio drifts it.
 */

const LAMBDA1 = 2;
const LAMBDA2 = 0.5;
const X = [
  [6, 3],
  [2, 9],
  [5, 5],
];

function setupOf(): ChainSetup {
  const input = { units: X.map((_, u) => `u${u}`), rows: ['a', 'b'], cols: ['p', 'q'], x: X, y: X.map((r) => [r[0]!, r[1]!]) };
  return chainSetup(input, { seed: 1, samples: 1, burnin: 0, thin: 1, lambda1: LAMBDA1, lambda2: LAMBDA2, sweep: 1, ridge: 1, estimand: 'cross-table', covariate: false });
}

/** Tables from p(N | α): β_r ~ Dirichlet(α_r), then each row's votes spread by β_r. */
function drawTables(s: ChainSetup, st: State, rand: Uniform): void {
  const beta = new Float64Array(2);
  st.agg.fill(0);
  for (let u = 0; u < s.units; u++) {
    for (let r = 0; r < 2; r++) {
      dirichletInto(rand, st.alpha.subarray(r * 2, r * 2 + 2), beta);
      let first = 0;
      for (let v = 0; v < s.x[u * 2 + r]!; v++) if (rand() < beta[0]!) first++;
      st.n[u * 4 + r * 2] = first;
      st.n[u * 4 + r * 2 + 1] = s.x[u * 2 + r]! - first;
    }
    for (let k = 0; k < 4; k++) st.agg[k] = st.agg[k]! + st.n[u * 4 + k]!;
  }
}

/** Shares α_r0 / A_r of both rows after `rounds` of (ridge move, fresh tables), over many replicates. */
function shares(move: (s: ChainSetup, st: State, rand: Uniform) => void, replicates: number, rounds: number): { row0: number[]; row1: number[] } {
  const s = setupOf();
  const rand = createRandom(7).next;
  const out = { row0: [] as number[], row1: [] as number[] };
  for (let i = 0; i < replicates; i++) {
    const st = initialState(s, rand, new Float64Array(4).fill(0.25));
    for (let k = 0; k < 4; k++) st.alpha[k] = gamma(rand, LAMBDA1) / LAMBDA2;
    for (let r = 0; r < 2; r++) refreshRow(s, st, r);
    st.ridgeStep.fill(0.4);
    for (let t = 0; t < rounds; t++) {
      drawTables(s, st, rand);
      move(s, st, rand);
    }
    out.row0.push(st.alpha[0]! / (st.alpha[0]! + st.alpha[1]!));
    out.row1.push(st.alpha[2]! / (st.alpha[2]! + st.alpha[3]!));
  }
  return out;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[]): number => mean(v.map((x) => (x - mean(v)) ** 2));

describe('moveRidge', () => {
  // Under the prior each row's share α_r0 / A_r is Beta(λ1, λ1): mean 1/2, variance 1 / (4 (2 λ1 + 1)) = 0.05.
  const priorVariance = 1 / (4 * (2 * LAMBDA1 + 1));

  it('keeps α distributed as its prior when alternated with fresh tables (successive-conditional check)', () => {
    let taken = 0;
    const after = shares((s, st, rand) => void (moveRidge(s, st, rand) && taken++), 6000, 12);
    // The moves did move α: most rounds took one.
    expect(taken / (6000 * 12)).toBeGreaterThan(0.3);
    for (const v of [after.row0, after.row1]) {
      expect(Math.abs(mean(v) - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(variance(v) - priorVariance)).toBeLessThan(0.004);
    }
  });

  it('fails a move that takes every proposal: the check can tell a wrong ratio', () => {
    // The same move with its Metropolis test made to pass always (exp of anything read as 2).
    const wrong = (s: ChainSetup, st: State, rand: Uniform): void => {
      const keep = Math.exp;
      Math.exp = () => 2;
      try {
        moveRidge(s, st, rand);
      } finally {
        Math.exp = keep;
      }
    };
    const after = shares(wrong, 6000, 12);
    expect(Math.abs(variance(after.row0) - priorVariance) + Math.abs(variance(after.row1) - priorVariance)).toBeGreaterThan(0.008);
  });
});
