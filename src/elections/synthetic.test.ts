import { describe, expect, it } from 'vitest';
import { syntheticElection } from './synthetic';

describe('syntheticElection', () => {
  const settings = { seed: 5, units: 30, voters: 200, matrix: [[0.7, 0.3], [0.2, 0.8], [0.5, 0.5]], heterogeneity: 20, contextual: 2, abstention: 0.1 };

  it('gives units whose margins are the sums of their true tables, abstention included', () => {
    const e = syntheticElection(settings);
    expect(e.input.rows).toEqual(['row 1', 'row 2', 'row 3', 'abstention']);
    expect(e.input.cols).toEqual(['col 1', 'col 2', 'abstention']);
    e.unitTruth.forEach((t, i) => {
      expect(t.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(e.input.x[i]);
      expect([0, 1, 2].map((c) => t.reduce((s, row) => s + row[c]!, 0))).toEqual(e.input.y[i]);
    });
    const total = e.truth.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(e.input.x.flat().reduce((a, b) => a + b, 0));
  });

  it('is reproducible from its seed', () => {
    expect(syntheticElection(settings)).toEqual(syntheticElection(settings));
    expect(syntheticElection({ ...settings, seed: 6 }).truth).not.toEqual(syntheticElection(settings).truth);
  });
});
