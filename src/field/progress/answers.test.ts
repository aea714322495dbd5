import { describe, expect, it } from 'vitest';
import { answerTables, latestAnswers, questionTable } from './answers';
import { answerPredicate } from './compare';
import { answersCsv } from './csv';
import type { TableQuestion } from './script';

const single: TableQuestion = { id: 'intent', kind: 'single', text: 'Vote?', options: ['yes', 'no', 'unsure'].map((id) => ({ id, label: id })) };
const scale: TableQuestion = { id: 'support', kind: 'scale', text: 'Close?', options: ['1', '2', '3'].map((id) => ({ id, label: id })) };

const doors = (values: readonly unknown[]) => new Map(values.map((v, i) => [i + 1, v]));

describe('questionTable', () => {
  it('suppresses the next smallest cell when a single-answer question would have exactly one cell under 5', () => {
    // 10 yes, 6 no, 2 unsure: "unsure" = 18 − 10 − 6 if only it were hidden, so "no" goes too.
    const t = questionTable(single, doors([...Array(10).fill('yes'), ...Array(6).fill('no'), 'unsure', 'unsure']));
    expect(t.base).toBe(18);
    expect(t.options.map((o) => [o.option, o.count, o.suppressed])).toEqual([['yes', 10, false], ['no', null, true], ['unsure', null, true]]);
  });

  it('shows every cell of 5 or more, and counts answers that fit no option apart', () => {
    const t = questionTable(scale, doors([...Array(5).fill(1), ...Array(5).fill(2), ...Array(5).fill(3), 7, 'x', 2.5]));
    expect(t).toMatchObject({ base: 15, ignored: 3 });
    expect(t.options.map((o) => o.count)).toEqual([5, 5, 5]);
  });

  it('has no shares and no intervals when nobody answered', () => {
    const t = questionTable(single, undefined);
    expect(t).toMatchObject({ base: null, baseSuppressed: true, ignored: 0 });
    expect(t.options.every((o) => o.suppressed && o.share === null && o.ci95 === null)).toBe(true);
  });
});

describe('latestAnswers', () => {
  it("keeps each door's latest answer per question by (at, id), whatever order the events come in", () => {
    const events = [
      { id: 'b', at: 5, addressId: 1, areaId: 'X', answers: { intent: 'no' } },
      { id: 'a', at: 5, addressId: 1, areaId: 'X', answers: { intent: 'yes', support: 2 } },
      { id: 'c', at: 1, addressId: 1, areaId: 'X', answers: { support: 3 } },
    ];
    const latest = latestAnswers(events);
    expect(latest.get('X')!.get('intent')!.get(1)).toBe('no');
    expect(latest.get('X')!.get('support')!.get(1)).toBe(2);
    expect(latestAnswers([...events].reverse()).get(null)!.get('intent')!.get(1)).toBe('no');
    expect(answerTables([single], latest, ['X', 'Y']).map((a) => a.questions[0]!.baseSuppressed)).toEqual([true, true]);
  });
});

describe('answerTables', () => {
  it('hides in the all-areas table an option hidden in one area only, so that no small cell is found by subtraction', () => {
    // A01: yes 6, unsure 6, no 2; A02: yes 10, no 10 (the reviewer's case): A01's "no" = 12 − 10 if the total showed 12.
    const events = [
      ...[...Array(6).fill('yes'), ...Array(6).fill('unsure'), 'no', 'no'].map((v, i) => ({ id: `a${i}`, at: 1, addressId: 100 + i, areaId: 'A01', answers: { intent: v } })),
      ...[...Array(10).fill('yes'), ...Array(10).fill('no')].map((v, i) => ({ id: `b${i}`, at: 1, addressId: 200 + i, areaId: 'A02', answers: { intent: v } })),
    ];
    const [a01, a02, all] = answerTables([single], latestAnswers(events), ['A01', 'A02', null]);
    const shown = (t: typeof all) => t!.questions[0]!.options.map((o) => [o.option, o.count]);
    // Each area hides its small cell and, as before, a second one with it.
    expect(shown(a01)).toEqual([['yes', null], ['no', null], ['unsure', 6]]);
    expect(shown(a02)).toEqual([['yes', null], ['no', 10], ['unsure', null]]);
    // "no" is hidden in A01 alone (12 − 10 would give it) and "unsure" in A02 alone (6 − 6): both hidden in the total;
    // "yes" is hidden in both areas, so its total (16) gives only their sum.
    expect(shown(all)).toEqual([['yes', 16], ['no', null], ['unsure', null]]);
    expect(all!.questions[0]!.base).toBe(34);
  });
});

describe('answerPredicate', () => {
  it('reads scale conditions and refuses what it cannot read', () => {
    const p = (spec: string) => [1, 2, 3].filter((v) => answerPredicate(scale, spec)(v));
    expect([p('>=2'), p('<=2'), p('>2'), p('<2'), p('2'), p('1-2')]).toEqual([[2, 3], [1, 2], [3], [1], [2], [1, 2]]);
    expect(answerPredicate(scale, '>=1')(9)).toBe(false);
    expect(() => answerPredicate(scale, 'high')).toThrow(/expected a value, >=n, <=n, >n, <n or a range n-m, found "high"/);
    for (const never of ['>=9', '0', '3-2', '>3']) expect(() => answerPredicate(scale, never)).toThrow(`answer for the scale "support": expected a selection within its values 1–3, found "${never}", which none of them meets`);
  });
});

describe('answersCsv', () => {
  it('defuses formulas in ids and labels and quotes commas', () => {
    const q: TableQuestion = { id: 'q', kind: 'multiple', text: '', options: [{ id: 'a', label: '=HYPERLINK("x")' }, { id: 'b', label: 'yes, really' }] };
    const text = answersCsv([{ areaId: '+area', questions: [questionTable(q, doors(Array(5).fill(['a'])))] }]);
    expect(text.split('\r\n')[1]).toBe(`'+area,q,multiple,a,"'=HYPERLINK(""x"")",5,5,1.0000,0.5655,1.0000,0`);
    expect(text.split('\r\n')[2]).toBe('\'+area,q,multiple,b,"yes, really",,5,,,,1');
  });
});
