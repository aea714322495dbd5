import { afterEach, describe, expect, it } from 'vitest';
import type { RoundResults } from '../src/elections';
import { saveRound } from '../src/elections';
import { answersCsv, answersOf, compareCsv, compareWithElection, progressCsv, progressOf } from '../src/field/progress';
import type { AreaProgress, CampaignProgress, TurfProgress } from '../src/field/progress';
import { fieldDb } from '../src/field/tables';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addArea, addCampaign, addEvent, addGrid, addTurf } from './support/field-turfs-fixture';

/**
 * A campaign small enough to count by hand. Area A1: 20 addresses (the 4th has 5 doors) in two
 * turfs; doors 0–11 were all contacted and answered, doors 12–16 met other fates. Area A2: 6
 * addresses, one contacted. A second campaign knocks at A1's doors too and must not count.
 */
export async function handCounted(t: TestApp) {
  await addArea(t.app, 'A1', ['bv 1', 'BV-2']);
  await addArea(t.app, 'A2', ['BV 003']);
  const a1 = await addGrid(t.app, 'A1', { rows: 4, cols: 5, doors: (i) => (i === 3 ? 5 : 1) });
  const a2 = await addGrid(t.app, 'A2', { rows: 2, cols: 3, lat: 43.7 });
  const campaignId = await addCampaign(t.app);
  const other = await addCampaign(t.app, 'another campaign');
  const turf1 = await addTurf(t.app, campaignId, 'A1', 1, a1.slice(0, 12));
  const turf2 = await addTurf(t.app, campaignId, 'A1', 2, a1.slice(12));
  const turfA2 = await addTurf(t.app, campaignId, 'A2', 1, a2);
  const otherTurf = await addTurf(t.app, other, 'A1', 1, a1.slice(0, 4));
  const ev = (turfId: number, i: number, result: string, at: number, answers?: Record<string, string | string[] | number>) => addEvent(t.app, { campaignId, turfId, addressId: (turfId === turfA2 ? a2 : a1)[i]!, result, at, answers });
  await ev(turf1, 0, 'contacted', 1, { intent: 'no', support: 1 });
  for (let i = 0; i < 12; i++) {
    const intent = i < 7 ? 'yes' : i < 10 ? 'no' : 'unsure';
    const support = i < 6 ? 4 : i === 6 ? 5 : 2;
    await ev(turf1, i, 'contacted', 10 + i, { intent, support, issues: i < 5 ? ['housing', 'transport'] : ['housing'], comment: 'free text is never tabulated' });
  }
  await ev(turf1, 1, 'not_home', 50);
  await ev(turf2, 12, 'refused', 10, { intent: 'yes' });
  await ev(turf2, 13, 'not_home', 10);
  await ev(turf2, 13, 'not_home', 20);
  await ev(turf2, 14, 'do_not_contact', 10);
  await ev(turf2, 14, 'come_back', 30);
  await ev(turf2, 15, 'moved', 10);
  await ev(turf2, 16, 'contacted', 10, { support: 9 });
  await ev(turfA2, 0, 'contacted', 10, { intent: 'yes' });
  for (let i = 0; i < 4; i++) await addEvent(t.app, { campaignId: other, turfId: otherTurf, addressId: a1[i]!, result: 'refused', at: 100 });
  return { campaignId, turf1, turf2, turfA2, a1, a2 };
}

const results = (r: Partial<Record<string, number>>) => ({ contacted: 0, not_home: 0, refused: 0, moved: 0, come_back: 0, do_not_contact: 0, ...r });

