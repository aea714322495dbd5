import { describe, expect, it } from 'vitest';
import { BLOCK_CANDIDATES, holdBackGrants, planBatch, sharersNeeded } from './plan-batch';
import { refusalsOf } from '../consent/refusals';
import type { Candidate, Lookups } from './plan-batch';
import type { PersonRow } from './row';

/** A row at one shared address (one block: a hall of residence), with its own email. */
function resident(line: number, given: string, family: string, birthYear: number | null): PersonRow {
  return {
    line,
    given,
    family,
    emails: [`r${line}@example.org`],
    phones: [],
    address: { street: '12 rue de la Cité', postcode: '29200', city: 'Brest', country: 'FR' },
    addressKey: 'cite-12-29200',
    birthYear,
    gender: null,
    language: null,
    support: null,
    volunteer: null,
    area: null,
    tags: [],
    fields: [],
    consents: [],
    objections: [],
    noticeVersion: null,
    blockKey: 'a:cite-12-29200',
  };
}

/** Unalike residents: names that share nothing with "Marie Durand" or each other's pattern. */
const others = (from: number, n: number): PersonRow[] => Array.from({ length: n }, (_, i) => resident(from + i, `Xq${i}zz`, `Kw${(i * 7919) % 10007}vv`, 1950 + (i % 40)));

function plan(rows: PersonRow[], stored: Candidate[] = []): ReturnType<typeof planBatch> {
  let id = 10_000;
  const lookups: Lookups = { points: new Map(), names: new Map(), sharers: new Map(), blocks: new Map(stored.length ? [['a:cite-12-29200', stored]] : []) };
  return planBatch(rows, lookups, () => id++);
}

describe('planBatch: fuzzy matching within a block', () => {
  it('queues a near duplicate met earlier in the block', () => {
    const rows = [resident(1, 'Marie', 'Durand', 1980), ...others(2, 100), resident(102, 'Marie', 'Durant', 1980)];
    const reviews = plan(rows).reviews.filter((r) => r.kind === 'fuzzy' && r.line === 102);
    expect(reviews).toHaveLength(1);
  });

  it(`compares a row with at most the ${BLOCK_CANDIDATES} latest of its block, in the batch and in the store`, () => {
    // The first Marie is BLOCK_CANDIDATES + 1 residents back: out of reach, so not queued.
    const far = [resident(1, 'Marie', 'Durand', 1980), ...others(2, BLOCK_CANDIDATES), resident(BLOCK_CANDIDATES + 2, 'Marie', 'Durant', 1980)];
    expect(plan(far).reviews.filter((r) => r.line === BLOCK_CANDIDATES + 2)).toEqual([]);
    // Stored people of the block count too: the latest stored come before the batch's, by id.
    const stored: Candidate[] = [
      { id: 1, given: 'Marie', family: 'Durand', street: '12 rue de la Cité', postcode: '29200', birthYear: 1980 },
      ...Array.from({ length: BLOCK_CANDIDATES - 10 }, (_, i): Candidate => ({ id: 2 + i, given: `Yq${i}zz`, family: `Jw${i}vv`, street: '12 rue de la Cité', postcode: '29200', birthYear: 1940 })),
    ];
    const near = plan([...others(1, 5), resident(6, 'Marie', 'Durant', 1980)], stored);
    expect(near.reviews.filter((r) => r.line === 6).map((r) => r.otherId)).toEqual([1]);
    const beyond = plan([...others(1, 20), resident(21, 'Marie', 'Durant', 1980)], stored);
    expect(beyond.reviews.filter((r) => r.line === 21)).toEqual([]);
  });
});

describe('holdBackGrants', () => {
  it("holds back a known person's grants that overrule their own no, and queues them; the rest of the row goes through", () => {
    const row = { ...resident(7, 'Will', 'Withdraw', null), consents: [['newsletter', 'email', true], ['canvassing', 'door', true], ['events', 'phone', true], ['surveys', 'sms', false]] as PersonRow['consents'] };
    const stored: Lookups = { points: new Map([['email:r7@example.org', 42]]), names: new Map(), sharers: new Map(), blocks: new Map() };
    const planned = planBatch([row], stored, () => 1);
    const refusals = refusalsOf([{ person_id: 42, purpose: 'newsletter', channel: 'email' }], [{ person_id: 42, channel: 'phone' }]);
    const held = holdBackGrants(planned, refusals);
    expect(held.merged.get(42)![0]!.consents).toEqual([['canvassing', 'door', true], ['surveys', 'sms', false]]);
    expect(held.reviews).toEqual([expect.objectContaining({ kind: 'withdrawn', personId: 42, otherId: null, line: 7, reason: expect.stringMatching(/^this file grants newsletter\/email, events\/phone, which the person withdrew/) })]);
    // Nobody refused anything: the plan is the same.
    expect(holdBackGrants(planned, new Map())).toEqual(planned);
    // Suppressed on every channel: every grant held.
    expect(holdBackGrants(planned, refusalsOf([], [{ person_id: 42, channel: '*' }])).merged.get(42)![0]!.consents).toEqual([['surveys', 'sms', false]]);
  });

  it('holds back a grant that follows the same person\'s "no" earlier in the batch, as it would from an earlier batch', () => {
    const no = { ...resident(3, 'Nora', 'Twice', null), consents: [['newsletter', 'email', false]] as PersonRow['consents'] };
    const yes = { ...resident(3, 'Nora', 'Twice', null), line: 9, consents: [['newsletter', 'email', true], ['events', 'email', true]] as PersonRow['consents'] };
    const held = holdBackGrants(planBatch([no, yes], { points: new Map(), names: new Map(), sharers: new Map(), blocks: new Map() }, () => 5), new Map());
    expect(held.created.get(5)!.map((r) => r.consents)).toEqual([[['newsletter', 'email', false]], [['events', 'email', true]]]);
    expect(held.reviews).toEqual([expect.objectContaining({ kind: 'withdrawn', personId: 5, line: 9 })]);
    // "yes" then "no": nothing to hold; the later "no" wins.
    expect(holdBackGrants(planBatch([yes, no], { points: new Map(), names: new Map(), sharers: new Map(), blocks: new Map() }, () => 5), new Map()).reviews).toEqual([]);
  });
});

