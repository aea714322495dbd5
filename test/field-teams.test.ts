import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAudit } from '../src/contacts/audit';
import type { App } from '../src/app/open';
import { createServerApp, UserStore } from '../src/server';
import { InputError } from '../src/core/errors';
import { fieldDb } from '../src/field/tables';
import type { FieldDb } from '../src/field/tables';
import { activeAssignmentsOf, applyTeams, campaignAssignments, endAssignment, planTeams, populationFromPeople, setCanvasser } from '../src/field/team';
import type { TestApp } from './support/app';
import { inProcess } from './support/cli-in-process';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { runCli } from './support/cli';

const NOW = Date.UTC(2026, 10, 29, 9);

/**
 * A campaign with two areas of three turfs; in contacts, A1 is half women, young and old alike,
 * and A2 all older men (ages as of 2026: 1990 → 35-44, 1995 → 25-34, 1960 and 1955 → 65+); twelve canvasser users, half of them available on Saturday morning.
 */
async function seedField(app: App): Promise<FieldDb> {
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
async function seedCanvassers(db: FieldDb): Promise<void> {
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
    // A slot no one is free in plans empty teams: applying it is refused, and takes no turf away.
    const nobody = await planTeams(db, { campaignId: 1, attributes: ['gender'], slot: 'nope', now: NOW });
    await expect(applyTeams(db, nobody, { assignedBy: 'org', slot: 'nope', now: NOW + 1 })).rejects.toThrow(/campaign 1: no canvasser is available in slot nope .*nothing applied, the current assignments stay/);
    expect(await campaignAssignments(db, 1)).toHaveLength(6);
    const partner = second.assignments[0]!.partner!;
    expect((await activeAssignmentsOf(db, partner)).map((a) => a.id)).toContain(second.assignments[0]!.id);
    const ended = await endAssignment(db, second.assignments[0]!.id, NOW + 2);
    expect(ended.endedAt).toBe(NOW + 2);
    expect((await endAssignment(db, second.assignments[0]!.id, NOW + 3)).endedAt).toBe(NOW + 2);
    expect(await campaignAssignments(db, 1)).toHaveLength(5);
    await expect(endAssignment(db, 999_999)).rejects.toThrow(/assignment 999999: no such assignment/);
  });

  it('leaves the turfs a plan staffs no one for with whoever walks them now', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    await seedCanvassers(db);
    await applyTeams(db, await planTeams(db, { campaignId: 1, attributes: ['gender'], slot: 'sat-am', now: NOW }), { assignedBy: 'org', slot: 'sat-am', now: NOW });
    const before = await campaignAssignments(db, 1);
    expect(before).toHaveLength(6);
    // Sunday afternoon: two canvassers, one pair, so one district is staffed and the other is not.
    const sunday = await planTeams(db, { campaignId: 1, attributes: ['gender'], slot: 'sun-pm', pairs: true, now: NOW });
    const staffed = sunday.teams.filter((x) => x.members.length > 0);
    expect(staffed).toHaveLength(1);
    const handed = new Set(staffed[0]!.turfs.filter((tf) => tf.users.length > 0).map((tf) => tf.turfId));
    const applied = await applyTeams(db, sunday, { assignedBy: 'org', slot: 'sun-pm', now: NOW + 1 });
    expect(applied.ended).toBe(handed.size);
    const live = await campaignAssignments(db, 1);
    expect(live.filter((a) => !handed.has(a.turfId))).toEqual(before.filter((a) => !handed.has(a.turfId)));
    expect(live.filter((a) => handed.has(a.turfId)).every((a) => a.slot === 'sun-pm')).toBe(true);
  });

  it('refuses a plan it cannot make, naming why', async () => {
    t = await openTestApp(backend);
    const db = await seedField(t.app);
    await expect(planTeams(db, { campaignId: 7, attributes: ['gender'] })).rejects.toThrow(/campaign 7: no such campaign/);
    await expect(planTeams(db, { campaignId: 1, attributes: ['language'] })).rejects.toThrow(/contacts give only age_band and gender, not language/);
    await expect(planTeams(db, { campaignId: 1, attributes: ['gender'], population: { A1: { age_band: { '18-24': 1 } } } })).rejects.toThrow(/population of A1: expected a marginal for gender/);
  });
});