describe.each(backends())('field progress and answers on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('counts doors, knocks, contacts and current results per turf, area and campaign', async () => {
    t = await openTestApp(backend);
    const f = await handCounted(t);
    const db = fieldDb(t.app.store.db);
    const turfs = (await progressOf(db, f.campaignId, 'turf')).rows as TurfProgress[];
    expect(turfs).toEqual([
      { turfId: f.turf1, areaId: 'A1', number: 1, addresses: 12, doors: 16, knocked: 12, contacts: 12, attempts: 14, results: results({ contacted: 11, not_home: 1 }), shareKnocked: 1 },
      { turfId: f.turf2, areaId: 'A1', number: 2, addresses: 8, doors: 8, knocked: 5, contacts: 1, attempts: 7, results: results({ refused: 1, not_home: 1, do_not_contact: 1, moved: 1, contacted: 1 }), shareKnocked: 5 / 8 },
      { turfId: f.turfA2, areaId: 'A2', number: 1, addresses: 6, doors: 6, knocked: 1, contacts: 1, attempts: 1, results: results({ contacted: 1 }), shareKnocked: 1 / 6 },
    ]);
    const areas = (await progressOf(db, f.campaignId, 'area')).rows as AreaProgress[];
    expect(areas[0]).toEqual({ areaId: 'A1', turfs: 2, addresses: 20, doors: 24, knocked: 17, contacts: 13, attempts: 21, results: results({ contacted: 12, not_home: 2, refused: 1, moved: 1, do_not_contact: 1 }), shareKnocked: 0.85 });
    const [campaign] = (await progressOf(db, f.campaignId, 'campaign')).rows as CampaignProgress[];
    expect(campaign).toMatchObject({ campaignId: f.campaignId, areas: 2, turfs: 3, addresses: 26, doors: 30, knocked: 18, contacts: 14, attempts: 22 });
    await expect(progressOf(db, 999, 'area')).rejects.toThrow(/campaign 999: no such campaign/);
  });

  it("tabulates each door's latest answer per area with Wilson intervals, suppressing cells under 5", async () => {
    t = await openTestApp(backend);
    const f = await handCounted(t);
    const { areas } = await answersOf(fieldDb(t.app.store.db), f.campaignId);
    expect(areas.map((a) => a.areaId)).toEqual(['A1', 'A2', null]);
    const a1 = areas[0]!;
    expect(a1.questions.map((q) => q.question)).toEqual(['intent', 'issues', 'support']);
    const intent = a1.questions[0]!;
    // Door 0 said no first, then yes: only yes counts. The refused door's answer is not a contact's.
    expect(intent).toMatchObject({ base: 12, baseSuppressed: false, ignored: 0 });
    expect(intent.options[0]).toMatchObject({ option: 'yes', count: 7, share: 7 / 12, suppressed: false });
    expect(intent.options[0]!.ci95![0]).toBeCloseTo(0.3195, 4);
    expect(intent.options[0]!.ci95![1]).toBeCloseTo(0.8067, 4);
    expect(intent.options.slice(1)).toEqual([
      { option: 'no', label: 'No', count: null, share: null, ci95: null, suppressed: true },
      { option: 'unsure', label: 'Not sure', count: null, share: null, ci95: null, suppressed: true },
    ]);
    const issues = a1.questions[1]!;
    expect(issues.options.map((o) => [o.option, o.count])).toEqual([['housing', 12], ['transport', 5], ['schools', null]]);
    expect(issues.options[1]!.ci95![0]).toBeCloseTo(0.1933, 4);
    const support = a1.questions[2]!;
    // Door 16's 9 is off the 1–5 scale: ignored, and not in the base.
    expect(support).toMatchObject({ base: 12, ignored: 1 });
    expect(support.options.map((o) => [o.option, o.count])).toEqual([['1', null], ['2', 5], ['3', null], ['4', 6], ['5', null]]);
    expect(areas[1]!.questions[0]).toMatchObject({ base: null, baseSuppressed: true });
    expect(areas[1]!.questions[0]!.options.every((o) => o.suppressed && o.count === null)).toBe(true);
    // All areas: A2's one door is hidden in A2, so "yes" is hidden in the total too (8 in A1 and 8 in all would tell A2's door said no).
    expect(areas[2]!.questions[0]).toMatchObject({ base: 13, options: [{ option: 'yes', suppressed: true }, { suppressed: true }, { suppressed: true }] });
    const one = await answersOf(fieldDb(t.app.store.db), f.campaignId, 'A2');
    expect(one.areas.map((a) => a.areaId)).toEqual(['A2']);
    await expect(answersOf(fieldDb(t.app.store.db), f.campaignId, 'NOPE')).rejects.toThrow(/area "NOPE": campaign \d+ has no turfs there; its areas are A1, A2/);
  });

  it('compares an answer with an election option in the areas’ stations', async () => {
    t = await openTestApp(backend);
    const f = await handCounted(t);
    const round: RoundResults = {
      format: 'test',
      options: [
        { key: 'A', label: 'List A', kind: 'choice' },
        { key: 'B', label: 'List B', kind: 'choice' },
        { key: 'ABST', label: 'Abstention', kind: 'abstention' },
        { key: 'BLANK', label: 'Blank', kind: 'blank' },
      ],
      units: [
        { code: 'bv-1', sourceCode: 'BV-001', registered: 200, counts: [100, 50, 40, 10], line: 2 },
        { code: 'bv-2', sourceCode: 'BV-002', registered: 150, counts: [20, 80, 45, 5], line: 3 },
        { code: 'bv-3', sourceCode: 'BV-003', counts: [10, 30, 0, 0], line: 4 },
        { code: 'bv-4', sourceCode: 'BV-004', registered: 99, counts: [99, 0, 0, 0], line: 5 },
      ],
      bad: [],
    };
    await saveRound(t.app.store.db, { election: 'muni-2026', round: 1 }, round);
    const db = fieldDb(t.app.store.db);
    const q = { campaignId: f.campaignId, question: 'intent', answer: 'yes', election: 'muni-2026', round: 1, option: 'A' };
    const rows = await compareWithElection(db, q);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ area: 'A1', surveyShare: 7 / 12, base: 12, suppressed: false, electionShare: 120 / 250, votes: 120, expressed: 250, registered: 350, stations: 2, matchedStations: 2 });
    expect(rows[0]!.ci95![0]).toBeCloseTo(0.3195, 4);
    expect(rows[1]).toEqual({ area: 'A2', surveyShare: null, ci95: null, base: null, suppressed: true, electionShare: 0.25, votes: 10, expressed: 40, registered: null, stations: 1, matchedStations: 1 });
    const two = await compareWithElection(db, { ...q, question: 'support', answer: '2', area: 'A1' });
    expect(two).toEqual([expect.objectContaining({ area: 'A1', surveyShare: 5 / 12, base: 12 })]);
    await expect(compareWithElection(db, { ...q, question: 'support', answer: '<=2', area: 'NOPE' })).rejects.toThrow(/area "NOPE": campaign \d+ has no turfs there/);
    // A1's answer table hides support 1, 3 and 5 (1 door between them): "<=2" (5 of 12) less the 5 shown for 2 would give
    // the hidden 1 away, "4-5" (7) less the 6 shown for 4 the hidden 5; "unsure" is hidden itself.
    for (const [question, answer] of [['support', '<=2'], ['support', '4-5'], ['support', '1-3'], ['intent', 'unsure']] as const) {
      expect((await compareWithElection(db, { ...q, question, answer, area: 'A1' }))[0], `${question} ${answer}`).toMatchObject({ surveyShare: null, suppressed: true, base: 12 });
    }
    expect((await compareWithElection(db, { ...q, question: 'support', answer: '4', area: 'A1' }))[0]!.surveyShare).toBe(6 / 12);
    // issues is multiple-choice: schools is hidden, housing is not.
    expect((await compareWithElection(db, { ...q, question: 'issues', answer: 'schools', area: 'A1' }))[0]).toMatchObject({ suppressed: true });
    await expect(compareWithElection(db, { ...q, option: 'ABST' })).rejects.toThrow(/abstention, not a choice/);
    await expect(compareWithElection(db, { ...q, option: 'C' })).rejects.toThrow(/expected one of the round's options \(A, B, ABST, BLANK\), found "C"/);
    await expect(compareWithElection(db, { ...q, answer: 'perhaps' })).rejects.toThrow(/expected one of the options of "intent" \(yes, no, unsure\)/);
    await expect(compareWithElection(db, { ...q, question: 'comment' })).rejects.toThrow(/free text/);
    await expect(compareWithElection(db, { ...q, round: 2 })).rejects.toThrow(/no round 2/);
    const text = compareCsv(rows);
    expect(text.split('\r\n')[0]).toBe('area,survey_share,ci95_low,ci95_high,base,suppressed,election_share,votes,expressed,registered,stations,matched_stations');
    expect(text.split('\r\n')[2]).toBe('A2,,,,,1,0.2500,10,40,,1,1');
  });

  it('exports progress and answers as CSV', async () => {
    t = await openTestApp(backend);
    const f = await handCounted(t);
    const db = fieldDb(t.app.store.db);
    const byArea = progressCsv(await progressOf(db, f.campaignId, 'area')).split('\r\n');
    expect(byArea[0]).toBe('area,turfs,addresses,doors,knocked,share_knocked,contacts,attempts,contacted,not_home,refused,moved,come_back,do_not_contact');
    expect(byArea[1]).toBe('A1,2,20,24,17,0.8500,13,21,12,2,1,1,0,1');
    expect(byArea.at(-1)).toBe('');
    const answers = answersCsv((await answersOf(db, f.campaignId, 'A1')).areas).split('\r\n');
    expect(answers[0]).toBe('area,question,kind,option,label,count,base,share,ci95_low,ci95_high,suppressed');
    expect(answers[1]).toBe('A1,intent,single,yes,Yes,7,12,0.5833,0.3195,0.8067,0');
    expect(answers[2]).toBe('A1,intent,single,no,No,,12,,,,1');
  });
});
