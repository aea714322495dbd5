import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';
import { TRUE_MATRIX, writeRounds } from './support/elections';

const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };

interface Contract {
  method: string;
  rows: string[];
  cols: string[];
  matrix: number[][];
  ci95: [number, number][][] | null;
  votes: number[][];
  diagnostics: Record<string, unknown>;
}

/** Two rounds of four units (A, B then X, Y, abstention on both sides), written as `names` in `dir`. */
function fourUnitRounds(dir: string, names: [string, string]): void {
  writeFileSync(join(dir, names[0]), 'unit,A,B,ABSTENTION\nu1,100,50,30\nu2,80,70,20\nu3,60,60,60\nu4,70,50,40\n');
  writeFileSync(join(dir, names[1]), 'unit,X,Y,ABSTENTION\nu1,90,60,30\nu2,70,80,20\nu3,50,70,60\nu4,60,60,40\n');
}

async function transfers(args: string[], cwd: string): Promise<Contract> {
  const r = await runCli(['elections', 'transfers', ...args, '--json'], { cwd, env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Contract;
}

describe('hustings elections transfers (the JSON contract)', () => {
  const dir = tempDir();
  const { r1, r2, truthVotes } = writeRounds(dir);
  const total = truthVotes.flat().reduce((s, v) => s + v, 0);

  it.each([
    ['goodman', []],
    ['lp', []],
    ['md-bayes', ['--seed', '3']],
  ])('%s: {method, rows, cols, matrix, ci95, votes, diagnostics}, near the true matrix', async (method, extra) => {
    const r = await transfers(['--from', r1, '--to', r2, '--id', 'unit', '--method', method, ...extra], dir);
    expect(Object.keys(r).sort()).toEqual(['ci95', 'cols', 'diagnostics', 'matrix', 'method', 'rows', 'votes']);
    expect(r).toMatchObject({ method, rows: ['A', 'B', 'ABSTENTION'], cols: ['A', 'C', 'ABSTENTION'] });
    r.matrix.forEach((row, i) => {
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      // 0.07: md-bayes's posterior mean here (a run of 25,000 sweeps, R-hat 1.02) is 0.062 off in one cell.
      row.forEach((p, j) => expect(Math.abs(p - TRUE_MATRIX[i]![j]!)).toBeLessThan(0.07));
    });
    expect(r.votes.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(total, 0);
    const ei = (50 * r.votes.flat().reduce((s, v, k) => s + Math.abs(v - truthVotes.flat()[k]!), 0)) / total;
    expect(ei).toBeLessThan(5);
    if (method === 'md-bayes') {
      expect(r.ci95).not.toBeNull();
      r.ci95!.forEach((row, i) => row.forEach(([lo, hi], j) => expect(lo <= r.matrix[i]![j]! && r.matrix[i]![j]! <= hi).toBe(true)));
      // The realised shares (the cross-table's own) lie in most 95 % intervals.
      const realised = (i: number, j: number): number => truthVotes[i]![j]! / truthVotes[i]!.reduce((s, v) => s + v, 0);
      const covered = r.ci95!.flatMap((row, i) => row.map(([lo, hi], j) => lo <= realised(i, j) && realised(i, j) <= hi));
      expect(covered.filter(Boolean).length).toBeGreaterThanOrEqual(7);
      expect(r.diagnostics).toHaveProperty('rhat');
    }
  });

  it('gives the same md-bayes answer for the same seed', async () => {
    const args = ['--from', r1, '--to', r2, '--method', 'md-bayes', '--seed', '9', '--chains', '2', '--samples', '100', '--burnin', '100'];
    const [a, b] = await Promise.all([transfers(args, dir), transfers(args, dir)]);
    expect(a.matrix).toEqual(b.matrix);
    expect(a.ci95).toEqual(b.ci95);
  });

  it('reports units found in one round only, and refuses unequal totals under --electorate strict', async () => {
    const other = tempDir();
    const files = writeRounds(other, 20, 5, true);
    const r = await runCli(['elections', 'transfers', '--from', files.r1, '--to', files.r2, '--json'], { cwd: other, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/only one round.*second 1 \(bv-999\)/i);
    writeFileSync(join(other, 'short.csv'), 'unit,A,C,ABSTENTION\nBV-001,1,1,1\n');
    const strict = await runCli(['elections', 'transfers', '--from', files.r1, '--to', 'short.csv', '--electorate', 'strict'], { cwd: other, env });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/bv-1/i);
  });

  it('gives one matrix per unit with --per-unit (lp), each a matrix of shares whose votes add up to the unit\'s round 2, and refuses it with goodman', async () => {
    const r = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--method', 'lp', '--per-unit', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as Contract & { units: { unit: string; matrix: number[][] }[] };
    expect(c.units).toHaveLength(60);
    for (const u of c.units) {
      expect(u.matrix).toHaveLength(c.rows.length);
      for (const row of u.matrix) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    // Not all one matrix: the refinement lets units differ.
    expect(new Set(c.units.map((u) => JSON.stringify(u.matrix))).size).toBeGreaterThan(1);
    const text = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--method', 'lp', '--per-unit'], { cwd: dir, env });
    expect(text.stdout).toContain('and one matrix for each of 60 units: --json gives them');
    const goodman = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--method', 'goodman', '--per-unit'], { cwd: dir, env });
    expect([goodman.code, goodman.stderr.trim()]).toEqual([2, 'hustings: --per-unit: goodman estimates one matrix for all units; per-unit matrices come from --method lp or md-bayes']);
  });

  it('refuses an option the method does not use instead of ignoring it: md-bayes settings with lp or goodman, --method with a given matrix; --seed stays accepted with every method', async () => {
    const pair = ['elections', 'transfers', '--from', r1, '--to', r2];
    const refused = async (args: string[]): Promise<[number | null, string]> => {
      const r = await runCli(args, { cwd: dir, env });
      return [r.code, r.stderr.trim()];
    };
    expect(await refused([...pair, '--method', 'lp', '--chains', '2'])).toEqual([2, 'hustings: --chains: only md-bayes samples chains, and --method is lp; give --method md-bayes or leave --chains out']);
    expect(await refused([...pair, '--method', 'goodman', '--lambda2', '2'])).toEqual([2, 'hustings: --lambda2: only md-bayes samples chains, and --method is goodman; give --method md-bayes or leave --lambda2 out']);
    expect(await refused([...pair, '--samples', '100'])).toEqual([2, 'hustings: --samples: only md-bayes samples chains, and --method is lp; give --method md-bayes or leave --samples out']);
    // --seed is part of the contract with every method (lp draws nothing with it).
    for (const method of ['lp', 'goodman']) {
      const seeded = await runCli([...pair, '--method', method, '--seed', '3', '--json'], { cwd: dir, env });
      expect(seeded.code, seeded.stderr).toBe(0);
    }
    const lp = await runCli([...pair, '--json'], { cwd: dir, env });
    writeFileSync(join(dir, 'given.json'), lp.stdout);
    expect(await refused(['elections', 'project', '--from', r1, '--matrix', 'given.json', '--method', 'md-bayes'])).toEqual([2, 'hustings: --method: with --matrix the matrix is given, not estimated; --method goes with --to']);
  });

  it('projects a first round with a given matrix (an earlier transfers --json), per unit and in total', async () => {
    const r = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--method', 'lp', '--json'], { cwd: dir, env });
    writeFileSync(join(dir, 'matrix.json'), r.stdout);
    const m = JSON.parse(r.stdout) as Contract;
    const p = await runCli(['elections', 'project', '--from', r1, '--matrix', 'matrix.json', '--json'], { cwd: dir, env });
    expect(p.code, p.stderr).toBe(0);
    const projection = JSON.parse(p.stdout) as { cols: string[]; total: { votes: number[]; lo: number[]; hi: number[] }; units: unknown[] };
    expect(projection.cols).toEqual(m.cols);
    expect(projection.units).toHaveLength(60);
    // x·P summed over units equals the matrix's own votes (the same first round).
    projection.total.votes.forEach((v, c) => {
      expect(v).toBeCloseTo(m.votes.reduce((s, row) => s + row[c]!, 0), 0);
      expect(projection.total.lo[c]).toBeLessThanOrEqual(v);
      expect(projection.total.hi[c]).toBeGreaterThanOrEqual(v);
    });
    // A candidate whose name starts like a non-choice (BLANC, NUL…) is a choice all the same.
    writeFileSync(join(dir, 'p1.csv'), 'unit,A,B,ABSTENTION\nu1,100,50,30\nu2,80,70,20\n');
    // … and a matrix file saved with a byte-order mark is read.
    writeFileSync(join(dir, 'm1.json'), '\uFEFF' + JSON.stringify({ rows: ['A', 'B', 'ABSTENTION'], cols: ['BLANC Marie (LR)', 'DUPONT Jean (RN)', 'ABSTENTION'], matrix: [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]] }));
    const named = await runCli(['elections', 'project', '--from', 'p1.csv', '--matrix', 'm1.json', '--json'], { cwd: dir, env });
    expect((JSON.parse(named.stdout) as { total: { share: number[] } }).total.share).toEqual([0.575, 0.425, 0]);
    const neither = await runCli(['elections', 'project', '--from', r1], { cwd: dir, env });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('give either --to');
  });

  it('priority: a census line that cannot be read, a repeated code or a bad coordinate is reported and the other rows kept; the attributes come out with the stations; an empty census and a repeated campaign key are refused before any estimate', async () => {
    fourUnitRounds(dir, ['q1.csv', 'q2.csv']);
    writeFileSync(join(dir, 'census1.csv'), 'unit,pop,lat,lon\nu1,100,48.1,-4.1\nu2,"200,48.2,-4.2\nu3,300,48.3,-4.3\nu4,400,,-4.4\nU3,999,10,10\n');
    const r = await runCli(['elections', 'priority', '--from', 'q1.csv', '--to', 'q2.csv', '--campaign', 'A', '--census', 'census1.csv', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('census1.csv: 3 bad line(s): line 3: unclosed quote');
    expect(r.stderr).toContain('line 5: unit u4: column lat "" is not a latitude; the station has no place');
    expect(r.stderr).toContain('line 6: unit U3 is also on line 4; the first row is kept');
    expect(r.stderr).toContain('census1.csv: 1 station has no census row (u2)');
    const out = JSON.parse(r.stdout) as { stations: { code: string; census: Record<string, number> | null }[]; areas: { nearness: string }[]; census: { badLines: { line: number }[] } };
    expect(Object.fromEntries(out.stations.map((s) => [s.code, s.census]))).toEqual({ u1: { pop: 100, lat: 48.1, lon: -4.1 }, u2: null, u3: { pop: 300, lat: 48.3, lon: -4.3 }, u4: { pop: 400, lon: -4.4 } });
    expect(out.census.badLines.map((b) => b.line)).toEqual([3, 5, 6]);
    // Not every station is placed: the areas group by codes, not by a station put at 0°.
    expect(out.areas[0]!.nearness).toBe('codes');
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = await runCli(['elections', 'priority', '--from', 'q1.csv', '--to', 'q2.csv', '--campaign', 'A', '--census', 'empty.csv', '--method', 'md-bayes'], { cwd: dir, env });
    expect([empty.code, empty.stderr.trim()]).toEqual([3, 'hustings: empty.csv: empty file, or no header line']);
    const twice = await runCli(['elections', 'priority', '--from', 'q1.csv', '--to', 'q2.csv', '--campaign', 'A,A', '--method', 'md-bayes'], { cwd: dir, env });
    expect([twice.code, twice.stderr.trim()]).toEqual([3, 'hustings: campaign option "A" is given twice: each first-round option counts once']);
    const unknown = await runCli(['elections', 'priority', '--from', 'q1.csv', '--to', 'q2.csv', '--campaign', 'A', '--gain-from', 'Z', '--method', 'md-bayes'], { cwd: dir, env });
    // The rounds' totals balance: no EXITED column will be added, so none is offered.
    expect(unknown.stderr).toContain('unknown second-round option "Z" (expected one of X, Y, ABSTENTION)');
    expect(unknown.stderr).not.toContain('md-bayes');
  });

  it('priority: NEW and EXITED are accepted only when the pairing will add them (totals that differ), and refused before the estimate otherwise', async () => {
    // Every unit's totals balance, so there is no NEW row and no EXITED column.
    fourUnitRounds(dir, ['n1.csv', 'n2.csv']);
    const run = (args: string[]) => runCli(['elections', 'priority', ...args, '--method', 'md-bayes', '--seed', '1'], { cwd: dir, env });
    // Standard error holds the refusal alone: an estimate would have said first that 4 units hardly identify the transfers.
    const newRow = await run(['--from', 'n1.csv', '--to', 'n2.csv', '--campaign', 'NEW']);
    expect([newRow.code, newRow.stderr.trim()]).toEqual([3, 'hustings: unknown first-round option "NEW" (expected one of A, B, ABSTENTION)']);
    const exited = await run(['--from', 'n1.csv', '--to', 'n2.csv', '--campaign', 'A', '--gain-from', 'EXITED']);
    expect([exited.code, exited.stderr.trim()]).toEqual([3, 'hustings: unknown second-round option "EXITED" (expected one of X, Y, ABSTENTION)']);
    const unknown = await run(['--from', 'n1.csv', '--to', 'n2.csv', '--campaign', 'Z']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([3, 'hustings: unknown first-round option "Z" (expected one of A, B, ABSTENTION)']);
    // n3: u1 gains 10 voters, u2 loses 10: both NEW and EXITED are added, and may be named.
    writeFileSync(join(dir, 'n3.csv'), 'unit,X,Y,ABSTENTION\nu1,100,60,30\nu2,60,80,20\nu3,50,70,60\nu4,60,60,40\n');
    const both = await runCli(['elections', 'priority', '--from', 'n1.csv', '--to', 'n3.csv', '--campaign', 'A,NEW', '--gain-from', 'EXITED', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(both.code, both.stderr).toBe(0);
    expect((JSON.parse(both.stdout) as { rule: unknown }).rule).toEqual({ rows: ['A', 'NEW'], col: 'EXITED' });
  }, 60_000);

  it('priority: census values are numbers only when written as plain decimals; a lat/lon written otherwise (0x30, 1e1) is reported, and "1,234" stays text', async () => {
    fourUnitRounds(dir, ['c1.csv', 'c2.csv']);
    writeFileSync(join(dir, 'census2.csv'), 'unit,pop,share,lat,lon\nu1,"1,234","12,5",48.1,-4.1\nu2,200,0x10,0x30,-4.2\nu3,300,1e3,"48,3903","-4,3"\nu4,+400,-2.5,1e1,-4.4\n');
    const r = await runCli(['elections', 'priority', '--from', 'c1.csv', '--to', 'c2.csv', '--campaign', 'A', '--census', 'census2.csv', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('census2.csv: 2 bad line(s): line 3: unit u2: column lat "0x30" is not a latitude; the station has no place; line 5: unit u4: column lat "1e1" is not a latitude; the station has no place');
    const out = JSON.parse(r.stdout) as { stations: { code: string; census: Record<string, number | string> | null }[]; census: { badLines: { line: number }[] } };
    expect(Object.fromEntries(out.stations.map((s) => [s.code, s.census]))).toEqual({
      u1: { pop: '1,234', share: 12.5, lat: 48.1, lon: -4.1 },
      u2: { pop: 200, share: '0x10', lon: -4.2 },
      u3: { pop: 300, share: '1e3', lat: 48.3903, lon: -4.3 },
      u4: { pop: 400, share: -2.5, lon: -4.4 },
    });
    expect(out.census.badLines.map((b) => b.line)).toEqual([3, 5]);
  });

  it("priority on stored rounds groups by the coordinates of the field module's stations, matched by normalised code", async () => {
    const db = join(dir, 'placed.db');
    writeFileSync(join(dir, 's1.csv'), 'unit,A,B,ABSTENTION\n29-1-1,400,300,300\n29-1-2,380,320,300\n29-1-3,390,310,300\n29-1-4,410,290,300\n');
    writeFileSync(join(dir, 's2.csv'), 'unit,X,Y,ABSTENTION\n29-1-1,350,300,350\n29-1-2,360,310,330\n29-1-3,330,320,350\n29-1-4,380,290,330\n');
    for (const n of [1, 2]) expect((await runCli(['--db', db, 'elections', 'import', `s${n}.csv`, '--election', 'e', '--round', String(n)], { cwd: dir, env })).code).toBe(0);
    const priority = async () => {
      const r = await runCli(['--db', db, 'elections', 'priority', '--election', 'e', '--from', '1', '--to', '2', '--campaign', 'A', '--method', 'lp', '--target', '2000', '--json'], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { areas: { stations: string[]; nearness: string }[] }).areas;
    };
    expect((await priority())[0]!.nearness).toBe('codes');
    // Stations 1 and 3 side by side, 2 and 4 side by side, 100 km apart; codes padded as another file would.
    writeFileSync(join(dir, 'stations-e.csv'), 'code,name,lat,lon\n29-1-0001,a,48.40,-4.50\n29-1-0002,b,47.50,-4.50\n29-1-0003,c,48.401,-4.50\n29-1-0004,d,47.501,-4.50\n');
    expect((await runCli(['--db', db, 'field', 'stations', 'import', 'stations-e.csv'], { cwd: dir, env })).code).toBe(0);
    const areas = await priority();
    expect(areas.every((a) => a.nearness === 'coordinates')).toBe(true);
    expect(areas.map((a) => [...a.stations].sort().join(' ')).sort()).toEqual(['29-1-1 29-1-3', '29-1-2 29-1-4']);
  }, 60_000);

  it('takes the abstainers of files with a registered column and no abstention column for abstainers, not for voters who joined or left the roll', async () => {
    const rows = (votes: [number, number][]): string => `unit,registered,A,B\n${votes.map(([a, b], i) => `u${i + 1},200,${a},${b}`).join('\n')}\n`;
    writeFileSync(join(dir, 'g1.csv'), rows([[100, 50], [80, 80], [120, 40], [90, 70], [60, 100], [110, 60]]));
    writeFileSync(join(dir, 'g2.csv'), rows([[110, 50], [90, 80], [130, 40], [100, 70], [70, 100], [120, 60]]));
    const r = await transfers(['--from', 'g1.csv', '--to', 'g2.csv', '--method', 'lp'], dir);
    expect([r.rows, r.cols]).toEqual([['A', 'B', 'ABSTENTION'], ['A', 'B', 'ABSTENTION']]);
    expect(r.diagnostics.matching).toMatchObject({ addedRow: null, addedCol: null, unbalancedUnits: 0, newVoters: 0, exitedVoters: 0 });
    expect(r.votes.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1200, 6);
    const p = await runCli(['elections', 'priority', '--from', 'g1.csv', '--to', 'g2.csv', '--campaign', 'B', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(p.code, p.stderr).toBe(0);
    expect((JSON.parse(p.stdout) as { rule: { col: string } }).rule.col).toBe('ABSTENTION');
  });

  it('says in text what --json lists: units set aside, and voters who joined or left the roll', async () => {
    writeFileSync(join(dir, 'e1.csv'), 'unit,A,B\nu1,10,20\nu2,0,0\nu3,5,5\n');
    writeFileSync(join(dir, 'e2.csv'), 'unit,X,Y\nu1,12,20\nu2,0,0\nu3,4,5\n');
    const r = await runCli(['elections', 'transfers', '--from', 'e1.csv', '--to', 'e2.csv', '--method', 'lp'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('units with no votes in either round (set aside): 1 (u2)');
    expect(r.stderr).toContain("the rounds' totals differ in 2 units: 2 voters more in round 2 (row NEW), 1 fewer (column EXITED)");
  });

  it('project and priority on two rounds say on standard error what transfers says: units in one round only, units set aside, the estimate\'s warning; --json gives the matching', async () => {
    writeFileSync(join(dir, 'r1b.csv'), 'unit,A,B,ABSTENTION\nu1,100,50,30\nu2,80,70,40\nu3,60,90,20\nu4,60,90,20\nu5,0,0,0\n');
    writeFileSync(join(dir, 'r2b.csv'), 'unit,X,Y,ABSTENTION\nu1,110,40,30\nu2,90,60,40\nu3,70,80,20\nu5,0,0,0\nu6,1,1,1\n');
    const pair = ['--from', 'r1b.csv', '--to', 'r2b.csv', '--method', 'lp', '--json'];
    const notes = [
      'units in only one round (left out): first 1 (u4), second 1 (u6)',
      'units with no votes in either round (set aside): 1 (u5)',
      'warning: only 3 units with votes for 3 first-round options: the transfer rates are hardly identified',
    ];
    const transfers = await runCli(['elections', 'transfers', ...pair], { cwd: dir, env });
    expect(transfers.code, transfers.stderr).toBe(0);
    const matching = (JSON.parse(transfers.stdout) as Contract).diagnostics.matching as Record<string, unknown>;
    expect(matching).toMatchObject({ unmatchedFrom: ['u4'], unmatchedTo: ['u6'], setAside: ['u5'] });
    for (const command of [['project'], ['priority', '--campaign', 'A']]) {
      const r = await runCli(['elections', ...command, ...pair], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(0);
      for (const line of notes) expect(r.stderr, `standard error of elections ${command[0]}`).toContain(line);
      expect((JSON.parse(r.stdout) as { matching?: unknown }).matching, `--json of elections ${command[0]}`).toEqual(matching);
    }
  });

  it('md-bayes takes --electorate scale: each unit rescaled, then rounded to whole votes keeping its total, and says so', async () => {
    writeFileSync(join(dir, 'sc1.csv'), 'unit,A,B,abstention\nu1,100,50,20\nu2,80,60,20\nu3,120,40,10\nu4,90,70,15\nu5,60,90,20\nu6,110,45,10\nu7,70,70,10\nu8,50,100,5\nu9,90,30,30\n');
    writeFileSync(join(dir, 'sc2.csv'), 'unit,A,B,abstention\nu1,120,30,30\nu2,100,40,20\nu3,140,20,10\nu4,100,70,15\nu5,80,70,20\nu6,130,25,10\nu7,80,60,10\nu8,70,80,5\nu9,100,20,30\n');
    const args = ['elections', 'transfers', '--from', 'sc1.csv', '--to', 'sc2.csv', '--electorate', 'scale', '--seed', '1', '--samples', '100', '--burnin', '100', '--chains', '2', '--json'];
    const r = await runCli([...args, '--method', 'md-bayes'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("the rounds' totals differ in 2 units: round 2 rescaled to round 1's totals, then rounded to whole votes unit by unit (largest remainder), as md-bayes needs counts");
    const m = JSON.parse(r.stdout) as Contract;
    expect(m.diagnostics.matching).toMatchObject({ electorate: 'scale', unbalancedUnits: 2, roundedToWholeVotes: true });
    m.matrix.forEach((row) => expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9));
    // Every first-round voter is in the table once: 1,465 in all (u1 and u4 differ, 170 against 180 and 175 against 185).
    expect(m.votes.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1465, 6);
    const lp = await runCli(['elections', 'transfers', '--from', 'sc1.csv', '--to', 'sc2.csv', '--electorate', 'scale', '--json', '--method', 'lp'], { cwd: dir, env });
    expect(lp.code, lp.stderr).toBe(0);
    expect((JSON.parse(lp.stdout) as Contract).diagnostics.matching).toMatchObject({ roundedToWholeVotes: false });
  }, 60_000);

  it('refuses a round file from which no unit could be read, naming it, before any estimate', async () => {
    writeFileSync(join(dir, 'header-only.csv'), 'unit,A,B\n');
    writeFileSync(join(dir, 'all-bad.csv'), 'unit,A,B\nu1,x,1\n');
    writeFileSync(join(dir, 'g.json'), JSON.stringify({ rows: ['A', 'B'], cols: ['X', 'Y'], matrix: [[1, 0], [0, 1]] }));
    const project = await runCli(['elections', 'project', '--from', 'header-only.csv', '--matrix', 'g.json'], { cwd: dir, env });
    expect([project.code, project.stdout, project.stderr.trim()]).toEqual([3, '', 'hustings: header-only.csv: no unit could be read (0 bad lines); expected a header line then one line per unit']);
    const bad = await runCli(['elections', 'project', '--from', 'all-bad.csv', '--matrix', 'g.json'], { cwd: dir, env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('all-bad.csv: 1 bad line(s) left out: line 2: unit u1: column A "x" is not a number');
    expect(bad.stderr).toContain('hustings: all-bad.csv: no unit could be read (1 bad line); expected a header line then one line per unit');
    const transfers = await runCli(['elections', 'transfers', '--from', r1, '--to', 'header-only.csv'], { cwd: dir, env });
    expect([transfers.code, transfers.stderr.trim()]).toEqual([3, 'hustings: header-only.csv: no unit could be read (0 bad lines); expected a header line then one line per unit']);
    const priority = await runCli(['elections', 'priority', '--from', 'header-only.csv', '--to', r2, '--campaign', 'A', '--method', 'md-bayes'], { cwd: dir, env });
    expect([priority.code, priority.stderr.trim()]).toEqual([3, 'hustings: header-only.csv: no unit could be read (0 bad lines); expected a header line then one line per unit']);
    // Standard input can be read once: both rounds from it is a usage mistake, not an empty second file.
    const stdin = await runCli(['elections', 'transfers', '--from', '-', '--to', '-'], { cwd: dir, env });
    expect([stdin.code, stdin.stderr.trim()]).toEqual([2, 'hustings: --from - and --to -: standard input can be read once; give one of the rounds as a file']);
  });

  it('priority: an empty campaign key is said to be empty, not given twice', async () => {
    for (const campaign of [',', 'A,', '']) {
      const r = await runCli(['elections', 'priority', '--from', r1, '--to', r2, '--campaign', campaign, '--method', 'md-bayes'], { cwd: dir, env });
      expect([campaign, r.code, r.stderr.trim()]).toEqual([campaign, 3, "hustings: expected the campaign's first-round option keys, comma-separated; found an empty key"]);
    }
  });

  it('priority: a campaign key that holds a comma ("DUPONT, Jean") is one key', async () => {
    writeFileSync(join(dir, 'c1.csv'), 'unit;DUPONT, Jean;MARTIN, Paul;ABSTENTION\nu1;100;50;30\nu2;80;70;40\nu3;60;90;20\n');
    writeFileSync(join(dir, 'c2.csv'), 'unit;DUPONT, Jean;ABSTENTION\nu1;120;60\nu2;100;90\nu3;90;80\n');
    const one = await runCli(['elections', 'priority', '--from', 'c1.csv', '--to', 'c2.csv', '--campaign', 'DUPONT, Jean', '--json'], { cwd: dir, env });
    expect(one.code, one.stderr).toBe(0);
    const two = await runCli(['elections', 'priority', '--from', 'c1.csv', '--to', 'c2.csv', '--campaign', 'DUPONT, Jean,MARTIN, Paul', '--json'], { cwd: dir, env });
    expect(two.code, two.stderr).toBe(0);
    const text = await runCli(['elections', 'priority', '--from', 'c1.csv', '--to', 'c2.csv', '--campaign', 'DUPONT, Jean'], { cwd: dir, env });
    expect(text.stdout).toContain('grouped by district and code (no station has coordinates)');
    const bad = await runCli(['elections', 'priority', '--from', 'c1.csv', '--to', 'c2.csv', '--campaign', 'DUPONT'], { cwd: dir, env });
    expect([bad.code, bad.stderr]).toEqual([3, expect.stringContaining('unknown first-round option "DUPONT"')]);
  });

  it('warns before a table large enough to take minutes', async () => {
    const header = (p: string, n: number): string => `unit,${Array.from({ length: n }, (_, i) => `${p}${i}`).join(',')}\n`;
    const rows = (n: number, first: number): string => Array.from({ length: 12 }, (_, u) => `u${u},${Array.from({ length: n }, (_, i) => (i === 0 ? first : 10)).join(',')}\n`).join('');
    writeFileSync(join(dir, 'w1.csv'), header('a', 21) + rows(21, 10));
    writeFileSync(join(dir, 'w2.csv'), header('b', 20) + rows(20, 20));
    const r = await runCli(['elections', 'transfers', '--from', 'w1.csv', '--to', 'w2.csv', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('21 × 20 options: the estimate can take many minutes at this size; take one district at a time with --district D, or pool candidates by party with --by party');
  });

  it('--district takes one district of both rounds, without the other districts\' candidates; --by party over districts with different second rounds says so', async () => {
    const json = (round: string): string => join(import.meta.dirname, '..', 'data', 'elections', `fr-legislatives-2022-herault-first-40-stations-${round}-tour.json`);
    const one = await transfers(['--from', json('1er'), '--to', json('2nd'), '--district', '34-7', '--method', 'lp'], dir);
    // 34-7's own candidates only: none of another district's (all of them are columns of the whole files).
    const all = await transfers(['--from', json('1er'), '--to', json('2nd'), '--method', 'lp'], dir);
    expect(one.rows.length).toBeLessThan(all.rows.length);
    expect(one.cols.length).toBeLessThan(all.cols.length);
    expect(one.cols.filter((c) => !['ABSTENTION', 'BLANK', 'NULL', 'NEW', 'EXITED'].includes(c))).toHaveLength(2);
    const pooled = await runCli(['elections', 'transfers', '--from', json('1er'), '--to', json('2nd'), '--by', 'party', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(pooled.code, pooled.stderr).toBe(0);
    expect(pooled.stderr).toContain('--by party: pooled by party over 4 districts whose second rounds have 2 different line-ups');
    const projected = await runCli(['elections', 'project', '--from', json('1er'), '--to', json('2nd'), '--by', 'party', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(projected.code, projected.stderr).toBe(0);
    expect(projected.stderr).toContain('--by party: pooled by party over 4 districts whose second rounds have 2 different line-ups');
    const alone = await runCli(['elections', 'transfers', '--from', json('1er'), '--to', json('2nd'), '--by', 'party', '--district', '34-7', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(alone.stderr).not.toContain('line-ups');
    const none = await runCli(['elections', 'transfers', '--from', json('1er'), '--to', json('2nd'), '--district', '99', '--json'], { cwd: dir, env });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/--district: --from .*1er-tour\.json: no unit in district "99"; districts: 34-7, /);
  });

  it('--by party on rounds whose options name no party says it changes nothing', async () => {
    const r = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--by', 'party', '--method', 'lp', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`--from: --by party changes nothing: no option of this round names a party`);
  });

  it('explains a wrong method or a missing file', async () => {
    const bad = await runCli(['elections', 'transfers', '--from', r1, '--to', r2, '--method', 'magic'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown transfer method "magic" (expected one of goodman, lp, md-bayes)');
    const missing = await runCli(['elections', 'transfers', '--from', 'nope.csv', '--to', r2], { cwd: dir, env });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.csv');
  });
});