describe.each(backends())('field teams API on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('organisers set canvassers, compute and hand out teams, list and end assignments; canvassers may not', async () => {
    t = await openTestApp(backend);
    await seedField(t.app);
    const users = new UserStore(t.app.store);
    const tokens = new Map<string, string>();
    for (const [name, role] of [['org', 'organiser'], ['can', 'canvasser']] as const) {
      await users.add(name, role, 'a long enough password');
      tokens.set(name, await users.issueToken(name, 't'));
    }
    const api = createServerApp({ users, posts: t.posts, questions: new Map(), live: null, secureCookies: false, version: 'test', store: t.app.store, pseudonymiser: t.app.pseudonymiser });
    const call = async (who: string, method: string, path: string, payload?: unknown) => {
      const r = await api.request(path, { method, headers: { authorization: `Bearer ${tokens.get(who)!}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, body: payload === undefined ? undefined : JSON.stringify(payload) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> & { error?: string } };
    };
    expect((await call('can', 'GET', '/api/field/canvassers')).status).toBe(403);
    expect((await call('can', 'PUT', '/api/field/canvassers/c01', { attributes: { gender: 'f' } })).status).toBe(403);
    for (let i = 1; i <= 12; i++) {
      const r = await call('org', 'PUT', `/api/field/canvassers/c${String(i).padStart(2, '0')}`, { attributes: { gender: i % 2 ? 'f' : 'm' }, availability: i <= 10 ? ['sat-am'] : [], district: i <= 6 ? 'A1' : 'A2' });
      expect(r.status, r.body.error).toBe(200);
    }
    expect(await call('org', 'PUT', '/api/field/canvassers/ghost', { attributes: {} })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/expected an existing server user/) } });
    // Only canvassers are put in teams; a linked person must be one the organiser may see (person 90 lives outside their areas).
    expect(await call('org', 'PUT', '/api/field/canvassers/org', { attributes: {} })).toMatchObject({ status: 400, body: { error: 'canvasser "org": expected a user with the canvasser role, found one with the organiser role' } });
    for (const id of [90, 10, 999_999]) expect(await call('org', 'PUT', '/api/field/canvassers/c01', { personId: id })).toMatchObject({ status: 404, body: { error: `no person ${id}` } });
    await t.app.store.db.insertInto('user_areas' as never).values({ user_name: 'org', area: 'elsewhere' } as never).execute();
    expect(await call('org', 'PUT', '/api/field/canvassers/c01', { personId: 90 })).toMatchObject({ status: 200, body: { personId: 90, attributes: { gender: 'female' } } });
    expect((await call('org', 'PUT', '/api/field/canvassers/c01', { personId: null })).status).toBe(200);
    expect((await call('org', 'GET', '/api/field/canvassers')).body.canvassers).toHaveLength(12);
    expect((await call('org', 'POST', '/api/field/campaigns/9/teams', { attributes: ['gender'] })).status).toBe(404);
    expect(await call('org', 'POST', '/api/field/campaigns/1/teams', { attributes: [] })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^body attributes/) } });
    const made = await call('org', 'POST', '/api/field/campaigns/1/teams', { attributes: ['gender'], slot: 'sat-am', apply: true });
    expect(made.status, made.body.error).toBe(200);
    const teams = made.body.teams as { district: string; members: string[]; tvd: number }[];
    expect(teams.map((x) => x.members.length)).toEqual([3, 3]);
    expect((made.body.applied as { assignments: unknown[] }).assignments).toHaveLength(6);
    expect(made.body.unavailable).toEqual(['c11', 'c12']);
    const live = (await call('org', 'GET', '/api/field/campaigns/1/assignments')).body.assignments as { id: number; user: string; areaId: string; turfNumber: number }[];
    expect(live.map((a) => `${a.areaId}/${a.turfNumber}`)).toEqual(['A1/1', 'A1/2', 'A1/3', 'A2/1', 'A2/2', 'A2/3']);
    expect((await call('can', 'POST', `/api/field/assignments/${live[0]!.id}/end`, {})).status).toBe(403);
    expect(await call('org', 'POST', `/api/field/assignments/${live[0]!.id}/end`, {})).toMatchObject({ status: 200, body: { id: live[0]!.id, endedAt: expect.any(Number) } });
    expect((await call('org', 'POST', '/api/field/assignments/424242/end', {})).status).toBe(404);
    expect((await call('org', 'GET', '/api/field/campaigns/1/assignments')).body.assignments).toHaveLength(5);
    expect((await call('org', 'GET', '/api/field/campaigns/1/assignments?all=true')).body.assignments).toHaveLength(6);
  });
});


describe('hustings field canvassers|teams|assignments', () => {
  let t: TestApp;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await t?.close();
  });

  it('sets canvassers, computes teams and hands the turfs out from the command line', async () => {
    t = await openTestApp(backends()[0]!);
    const db = await seedField(t.app);
    await seedCanvassers(db);
    const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const cli = (...args: string[]) => inProcess(['--db', t.app.config.sqlitePath, ...args]);
    const set = await cli('field', 'canvassers', 'set', 'c01', '--attr', 'gender=F', '--attr', 'age_band=25-34', '--available', 'sat-am,sun-am', '--district', 'A1');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout.trim()).toBe('c01 (A1): gender=female age_band=25-34; available sat-am, sun-am');
    const nowhere = await cli('field', 'canvassers', 'set', 'c01', '--district', 'NOPE');
    expect([nowhere.code, nowhere.stderr]).toEqual([3, expect.stringContaining('district "NOPE": expected a sample area')]);
    const ghost = await cli('field', 'canvassers', 'set', 'ghost', '--attr', 'gender=f');
    expect(ghost.code).toBe(3);
    expect(ghost.stderr).toMatch(/canvasser "ghost": expected an existing server user/);
    const text = await cli('field', 'teams', '--campaign', '1', '--attributes', 'gender');
    expect(text.stdout).toMatch(/^district A1 \(population from contacts\): 3 of 3 wanted, TVD 0\.\d\d \(gender 0\.\d\d; closest possible at this size 0\.17\)$/m);
    // The binary itself, as a user runs it: census shares from a file, pairs, handed out.
    const census = join(t.dir, 'census.json');
    writeFileSync(census, JSON.stringify({ '*': { gender: { female: 0.5, male: 0.5 } } }));
    const teams = await runCli(['--db', t.app.config.sqlitePath, 'field', 'teams', '--campaign', '1', '--attributes', 'gender', '--slot', 'sat-am', '--pairs', '--population', census, '--apply', '--json'], { env });
    expect(teams.code, teams.stderr).toBe(0);
    const plan = JSON.parse(teams.stdout) as { teams: { members: string[]; pairs: string[][]; tvd: number }[]; applied: { assignments: { partner: string }[] } };
    expect(plan.teams.map((x) => x.members.length)).toEqual([6, 4]);
    expect(plan.teams.map((x) => x.tvd)).toEqual([0, 0]);
    // Half women, half men: every pair is mixed.
    expect(plan.teams.flatMap((x) => x.pairs).every(([a, b]) => Number(a!.slice(1)) % 2 !== Number(b!.slice(1)) % 2)).toBe(true);
    expect(plan.applied.assignments).toHaveLength(6);
    const listed = await cli('field', 'assignments', 'list', '--campaign', '1');
    expect(listed.stdout.trim().split('\n')).toHaveLength(6);
    expect(listed.stdout).toMatch(/A1 turf 1 \(#101\) → c\d\d\+c\d\d \[sat-am\]/);
    const end = await cli('field', 'assignments', 'end', listed.stdout.split(':')[0]!);
    expect(end.stdout).toMatch(/\(ended\)$/m);
    // Handing turfs out gives canvassers the names at their doors: each step is in the audit log, as from the server.
    const audit = await readAudit(t.app.store.db, { limit: 100 });
    const actions = audit.filter((e) => e.action.startsWith('field.')).map((e) => e.action).reverse();
    expect(actions).toEqual(['field.canvasser.set', 'field.teams.apply', 'field.assignment.end']);
    expect(audit.find((e) => e.action === 'field.teams.apply')).toMatchObject({ subject: 'campaign:1', detail: { assignments: 6, teams: 2 } });
  });
});
