import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, bandOfAge, parseAgeBand, parseGender } from './normalise';
import type { AudienceCell } from './suppress';
import { suppressCells } from './suppress';

describe('age bands and genders from inputs', () => {
  it('reads the usual spellings and coarsens exact ages to bands', () => {
    expect(['25-34', '25–34', '25 to 34', ' 25 - 34 '].map(parseAgeBand)).toEqual(['25-34', '25-34', '25-34', '25-34']);
    expect(['65+', '65 and over', 65, '80', 17, 13].map(parseAgeBand)).toEqual(['65+', '65+', '65+', '65+', '13-17', '13-17']);
    expect([undefined, null, ''].map(parseAgeBand)).toEqual([null, null, null]);
    expect(parseAgeBand('25-35')).toEqual({ error: expect.stringContaining('expected one of 13-17, 18-24') });
    expect(parseAgeBand(9)).toEqual({ error: 'age: expected 13–120, found 9' });
    expect(bandOfAge(44)).toBe('35-44');
  });

  it('reads genders in the platforms’ languages and leaves unknown out', () => {
    expect(['Female', 'F', 'femme', 'Frau', 'male', 'Homme', 'non-binary', 'unknown', ''].map(parseGender)).toEqual(['female', 'female', 'female', 'female', 'male', 'male', 'other', null, null]);
    expect(parseGender('yes')).toEqual({ error: 'gender: expected female, male or other, found "yes"' });
  });
});

const cell = fc.record({ people: fc.integer({ min: 1, max: 40 }), extra: fc.integer({ min: 0, max: 30 }) });

describe('small-cell suppression', () => {
  it('hides every cell under k people, and never leaves a line (age band or gender) with exactly one hidden cell', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...AGE_BANDS), fc.constantFrom('female', 'male', 'other'), cell), { maxLength: 21 }), fc.integer({ min: 2, max: 15 }), (raw, k) => {
        const seen = new Set<string>();
        const cells: AudienceCell[] = raw
          .filter(([a, g]) => !seen.has(`${a}/${g}`) && seen.add(`${a}/${g}`))
          .map(([ageBand, gender, c]) => ({ ageBand, gender, people: c.people, posts: c.people + c.extra, decided: c.people, b: 0 }));
        const out = suppressCells(cells, k);
        expect(out).toHaveLength(cells.length);
        out.forEach((o, i) => {
          if (cells[i]!.people < k) expect(o.suppressed).toBe(true);
          if (o.suppressed) expect(Object.keys(o).sort()).toEqual(['ageBand', 'gender', 'suppressed']);
        });
        for (const key of ['ageBand', 'gender'] as const) {
          const lines = new Map<string, boolean[]>();
          for (const o of out) (lines.get(o[key]) ?? lines.set(o[key], []).get(o[key])!).push(o.suppressed);
          for (const line of lines.values()) if (line.length > 1) expect(line.filter(Boolean).length).not.toBe(1);
        }
      }),
    );
  });

  it('shows a table whose cells all reach k as it is', () => {
    const cells = [
      { ageBand: '25-34', gender: 'female', posts: 30, people: 12, decided: 20, b: 11 },
      { ageBand: '25-34', gender: 'male', posts: 25, people: 10, decided: 20, b: 8 },
    ];
    expect(suppressCells(cells, 10).every((c) => !c.suppressed)).toBe(true);
    expect(suppressCells(cells, 11).every((c) => c.suppressed)).toBe(true);
  });
});
