import { describe, expect, it } from 'vitest';
import { normaliseUnitCode } from './formats/codes';
import { isRegisteredColumn, optionKindOf } from './formats/kinds';
import { parseCount } from './formats/numbers';
import type { RoundResults } from './formats/types';
import { groupByParty } from './group';
import { matchUnits } from './match';

describe('normaliseUnitCode', () => {
  it('ignores zero-padding of numeric parts, case, spaces and separators', () => {
    for (const code of ['29-29011-0001', '29 29011 1', '29-29011-01', ' 29_29011_001 ']) expect(normaliseUnitCode(code)).toBe('29-29011-1');
    expect(normaliseUnitCode('E06000001')).toBe('e06000001');
    expect(normaliseUnitCode('0000')).toBe('0');
    expect(normaliseUnitCode('2A-004')).toBe('2a-4');
    expect(normaliseUnitCode('  ')).toBe('');
    // The same accented code, composed (as most tools write it) and decomposed (as some save it).
    expect(normaliseUnitCode('E\u0301vry-01')).toBe(normaliseUnitCode('\u00c9vry-1'));
  });
});

describe('matchUnits', () => {
  it('pairs by code and returns both sides of the unmatched, in order', () => {
    const a = [{ code: '1', n: 'a1' }, { code: '2', n: 'a2' }, { code: '3', n: 'a3' }];
    const b = [{ code: '3', n: 'b3' }, { code: '4', n: 'b4' }, { code: '1', n: 'b1' }];
    const m = matchUnits(a, b);
    expect(m.matched.map(([x, y]) => `${x.n}-${y.n}`)).toEqual(['a1-b1', 'a3-b3']);
    expect(m.onlyInA.map((u) => u.n)).toEqual(['a2']);
    expect(m.onlyInB.map((u) => u.n)).toEqual(['b4']);
    expect(matchUnits([], b).onlyInB).toHaveLength(3);
  });
});

describe('parseCount', () => {
  it('reads whole counts with thousands separators and whole decimals', () => {
    for (const [text, value] of [['1234', 1234], ['1 234', 1234], [' 12 345 678 ', 12345678], ['1 234,0', 1234], ['1\u202f234', 1234], ['1\u00a0234', 1234], ['1,234,567', 1234567], ['1.000', 1000], ['12.000', 12000], ['1.234.567', 1234567], ['12,0', 12], ['12.00', 12], ['0', 0]] as const) {
      expect(parseCount(text)).toEqual({ ok: true, value });
    }
  });

  it('says why a text is not a count', () => {
    expect(parseCount('')).toEqual({ ok: false, why: 'is empty' });
    expect(parseCount('-3')).toEqual({ ok: false, why: '"-3" is negative' });
    expect(parseCount('42,37')).toEqual({ ok: false, why: '"42,37" is not a whole number' });
    expect(parseCount('1.2345')).toEqual({ ok: false, why: '"1.2345" is not a whole number' });
    expect(parseCount('1.000,5')).toEqual({ ok: false, why: '"1.000,5" is not a number' });
    expect(parseCount('abc')).toEqual({ ok: false, why: '"abc" is not a number' });
    expect(parseCount('99999999999999999999')).toEqual({ ok: false, why: '"99999999999999999999" is too large (more than 10,000,000,000 votes: a shifted column?)' });
    expect(parseCount('10000000001').ok).toBe(false);
    expect(parseCount('10000000000')).toEqual({ ok: true, value: 10_000_000_000 });
    // A space only between thousands: two numbers in one cell are not one count.
    for (const text of ['12 34', '1 2 3', '1234 567', '1 23']) expect(parseCount(text)).toEqual({ ok: false, why: `"${text}" is not a number (a space may only separate thousands, as in "1 234")` });
    // A dash, as tables print "none", is not a negative number.
    expect(parseCount('-')).toEqual({ ok: false, why: '"-" is not a number' });
  });
});

describe('column kinds', () => {
  it('knows abstention, blank, null and registered in English and French, with a round number', () => {
    const kinds = ['abstention', 'Abstentions', 'ABSTENTION2', 'blancs', 'BLANK', 'nuls', 'null', 'Rejected_Ballots', 'BLANK_NULL', 'blank_null2', 'Blancs et nuls', 'MACRON'].map(optionKindOf);
    expect(kinds).toEqual(['abstention', 'abstention', 'abstention', 'blank', 'blank', 'null', 'null', 'null', 'blank_null', 'blank_null', 'blank_null', 'choice']);
    expect(['registered', 'Inscrits', 'Electorate', 'votes'].map(isRegisteredColumn)).toEqual([true, true, true, false]);
  });
});

describe('groupByParty', () => {
  const round: RoundResults = {
    format: 'test',
    options: [
      { key: 'ABSTENTION', label: 'Abstention', kind: 'abstention' },
      { key: 'A (RN)', label: 'A (RN)', kind: 'choice', party: 'RN' },
      { key: 'B (UG)', label: 'B (UG)', kind: 'choice', party: 'UG' },
      { key: 'C (RN)', label: 'C (RN)', kind: 'choice', party: 'RN' },
      { key: 'Other', label: 'Other', kind: 'choice' },
    ],
    units: [
      { code: '1', sourceCode: '1', counts: [10, 5, 7, 0, 1], line: 2 },
      { code: '2', sourceCode: '2', counts: [20, 0, 3, 9, 2], line: 3 },
    ],
    bad: [{ line: 4, message: 'x' }],
  };

  it('sums candidates of the same party and keeps the rest', () => {
    const g = groupByParty(round);
    expect(g.options.map((o) => o.key)).toEqual(['ABSTENTION', 'RN', 'UG', 'Other']);
    expect(g.units.map((u) => u.counts)).toEqual([[10, 5, 7, 1], [20, 9, 3, 2]]);
    expect(g.bad).toEqual(round.bad);
  });

  it('refuses a party whose name is already another option\'s key', () => {
    const clash = { ...round, options: round.options.map((o) => (o.key === 'Other' ? { ...o, key: 'RN' } : o)) };
    expect(() => groupByParty(clash)).toThrow(/would share the key "RN"/);
  });
});
