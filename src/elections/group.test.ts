import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors';
import type { RoundResults, UnitResult } from './formats/types';
import { districtLineUps, pairInDistrict } from './group';

const unit = (code: string, district: string | undefined, counts: number[]): UnitResult => ({ code, sourceCode: code, counts, line: 1, ...(district !== undefined && { district }) });

/** Two districts: A and B stand in 01-1, C and D in 01-2 (every choice's votes in its own district only). */
const first: RoundResults = {
  format: 'test',
  options: [{ key: 'ABSTENTION', label: 'ABSTENTION', kind: 'abstention' }, ...['A', 'B', 'C', 'D'].map((k) => ({ key: k, label: k, kind: 'choice' as const }))],
  units: [unit('1', '01-1', [10, 40, 50, 0, 0]), unit('2', '01-1', [20, 30, 50, 0, 0]), unit('3', '01-2', [5, 0, 0, 60, 35])],
  bad: [],
};
const second = (districts: boolean): RoundResults => ({
  format: 'test',
  options: [{ key: 'ABSTENTION', label: 'ABSTENTION', kind: 'abstention' }, ...['A', 'C'].map((k) => ({ key: k, label: k, kind: 'choice' as const }))],
  units: [unit('1', districts ? '01-1' : undefined, [20, 80, 0]), unit('2', districts ? '01-1' : undefined, [30, 70, 0]), unit('3', districts ? '01-2' : undefined, [10, 0, 90])],
  bad: [],
});

describe('pairInDistrict', () => {
  it("keeps one district's units in both rounds, and only the choices with votes there", () => {
    const [a, b] = pairInDistrict(first, second(true), '01-1', ['from: ', 'to: ']);
    expect(a.units.map((u) => u.code)).toEqual(['1', '2']);
    expect(a.options.map((o) => o.key)).toEqual(['ABSTENTION', 'A', 'B']);
    expect(a.units.map((u) => u.counts)).toEqual([[10, 40, 50], [20, 30, 50]]);
    expect(b.options.map((o) => o.key)).toEqual(['ABSTENTION', 'A']);
    expect(b.units.map((u) => u.counts)).toEqual([[20, 80], [30, 70]]);
  });

  it("takes a round without districts by the codes of the other round's district", () => {
    const [a, b] = pairInDistrict(first, second(false), '01-2', ['from: ', 'to: ']);
    expect(a.units.map((u) => u.code)).toEqual(['3']);
    expect(b.units.map((u) => u.code)).toEqual(['3']);
    expect(b.options.map((o) => o.key)).toEqual(['ABSTENTION', 'C']);
    const [c, d] = pairInDistrict(second(false), first, '01-2', ['from: ', 'to: ']);
    expect([c.units.map((u) => u.code), d.units.map((u) => u.code)]).toEqual([['3'], ['3']]);
  });

  it('refuses a district that is not there, naming the round and the districts there are', () => {
    expect(() => pairInDistrict(first, second(true), '99', ['--from r1.csv: ', 'to: '])).toThrow(new InputError('--from r1.csv: no unit in district "99"; districts: 01-1, 01-2'));
    const none = { ...first, units: first.units.map((u) => unit(u.code, undefined, [...u.counts])) };
    expect(() => pairInDistrict(none, second(false), '01-1', ['--from r1.csv: ', 'to: '])).toThrow(/^--from r1\.csv: no unit in district "01-1"; this round has no districts$/);
  });
});

describe('districtLineUps', () => {
  it("counts the districts and their distinct sets of choices with votes", () => {
    expect(districtLineUps(second(true))).toEqual({ districts: 2, lineUps: 2 });
    const same = { ...second(true), units: second(true).units.map((u) => ({ ...u, counts: [5, 50, 45] })) };
    expect(districtLineUps(same)).toEqual({ districts: 2, lineUps: 1 });
    expect(districtLineUps(second(false))).toEqual({ districts: 0, lineUps: 0 });
  });
});
