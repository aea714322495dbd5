import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { assignTeams } from './assign';
import type { AssignInput, CanvasserInput } from './types';

const HALF = { gender: { f: 50, m: 50 } };
const who = (user: string, gender: string, district: string | null = null, availability = ['sat']): CanvasserInput => ({ user, district, attributes: { gender }, availability });

describe('assignTeams: home districts', () => {
  it('keeps canvassers at home when that costs nothing', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [1, 2] }, { id: 'B', population: HALF, turfs: [3, 4] }], canvassers: [who('b1', 'f', 'B'), who('a1', 'f', 'A'), who('b2', 'm', 'B'), who('a2', 'm', 'A')], attributes: ['gender'] });
    expect(r.teams.map((t) => t.members)).toEqual([['a1', 'a2'], ['b1', 'b2']]);
    expect(r.teams.map((t) => t.tvd)).toEqual([0, 0]);
    expect(r.notes.join('\n')).not.toMatch(/outside their home/);
  });

  it('sends them elsewhere when that improves the fit, and says so', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [1, 2] }, { id: 'B', population: HALF, turfs: [3, 4] }], canvassers: [who('a1', 'f', 'A'), who('a2', 'f', 'A'), who('b1', 'm', 'B'), who('b2', 'm', 'B')], attributes: ['gender'] });
    expect(r.teams.map((t) => t.tvd)).toEqual([0, 0]);
    expect(r.notes.join('\n')).toMatch(/2 canvasser\(s\) work outside their home district/);
  });
});

describe('assignTeams: slots, pairs and turfs', () => {
  const canvassers = [who('c1', 'f'), who('c2', 'f'), who('c3', 'm'), who('c4', 'm'), who('c5', 'f', null, ['sun']), who('c6', 'm')];

  it('takes only the canvassers available in the slot', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [1, 2, 3, 4, 5, 6] }], canvassers, attributes: ['gender'], slot: 'sat' });
    expect(r.unavailable).toEqual(['c5']);
    expect(r.teams[0]!.members).toEqual(['c1', 'c2', 'c3', 'c4', 'c6']);
    expect(r.notes.join('\n')).toMatch(/5 of 6 canvassers are available in slot sat/);
    expect(r.notes.join('\n')).toMatch(/5 canvasser\(s\) available for 6 places wanted/);
  });

  it('pairs mixed where it can and hands turfs out round-robin in walking order', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [11, 12, 13] }], canvassers, attributes: ['gender'], slot: 'sat', pairs: true });
    const team = r.teams[0]!;
    // Three turfs want three pairs; five are free, so two pairs walk and one canvasser waits.
    expect(team.members).toHaveLength(4);
    expect(team.wanted).toBe(6);
    expect(team.pairs).toEqual([
      ['c1', 'c3'],
      ['c2', 'c4'],
    ]);
    expect(team.turfs).toEqual([
      { turfId: 11, users: ['c1', 'c3'] },
      { turfId: 12, users: ['c2', 'c4'] },
      { turfId: 13, users: ['c1', 'c3'] },
    ]);
    expect(r.unassigned).toEqual(['c6']);
  });

  it('gives each walker turfsPerCanvasser turfs by default', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [1, 2, 3, 4, 5] }], canvassers, attributes: ['gender'], turfsPerCanvasser: 2 });
    expect(r.teams[0]!.members).toHaveLength(3);
    expect(r.teams[0]!.turfs.map((t) => t.users.length)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('assignTeams: values and bad input', () => {
  it('counts a missing attribute as "unknown" and an unlisted value as its own, and says so', () => {
    const r = assignTeams({ districts: [{ id: 'A', population: HALF, turfs: [1, 2, 3, 4] }], canvassers: [who('c1', 'f'), who('c2', 'nb'), { user: 'c3', attributes: {}, availability: [] }, who('c4', 'm')], attributes: ['gender'] });
    expect(r.teams[0]!.tvdByAttribute.gender).toBeCloseTo(0.5, 9);
    expect(r.notes.join('\n')).toMatch(/1 canvasser\(s\) have no gender: they count as "unknown"/);
    expect(r.notes.join('\n')).toMatch(/gender value\(s\) "nb" appear in no population/);
  });

  const base: AssignInput = { districts: [{ id: 'A', population: HALF, turfs: [1] }], canvassers: [who('c1', 'f')], attributes: ['gender'] };
  it.each([
    [{ ...base, attributes: [] }, /attributes: expected a non-empty list/],
    [{ ...base, attributes: ['age'] }, /districts\[0\]\.population\.age: expected an object of counts/],
    [{ ...base, districts: [{ id: 'A', population: { gender: { f: -1, m: 3 } }, turfs: [1] }] }, /districts\[0\]\.population\.gender\.f: expected a count or share ≥ 0, found -1/],
    [{ ...base, districts: [{ id: 'A', population: { gender: { f: 0 } }, turfs: [1] }] }, /population\.gender: expected at least one value/],
    [{ ...base, districts: [...base.districts, { id: 'B', population: HALF, turfs: [1] }] }, /districts\[1\]\.turfs\[0\]: expected each turf in one district only/],
    [{ ...base, districts: [...base.districts, { id: 'A', population: HALF, turfs: [] }] }, /districts\[1\]\.id: expected each district once, found "A"/],
    [{ ...base, canvassers: [who('c1', 'f'), who('c1', 'm')] }, /canvassers\[1\]\.user: expected each canvasser once/],
    [{ ...base, canvassers: [{ user: 'c', attributes: { gender: 3 }, availability: [] }] }, /canvassers\[0\]\.attributes\.gender: expected a text value, found 3/],
    [{ ...base, canvassers: [{ user: 'c', attributes: {}, availability: 'sat' }] }, /canvassers\[0\]\.availability: expected a list of slot names, found "sat"/],
    [{ ...base, turfsPerCanvasser: 0 }, /turfsPerCanvasser: expected an integer ≥ 1, found 0/],
    [{ ...base, districts: [{ id: 'A', population: HALF, turfs: [1], size: 1.5 }] }, /districts\[0\]\.size: expected a team size/],
  ])('refuses bad input %#', (input, message) => {
    expect(() => assignTeams(input as AssignInput)).toThrow(InputError);
    expect(() => assignTeams(input as AssignInput)).toThrow(message);
  });
});
