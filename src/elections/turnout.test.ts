import { describe, expect, it } from 'vitest';
import type { ResultOption, RoundResults } from './formats/types';
import { coreBase, roundTurnout, turnoutOf } from './turnout';

const OPTIONS: ResultOption[] = [
  { key: 'ABSTENTION', label: 'Abstention', kind: 'abstention' },
  { key: 'BLANK', label: 'Blank', kind: 'blank' },
  { key: 'NULL', label: 'Null', kind: 'null' },
  { key: 'A', label: 'A', kind: 'choice' },
  { key: 'B', label: 'B', kind: 'choice' },
];

describe('turnoutOf', () => {
  it('derives registered, voters, turnout and both shares from the counts', () => {
    const t = turnoutOf(OPTIONS, [300, 10, 5, 450, 235]);
    expect(t).toMatchObject({ registered: 1000, voters: 700, turnout: 0.7, abstention: 300, blank: 10, null: 5, blankNull: 0, expressed: 685, gap: null });
    expect(t.options[3]).toEqual({ key: 'A', kind: 'choice', votes: 450, ofRegistered: 0.45, ofExpressed: 450 / 685 });
    expect(t.options[0]!.ofExpressed).toBeNull();
  });

  it('uses the registered figure of the source, and shows any gap with the counts', () => {
    expect(turnoutOf(OPTIONS, [300, 10, 5, 450, 235], 1003)).toMatchObject({ registered: 1003, gap: 3 });
    const noAbstention = OPTIONS.filter((o) => o.kind !== 'abstention');
    expect(turnoutOf(noAbstention, [10, 5, 450, 235], 1000)).toMatchObject({ registered: 1000, abstention: 300, turnout: 0.7, gap: null });
  });

  it('says null, not a made-up figure, when registered cannot be known', () => {
    const t = turnoutOf(OPTIONS.slice(3), [450, 235]);
    expect(t).toMatchObject({ registered: null, turnout: null, abstention: null, voters: 685, expressed: 685 });
    expect(t.options[0]!.ofRegistered).toBeNull();
    expect(turnoutOf(OPTIONS, [0, 0, 0, 0, 0]).turnout).toBeNull();
  });
});

describe('roundTurnout', () => {
  it('sums the units for the total and keeps each unit', () => {
    const round: RoundResults = {
      format: 'test',
      options: OPTIONS,
      units: [
        { code: '1', sourceCode: '1', name: 'One', registered: 1000, counts: [300, 10, 5, 450, 235], line: 2 },
        { code: '2', sourceCode: '2', registered: 500, counts: [250, 0, 0, 100, 150], line: 3 },
      ],
      bad: [],
    };
    const r = roundTurnout(round);
    expect(r.units.map((u) => [u.code, u.name, u.turnout])).toEqual([['1', 'One', 0.7], ['2', undefined, 0.5]]);
    expect(r.total).toMatchObject({ registered: 1500, voters: 950, abstention: 550, expressed: 935, gap: 0 });
    expect(r.total.turnout).toBeCloseTo(950 / 1500, 12);
  });
});

describe('coreBase', () => {
  it('gives the votes a share needs at a turnout: N = s·R·t·(1 − b)', () => {
    const european = coreBase({ registered: 10_000, scenarioTurnout: 0.45, share: 0.3 });
    expect(european).toMatchObject({ voters: 4500, expressed: 4500, votesNeeded: 1350, shareOfExpressed: 0.3, majority: 2251, toMajority: 901 });
    expect(european.shareOfRegistered).toBeCloseTo(0.135, 12);
    const national = coreBase({ registered: 10_000, scenarioTurnout: 0.7, share: 0.3, invalidRate: 0.05 });
    expect(national.expressed).toBeCloseTo(6650, 9);
    expect(national.votesNeeded).toBeCloseTo(1995, 9);
    expect(national.shareOfRegistered).toBeCloseTo(0.3 * 0.7 * 0.95, 12);
  });

  it('gives what the votes a party has now are worth at a lower turnout', () => {
    const low = coreBase({ registered: 10_000, scenarioTurnout: 0.4, votes: 2100 });
    expect(low.shareOfExpressed).toBeCloseTo(0.525, 12);
    expect(low.toMajority).toBe(0);
    expect(coreBase({ registered: 1000, scenarioTurnout: 0.2, votes: 300 }).shareOfExpressed).toBe(1.5);
  });

  it('refuses impossible scenarios', () => {
    expect(() => coreBase({ registered: 100, scenarioTurnout: 0, share: 0.3 })).toThrow(/turnout/);
    expect(() => coreBase({ registered: 100, scenarioTurnout: 1.2, share: 0.3 })).toThrow(/turnout/);
    expect(() => coreBase({ registered: 100, scenarioTurnout: 0.5, share: 1.3 })).toThrow(/share/);
    expect(() => coreBase({ registered: 100, scenarioTurnout: 0.5 })).toThrow(/either a share or votes/);
    expect(() => coreBase({ registered: 100, scenarioTurnout: 0.5, share: 0.2, invalidRate: 1 })).toThrow(/blank\/null/);
  });
});