describe('planBatch: an email or phone under another name', () => {
  const row = (line: number, given: string | null, family: string, emails: string[], phones: string[]): PersonRow => ({ ...resident(line, given ?? '', family, null), given, emails, phones, address: null, addressKey: null, blockKey: null });
  const none = (): Lookups => ({ points: new Map(), names: new Map(), sharers: new Map(), blocks: new Map() });

  it('creates the row apart and queues it, and folds a later row of that name into it, not into the holder', () => {
    let id = 1;
    const p = planBatch([row(2, 'Jean', 'Dupont', [], ['+33298112233']), row(3, 'Marie', 'Dupont', [], ['+33298112233']), row(4, 'Marie', 'Dupont', ['marie@example.org'], ['+33298112233']), row(5, 'JEAN', 'DUPONT', [], ['+33298112233'])], none(), () => id++);
    expect([...p.created].map(([k, rows]) => [k, rows.map((r) => r.line)])).toEqual([[1, [2, 5]], [2, [3, 4]]]);
    // One item, for the row created apart; none of kind conflict for Marie's own address beside the household's phone.
    expect(p.reviews).toEqual([expect.objectContaining({ kind: 'shared', personId: 2, otherId: 1, line: 3 })]);
  });

  it('asks the store for the people a stored holder had rows created apart from, only when a name differs', () => {
    const points = new Map([['phone:+33298112233', 1]]);
    const names = new Map([[1, { given: 'Jean', family: 'Dupont' }]]);
    expect(sharersNeeded([row(2, 'J.', 'Dupont', [], ['+33298112233']), row(3, null, 'Dupont', [], ['+33298112233'])], points, names)).toEqual([]);
    expect(sharersNeeded([row(2, 'Marie', 'Dupont', [], ['+33298112233'])], points, names)).toEqual([1]);
    const stored: Lookups = { ...none(), points: new Map([...points, ['email:marie@example.org', 7]]), names: new Map([...names, [7, { given: 'Marie', family: 'Dupont' }]]), sharers: new Map([[1, [{ id: 7, given: 'Marie', family: 'Dupont' }]]]) };
    const p = planBatch([row(2, 'Marie', 'Dupont', [], ['+33298112233']), row(3, 'Marie', 'Dupont', ['marie@example.org'], ['+33298112233'])], stored, () => 100);
    expect([[...p.created.keys()], [...p.merged].map(([k, rows]) => [k, rows.map((r) => r.line)]), p.reviews]).toEqual([[], [[7, [2, 3]]], []]);
    // Two stored people the row's email and phone lead to, not created apart from each other: a conflict, as before.
    const apart: Lookups = { ...stored, sharers: new Map() };
    expect(planBatch([row(3, 'Marie', 'Dupont', ['marie@example.org'], ['+33298112233'])], apart, () => 100).reviews).toEqual([expect.objectContaining({ kind: 'conflict', personId: 7, otherId: 1 })]);
  });
});

describe('planBatch: rows with an erased person’s email or phone under another name', () => {
  const phone = 'phone:+33467112233';
  const housemate = (line: number, given: string, emails: string[]): PersonRow => ({ ...resident(line, given, 'Kerhoaziou', null), emails, phones: ['+33467112233'], sharesErased: [phone] });

  it('queues the row that brings the value back, created or merged, and no later row of the batch', () => {
    const lookups: Lookups = { points: new Map([['email:marie@example.org', 7]]), names: new Map([[7, { given: 'Marie', family: 'Kerhoaziou' }]]), sharers: new Map(), blocks: new Map() };
    let id = 10_000;
    // Marie is known by her e-mail: her row merges into her, with the landline back.
    const merged = planBatch([housemate(1, 'Marie', ['marie@example.org']), housemate(2, 'Théo', [])], lookups, () => id++);
    expect(merged.reviews.filter((r) => r.kind === 'erased').map((r) => [r.line, r.personId])).toEqual([[1, 7]]);
    // Nobody holds anything of theirs: the first row creates Théo with the landline, and is queued.
    const created = planBatch([housemate(1, 'Théo', []), housemate(2, 'Théo', [])], { ...lookups, points: new Map() }, () => id++);
    expect(created.reviews.filter((r) => r.kind === 'erased').map((r) => [r.line, r.personId])).toEqual([[1, 10_001]]);
    expect(created.reviews.find((r) => r.kind === 'erased')!.reason).toMatch(/^this row's phone belonged to a person since erased, of another name/);
  });
});
