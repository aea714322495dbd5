import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };
const FIXTURES = join(import.meta.dirname, '..', 'data', 'elections');
const FIN1 = join(FIXTURES, 'fr-legislatives-2024-finistere-circ2-3-by-station-tour1.csv');
const FIN2 = join(FIXTURES, 'fr-legislatives-2024-finistere-circ2-3-by-station-tour2.csv');
const PRES = join(FIXTURES, 'fr-presidentielle-2017-by-departement.csv');

describe('hustings elections import, list, match and turnout', () => {
  it('imports two rounds, matches their stations, lists them and computes turnout', async () => {
    const dir = tempDir();
    const r1 = await runCli(['elections', 'import', FIN1, '--election', 'fin24', '--round', '1', '--name', 'Législatives 2024', '--json'], { cwd: dir, env });
    expect(r1.code, r1.stderr).toBe(0);
    const s1 = JSON.parse(r1.stdout) as Record<string, unknown>;
    expect(s1).toMatchObject({ election: 'fin24', round: 1, format: 'fr-ministry', encoding: 'utf-8', units: 201, bad: 0, match: null });
    expect(s1.totals).toMatchObject({ registered: 172_019, expressed: 120_586 });
    const r2 = await runCli(['elections', 'import', FIN2, '--election', 'fin24', '--round', '2'], { cwd: dir, env });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('201 units · 8 options · 0 bad lines');
    expect(r2.stdout).toContain('matched 201 units with round 1; 0 only in round 2, 0 only in round 1');
    const list = await runCli(['elections', 'list', '--json'], { cwd: dir, env });
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: 'fin24', name: 'Législatives 2024', rounds: [{ round: 1, units: 201 }, { round: 2, units: 201 }] }]);
    const match = await runCli(['elections', 'match', '--election', 'fin24', '--json'], { cwd: dir, env });
    expect(JSON.parse(match.stdout)).toEqual({ election: 'fin24', rounds: [1, 2], matched: 201, onlyInA: [], onlyInB: [] });
    const turnout = await runCli(['elections', 'turnout', '--election', 'fin24', '--round', '2'], { cwd: dir, env });
    expect(turnout.code, turnout.stderr).toBe(0);
    expect(turnout.stdout).toMatch(/registered\s+172,053/);
    expect(turnout.stdout).toMatch(/voters\s+123,363\s+71\.7 % of registered \(turnout\)/);
    expect(turnout.stdout).toMatch(/LE GAC Didier \(ENS\)\s+44,449\s+25\.8 %\s+37\.6 %/);
  });

  it('gives the core base under a turnout scenario for one party, per unit, with parties pooled', async () => {
    const dir = tempDir();
    await runCli(['elections', 'import', FIN1, '--election', 'fin24', '--round', '1', '--by', 'party'], { cwd: dir, env });
    const r = await runCli(['elections', 'turnout', '--election', 'fin24', '--round', '1', '--unit', '29-29011-0001', '--scenario-turnout', '0.45', '--party', 'rn', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { scope: string; turnout: { registered: number; voters: number }; scenario: { rows: { key: string; votesNow: number; votesNeeded: number; shareOfCurrentVotes: number }[] } };
    expect(j.scope).toBe('unit 29-29011-0001 (Bohars 1)');
    expect(j.turnout).toMatchObject({ registered: 997, voters: 787 });
    expect(j.scenario.rows).toHaveLength(1);
    const rn = j.scenario.rows[0]!;
    expect(rn).toMatchObject({ key: 'RN', votesNow: 144 });
    // 144 of 776 expressed now; at 45 % of 997 with 11 blank/null in 787 voters.
    const expressed = 997 * 0.45 * (1 - 11 / 787);
    expect(rn.votesNeeded).toBeCloseTo((144 / 776) * expressed, 6);
    expect(rn.shareOfCurrentVotes).toBeCloseTo(144 / expressed, 6);
    const text = await runCli(['elections', 'turnout', '--election', 'fin24', '--round', '1', '--scenario-turnout', '45%'], { cwd: dir, env });
    expect(text.stdout).toContain('Scenario: turnout 45.0 % of 172,019 registered');
    const unknown = await runCli(['elections', 'turnout', '--election', 'fin24', '--round', '1', '--party', 'XYZ', '--scenario-turnout', '0.5'], { cwd: dir, env });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no option or party "XYZ"');
    const alone = await runCli(['elections', 'turnout', '--election', 'fin24', '--round', '1', '--party', 'rn'], { cwd: dir, env });
    expect([alone.code, alone.stderr.trim()]).toEqual([2, 'hustings: --party is for a turnout scenario: give --scenario-turnout too (e.g. --scenario-turnout 0.45)']);
  });

  it('reports bad lines with their numbers, stores the rest, and replaces a round on re-import', async () => {
    const dir = tempDir();
    const lines = readFileSync(PRES, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/^(\d+),(\d+)/, '$1,lots');
    const path = join(dir, 'pres.csv');
    writeFileSync(path, lines.join('\n'));
    const r = await runCli(['elections', 'import', path, '--election', 'pres17', '--round', '1', '--without-suffix', '2'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('107 units · 9 options · 1 bad line');
    expect(r.stderr).toContain(`${path}:6: unit 5: column ABSTENTION "lots" is not a number; the unit is skipped`);
    const again = await runCli(['elections', 'import', PRES, '--election', 'pres17', '--round', '1', '--columns', 'ABSTENTION,BLANK_NULL,MACRON,LE_PEN', '--json'], { cwd: dir, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ units: 108, bad: 0 });
    const list = JSON.parse((await runCli(['elections', 'list', '--json'], { cwd: dir, env })).stdout) as { rounds: { units: number; options: number }[] }[];
    expect(list[0]!.rounds).toEqual([expect.objectContaining({ round: 1, units: 108, options: 4, bad: 0 })]);
  });

  it('says which units have more voters than registered, and stores them as read', async () => {
    const dir = tempDir();
    const path = join(dir, 'over.csv');
    // With an abstention column of its own (without one, such a unit is a bad line: its abstention cannot be worked out).
    writeFileSync(path, 'unit,inscrits,A,B,abstention\nu1,100,40,30,30\nu2,100,300,210,0\nu3,100,20,20,60\n');
    const r = await runCli(['elections', 'import', path, '--election', 'over', '--round', '1'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: 1 unit has more voters than registered, stored as read: u2 (line 3: 510 voters, 100 registered)');
    const json = JSON.parse((await runCli(['elections', 'import', path, '--election', 'over', '--round', '1', '--json'], { cwd: dir, env })).stdout) as { units: number; overRegistered: unknown[] };
    expect(json).toMatchObject({ units: 3, overRegistered: [{ code: 'u2', line: 3, voters: 510, registered: 100 }] });
  });

  it('gives a file with a registered column and no abstention column an ABSTENTION option, as turnout works it out; a unit with more votes than registered is a bad line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'g1.csv'), 'unit,registered,A,B\nu1,200,100,50\nu2,200,80,80\nu3,200,250,40\n');
    const r = await runCli(['elections', 'import', 'g1.csv', '--election', 'g', '--round', '1', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { units: number; bad: number; options: { key: string; votes: number }[]; totals: { registered: number; abstention: number } };
    expect(summary).toMatchObject({ units: 2, bad: 1, totals: { registered: 400, abstention: 90 } });
    expect(summary.options.map((o) => [o.key, o.votes])).toEqual([['A', 180], ['B', 130], ['ABSTENTION', 90]]);
    expect(summary).toMatchObject({ badLines: [{ line: 4, message: 'unit u3: more votes than registered (registered 200, votes 290), so no abstention can be worked out; the unit is skipped' }], overRegistered: [] });
    const t = await runCli(['elections', 'turnout', '--election', 'g', '--round', '1', '--json'], { cwd: dir, env });
    expect((JSON.parse(t.stdout) as { turnout: { abstention: number; gap: number } }).turnout).toMatchObject({ abstention: 90, gap: 0 });
  });

  it('reads a file whose lines end with a carriage return alone (old Mac CSV)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mac.csv'), 'unit,A,B\ru1,1,3\ru2,4,5\r');
    const r = await runCli(['elections', 'import', 'mac.csv', '--election', 'mac', '--round', '1', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ units: 2, bad: 0, options: [{ key: 'A', votes: 5 }, { key: 'B', votes: 8 }] });
  });

  it('names how many options it leaves out when a --party matches none of many', async () => {
    const dir = tempDir();
    const keys = Array.from({ length: 21 }, (_, i) => `P${i + 1}`);
    writeFileSync(join(dir, 'many.csv'), `unit,inscrits,${keys.join(',')}\nu1,1000,${keys.map(() => 10).join(',')}\n`);
    expect((await runCli(['elections', 'import', 'many.csv', '--election', 'many', '--round', '1'], { cwd: dir, env })).code).toBe(0);
    const r = await runCli(['elections', 'turnout', '--election', 'many', '--round', '1', '--party', 'XX', '--scenario-turnout', '0.5'], { cwd: dir, env });
    expect([r.code, r.stderr.trim()]).toEqual([3, `hustings: no option or party "XX" in this round; options: ${keys.slice(0, 12).join(', ')}, … and 9 more`]);
  });

  it('reads a quoted header cell over two lines, and refuses a header that is not CSV with exit 3, naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'two-lines.csv'), 'unit,"A\nx",B\nu1,1,3\nu2,4,5\n');
    const r = await runCli(['elections', 'import', 'two-lines.csv', '--election', 'ml', '--round', '1', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ units: 2, bad: 0, options: [{ key: 'A\nx', votes: 5 }, { key: 'B', votes: 8 }] });
    writeFileSync(join(dir, 'open.csv'), 'unit,"A,B\nu1,1,3\nu2,4,5\n');
    const open = await runCli(['elections', 'import', 'open.csv', '--election', 'ml', '--round', '2'], { cwd: dir, env });
    expect(open.code).toBe(3);
    expect(open.stderr).toContain('hustings: open.csv:1: the header is not valid CSV: expected column names separated by ",", each quoted one closed, found "unit,\\"A,B"');
  });

  it('restricts turnout to one district', async () => {
    const dir = tempDir();
    const json = join(FIXTURES, 'fr-legislatives-2022-herault-first-40-stations-1er-tour.json');
    await runCli(['elections', 'import', json, '--election', 'her22', '--round', '1'], { cwd: dir, env });
    const r = await runCli(['elections', 'turnout', '--election', 'her22', '--round', '1', '--district', '34-7', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { scope: string; turnout: { registered: number; voters: number } };
    expect(j.scope).toMatch(/^district 34-7: \d+ units$/);
    const none = await runCli(['elections', 'turnout', '--election', 'her22', '--round', '1', '--district', '99'], { cwd: dir, env });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no unit in district "99"; districts: 34-7, /);
  });

  it('exits 3 without storing when nothing can be read, and 3 for a missing round', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'words.csv'), 'unit,yes\na,many\nb,few\n');
    const r = await runCli(['elections', 'import', 'words.csv', '--election', 'x', '--round', '1'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('words.csv:2: unit a: column yes "many" is not a number');
    expect(r.stderr).toContain('hustings: words.csv: no unit could be read (2 bad lines); nothing stored');
    // Nothing was stored, so there is no store yet: a read-only command says so and makes none.
    const nostore = await runCli(['elections', 'turnout', '--election', 'x', '--round', '1'], { cwd: dir, env });
    expect([nostore.code, nostore.stderr]).toEqual([3, expect.stringContaining('no store at ')]);
    writeFileSync(join(dir, 'good.csv'), 'unit,yes\na,1\n');
    expect((await runCli(['elections', 'import', 'good.csv', '--election', 'y', '--round', '1'], { cwd: dir, env })).code).toBe(0);
    const missing = await runCli(['elections', 'turnout', '--election', 'x', '--round', '1'], { cwd: dir, env });
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim()).toBe('hustings: no round 1 of election "x" is stored (stored elections: y)');
    const usage = await runCli(['elections', 'import', 'words.csv', '--election', 'x', '--round', '1', '--format', 'xml'], { cwd: dir, env });
    expect(usage.code).toBe(2);
  });
});

describe('read-only elections commands on a store that does not exist', () => {
  const dir = tempDir();
  const commands: string[][] = [
    ['elections', 'list'],
    ['elections', 'match', '--election', 'x'],
    ['elections', 'turnout', '--election', 'x', '--round', '1'],
    ['elections', 'transfers', '--election', 'x', '--from', '1', '--to', '2'],
    ['elections', 'project', '--election', 'x', '--from', '1', '--to', '2'],
    ['elections', 'project', '--election', 'x', '--from', '1', '--matrix', 'm.json'],
    ['elections', 'priority', '--election', 'x', '--from', '1', '--to', '2', '--campaign', 'A'],
  ];
  it.each(commands.map((c) => [c.join(' '), c] as const))('%s', async (_, args) => {
    const db = join(dir, 'typo.db');
    const r = await runCli(['--db', db, ...args], { cwd: dir, env });
    expect(r.stderr).toContain(`no store at ${db}: this command reads one and makes none`);
    expect(r.code).toBe(3);
    expect(existsSync(db)).toBe(false);
  });
});
