import { syntheticElection, type SyntheticSettings } from '../../src/elections/synthetic';
import type { KnownTruthCase } from './nz';

/** A true matrix with a loyal diagonal and spread-out rest (rows × cols). */
export function loyalMatrix(rows: number, cols: number, loyalty: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (c === r % cols ? loyalty : (1 - loyalty) / (cols - 1))));
}

/**
 * The synthetic sets of the harness: the model's own world, then the misspecifications real data have
 * (heterogeneous unit matrices, contextual effects, abstention). Settings are fixed here, not tuned.
 */
export const SYNTHETIC_SETS: Record<string, Omit<SyntheticSettings, 'seed'>> = {
  homogeneous: { units: 80, voters: 500, matrix: loyalMatrix(4, 4, 0.7) },
  heterogeneous: { units: 80, voters: 500, matrix: loyalMatrix(4, 4, 0.7), heterogeneity: 15 },
  contextual: { units: 80, voters: 500, matrix: loyalMatrix(4, 4, 0.6), heterogeneity: 40, contextual: 3 },
  'abstention+contextual': { units: 100, voters: 600, matrix: loyalMatrix(5, 4, 0.55), heterogeneity: 30, contextual: 2, abstention: 0.2 },
  'large-table': { units: 80, voters: 400, matrix: loyalMatrix(10, 7, 0.5), heterogeneity: 20, contextual: 1.5, rowShares: [0.3, 0.25, 0.12, 0.1, 0.08, 0.05, 0.04, 0.03, 0.02, 0.01] },
};

export function syntheticCases(set: string, seeds: number): KnownTruthCase[] {
  const settings = SYNTHETIC_SETS[set]!;
  return Array.from({ length: seeds }, (_, k) => {
    const e = syntheticElection({ ...settings, seed: 1000 + k });
    return { name: `${set} #${k + 1}`, input: e.input, truth: e.truth };
  });
}
