import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { InputError } from '../src/core/errors';
import { fieldDb } from '../src/field/tables';
import type { FieldDb } from '../src/field/tables';
import { activeAssignmentsOf, applyTeams, campaignAssignments, endAssignment, planTeams, populationFromPeople, setCanvasser } from '../src/field/team';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';

const NOW = Date.UTC(2026, 10, 29, 9);

/**
 * A campaign with two areas of three turfs; in contacts, A1 is half women, young and old alike,
 * and A2 all older men (ages as of 2026: 1990 → 35-44, 1995 → 25-34, 1960 and 1955 → 65+); twelve canvasser users, half of them available on Saturday morning.
 */
export async function seedField(app: App): Promise<FieldDb> {
  const db = fieldDb(app.store.db);
  await app.store.db.insertInto('users' as never).values(Array.from({ length: 12 }, (_, i) => ({ name: `c${String(i + 1).padStart(2, '0')}`, role: 'canvasser', password_hash: 'x', created_at: NOW })) as never).execute();
  await db.insertInto('contact_sources').values({ id: 1, kind: 'import', label: 'test', collected_at: NOW, collector: 'test', basis: 'consent', notice_version: null, created_at: NOW }).execute();
  const person = (id: number, area: string, gender: string | null, birthYear: number | null, volunteer = 0) => ({ id, given_name: null, family_name: null, birth_year: birthYear, gender, language: null, support: null, volunteer, area, block_key: null, source_id: 1, created_at: NOW, updated_at: NOW });
  const people = [
    ...[1990, 1995, 1960, 1955].flatMap((y, i) => [person(10 + 2 * i, 'A1', 'female', y), person(11 + 2 * i, 'A1', 'male', y)]),
    person(30, 'A1', null, 1980),
    person(31, 'A1', 'female', 2015),
    person(40, 'A2', 'male', 1950),
    person(41, 'A2', 'male', 1952),
    person(90, 'elsewhere', 'female', 1992, 1),
  ];
  await db.insertInto('people').values(people).execute();
  await db.insertInto('field_campaigns').values({ id: 1, name: 'Test', purpose: 'canvassing', script: '{}', created_by: 'test', notice_version: 'v1', lock_hours: 12, created_at: NOW, updated_at: NOW }).execute();
  const turfs = [1, 2, 3].flatMap((n) => [
    { id: 100 + n, campaign_id: 1, area_id: 'A1', number: n, doors: 60, lat: null, lon: null, version: 1, created_at: NOW, updated_at: NOW },
    { id: 200 + n, campaign_id: 1, area_id: 'A2', number: n, doors: 60, lat: null, lon: null, version: 1, created_at: NOW, updated_at: NOW },
  ]);
  await db.insertInto('field_turfs').values(turfs).execute();
  return db;
}

/** c01…c12: alternately women and men, the first six young, the last six 55-64; all but c11 and c12 free on Saturday morning. */
export async function seedCanvassers(db: FieldDb): Promise<void> {
  for (let i = 1; i <= 12; i++) {
    const user = `c${String(i).padStart(2, '0')}`;
    await setCanvasser(db, { user, attributes: { gender: i % 2 ? 'f' : 'm', age_band: i <= 6 ? '25-34' : '55-64' }, availability: i <= 10 ? ['sat-am'] : ['sun-pm'] }, NOW);
  }
}

