import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, bandOfAge, parseAgeBand, parseGender } from './normalise';
import type { AudienceCell } from './suppress';
import { ALL, suppressCells, suppressTable } from './suppress';

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
    expect(parseGender('yes')).toEqual({ error: 'gender: expected female, male or other, found a text of 3 characters' });
    // A column shifted by one puts an address where a gender was due: the message does not repeat it.
    expect(parseGender('alice.private@example.com')).toEqual({ error: 'gender: expected female, male or other, found a text of 25 characters' });
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

  it('suppresses the table and its margins together: no row, column or margin line is left with exactly one hidden figure', () => {
    const sum = (cs: AudienceCell[], ageBand: string, gender: string): AudienceCell => ({ ageBand, gender, posts: cs.reduce((a, c) => a + c.posts, 0), people: cs.reduce((a, c) => a + c.people, 0), decided: 0, b: 0 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.constantFrom(...AGE_BANDS), fc.constantFrom('female', 'male'), cell), { selector: ([a, g]) => `${a}/${g}`, minLength: 1, maxLength: 14 }), fc.integer({ min: 2, max: 15 }), (raw, k) => {
        const cells: AudienceCell[] = raw.map(([ageBand, gender, c]) => ({ ageBand, gender, people: c.people, posts: c.people + c.extra, decided: 0, b: 0 }));
        const ages = [...new Set(cells.map((c) => c.ageBand))];
        const genders = [...new Set(cells.map((c) => c.gender))];
        const t = suppressTable({ cells, byAgeBand: ages.map((a) => sum(cells.filter((c) => c.ageBand === a), a, '')), byGender: genders.map((g) => sum(cells.filter((c) => c.gender === g), '', g)), total: sum(cells, '', '') }, k);
        const lines = new Map<string, boolean[]>();
        const put = (key: string, hidden: boolean): void => void (lines.get(key) ?? lines.set(key, []).get(key)!).push(hidden);
        t.cells.forEach((c) => (put(`age:${c.ageBand}`, c.suppressed), put(`gender:${c.gender}`, c.suppressed)));
        t.byAgeBand.forEach((c, i) => (put(`age:${ages[i]}`, c.suppressed), put(`gender:${ALL}`, c.suppressed)));
        t.byGender.forEach((c, i) => (put(`gender:${genders[i]}`, c.suppressed), put(`age:${ALL}`, c.suppressed)));
        put(`age:${ALL}`, t.total.suppressed);
        put(`gender:${ALL}`, t.total.suppressed);
        for (const [key, line] of lines) if (line.length > 1) expect([key, line.filter(Boolean).length]).not.toEqual([key, 1]);
        for (const c of [...t.cells, ...t.byAgeBand, ...t.byGender]) if (!c.suppressed) expect(c.people).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it('hides a cell of a band whose total is hidden to protect another band (the total minus the rest would give it away)', () => {
    const c = (ageBand: string, gender: string, people: number): AudienceCell => ({ ageBand, gender, people, posts: people, decided: 0, b: 0 });
    const cells = [c('25-34', 'female', 50), c('25-34', 'male', 50), c('35-44', 'female', 12), c('35-44', 'male', 13), c('45-54', 'female', 2), c('45-54', 'male', 3), c('55-64', 'female', 27), c('55-64', 'male', 27)];
    const band = (a: string): AudienceCell => c(a, '', cells.filter((x) => x.ageBand === a).reduce((s, x) => s + x.people, 0));
    const t = suppressTable({ cells, byAgeBand: ['25-34', '35-44', '45-54', '55-64'].map(band), byGender: [c('', 'female', 91), c('', 'male', 93)], total: c('', '', 184) }, 10);
    expect(t.byAgeBand.map((m) => m.suppressed)).toEqual([false, true, true, false]);
    // 35-44's total is hidden, so its cells cannot both be shown.
    expect(t.cells.filter((x) => x.ageBand === '35-44' && x.suppressed).length).toBeGreaterThanOrEqual(2);
  });
});
