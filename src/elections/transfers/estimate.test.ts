import { describe, expect, it } from 'vitest';
import { estimateTransfers, fewUnitsWarning } from './estimate';
import type { TransferInput } from './types';

const input = (units: number): TransferInput => {
  const x = Array.from({ length: units }, (_, u) => [100 + 10 * u, 200 - 5 * u]);
  const y = x.map(([a, b]) => [Math.round(0.8 * a! + 0.3 * b!), a! + b! - Math.round(0.8 * a! + 0.3 * b!)]);
  return { rows: ['A', 'B'], cols: ['X', 'Y'], units: x.map((_, u) => `u${u}`), x, y };
};

describe('too few units', () => {
  it('warns that one unit leaves the rates to the method, whatever the method', async () => {
    expect(fewUnitsWarning(input(1))).toMatch(/^only 1 unit with votes for 2 first-round options: the transfer rates are hardly identified \(at least 4 units/);
    for (const method of ['lp', 'goodman'] as const) {
      const r = await estimateTransfers(input(1), { method });
      expect(r.diagnostics.warning).toMatch(/^only 1 unit with votes/);
    }
  });

  it('says nothing once there are enough units', async () => {
    expect(fewUnitsWarning(input(4))).toBeNull();
    expect((await estimateTransfers(input(20), { method: 'lp' })).diagnostics.warning).toBeUndefined();
  });
});

describe('a column with the same share for every row (EXITED)', () => {
  it('is held equal by lp only, and the other methods say they estimate it per row', async () => {
    const same: TransferInput = { ...input(20), sameShareColumns: [1] };
    expect((await estimateTransfers(same, { method: 'lp' })).diagnostics.warning).toBeUndefined();
    expect((await estimateTransfers(same, { method: 'goodman' })).diagnostics.warning).toBe(
      'goodman estimates the share going to Y separately for each row; only lp holds it equal for every row (R lphom\'s "raw" new and exited voters)',
    );
  });
});

describe('a first-round option with no voters', () => {
  it('is named: its row is not estimated from the data', async () => {
    const base = input(20);
    const empty: TransferInput = { ...base, rows: ['A', 'B', 'C'], x: base.x.map((xi) => [...xi, 0]) };
    for (const method of ['lp', 'goodman'] as const) {
      expect((await estimateTransfers(empty, { method })).diagnostics.warning).toBe('no voters in C in any unit: its row is not estimated from the data; do not use it for projections');
    }
  });
});