describe.each(backends())('field teams store on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('keeps canvassers: existing users only, volunteers only, attributes normalised', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    await expect(setCanvasser(db, { user: 'nobody', attributes: {} })).rejects.toThrow(/canvasser "nobody": expected an existing server user/);
    await expect(setCanvasser(db, { user: 'c01', personId: 10 })).rejects.toThrow(/person 10: expected a volunteer/);
    await expect(setCanvasser(db, { user: 'c01', attributes: { age_band: '20-30' } })).rejects.toThrow(InputError);
    const linked = await setCanvasser(db, { user: 'c01', personId: 90, availability: ['sat-am', 'sat-am', 'sun-pm'], district: 'A1' }, NOW);
    expect(linked).toMatchObject({ user: 'c01', personId: 90, district: 'A1', attributes: { gender: 'female', age_band: '25-34' }, availability: ['sat-am', 'sun-pm'] });
    // A later change keeps what it does not name, and a given attribute wins.
    const changed = await setCanvasser(db, { user: 'c01', attributes: { gender: 'x', lang: 'br' } }, NOW + 1);
    expect(changed).toMatchObject({ personId: 90, district: 'A1', attributes: { gender: 'other', age_band: '25-34', lang: 'br' }, availability: ['sat-am', 'sun-pm'] });
  });

  it('counts an area’s adults by gender and age band, without the under-18s and the unknowns', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    const p = await populationFromPeople(db, 'A1', new Date(NOW));
    expect(p).toEqual({ population: { gender: { female: 4, male: 4 }, age_band: { '35-44': 2, '25-34': 2, '65+': 4, '45-54': 1 } }, people: 9, missing: { gender: 1, age_band: 0 } });
  });

  it('plans teams from contacts, saves them in one go, ends the previous ones on a new plan', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    await seedCanvassers(db);
    const plan = await planTeams(db, { campaignId: 1, attributes: ['gender'], slot: 'sat-am', now: NOW });
    expect(plan.teams.map((x) => [x.district, x.members.length])).toEqual([
      ['A1', 3],
      ['A2', 3],
    ]);
    expect(plan.teams[1]!.members.every((m) => Number(m.slice(1)) % 2 === 0)).toBe(true);
    expect(plan.teams[1]!.tvd).toBe(0);
    expect(plan.unavailable).toEqual(['c11', 'c12']);
    expect(plan.notes.join('\n')).toMatch(/district A1: 1 of 9 people in contacts have no gender/);
    const first = await applyTeams(db, plan, { assignedBy: 'org', slot: 'sat-am', now: NOW });
    expect(first.ended).toBe(0);
    expect(first.assignments.map((a) => [a.turfId, a.user])).toEqual(plan.teams.flatMap((x) => x.turfs.map((tf) => [tf.turfId, tf.users[0]])));
    expect(new Set(first.assignments.map((a) => a.id)).size).toBe(6);
    const mine = await activeAssignmentsOf(db, plan.teams[0]!.members[0]!);
    expect(mine.map((a) => a.turfNumber)).toEqual([1]);
    // In pairs, a new plan ends the six live assignments and hands each turf to a pair.
    const paired = await planTeams(db, { campaignId: 1, attributes: ['gender', 'age_band'], slot: 'sat-am', pairs: true, now: NOW, population: { '*': { gender: { female: 1, male: 1 }, age_band: { '25-34': 1, '55-64': 1 } } } });
    const second = await applyTeams(db, paired, { assignedBy: 'org', now: NOW + 1 });
    expect(second.ended).toBe(6);
    expect(second.assignments.every((a) => a.partner !== null)).toBe(true);
    expect(Math.min(...second.assignments.map((a) => a.id))).toBeGreaterThan(Math.max(...first.assignments.map((a) => a.id)));
    expect(await campaignAssignments(db, 1)).toHaveLength(6);
    expect(await campaignAssignments(db, 1, { all: true })).toHaveLength(12);
    const partner = second.assignments[0]!.partner!;
    expect((await activeAssignmentsOf(db, partner)).map((a) => a.id)).toContain(second.assignments[0]!.id);
    const ended = await endAssignment(db, second.assignments[0]!.id, NOW + 2);
    expect(ended.endedAt).toBe(NOW + 2);
    expect((await endAssignment(db, second.assignments[0]!.id, NOW + 3)).endedAt).toBe(NOW + 2);
    expect(await campaignAssignments(db, 1)).toHaveLength(5);
    await expect(endAssignment(db, 999_999)).rejects.toThrow(/assignment 999999: no such assignment/);
  });

  it('refuses a plan it cannot make, naming why', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    await expect(planTeams(db, { campaignId: 7, attributes: ['gender'] })).rejects.toThrow(/campaign 7: no such campaign/);
    await expect(planTeams(db, { campaignId: 1, attributes: ['language'] })).rejects.toThrow(/contacts give only age_band and gender, not language/);
    await expect(planTeams(db, { campaignId: 1, attributes: ['gender'], population: { A1: { age_band: { '18-24': 1 } } } })).rejects.toThrow(/population of A1: expected a marginal for gender/);
  });
});
