/**
 * `hustings field addresses|stations|areas` as a user runs them: counts and bad lines printed,
 * exit code 3 for a file that is not an address file, areas from an election analysis.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';
import { writeRounds } from './support/elections';

const FIXTURES = fileURLToPath(new URL('./fixtures/field/', import.meta.url));
const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };

describe('hustings field addresses', () => {
  const dir = tempDir();
  const run = (...args: string[]) => runCli(['--db', join(dir, 'cli.db'), '--data-dir', dir, 'field', ...args], { cwd: dir, env });

  it('imports doors and stations, links them, and lists the areas an election analysis makes', async () => {
    const doors = await run('addresses', 'import', join(FIXTURES, 'generic-comma.csv'));
    expect(doors.code, doors.stderr).toBe(0);
    expect(doors.stdout).toContain('11 lines read');
    expect(doors.stdout).toContain('5 stored, 0 updated, 6 bad');
    expect(doors.stdout).toContain('line 9: expected 10 columns as in the header, found 7');

    const wrong = await run('addresses', 'import', join(FIXTURES, 'stations.csv'));
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/stations\.csv: the header of a generic address file needs the column\(s\) id/);

    const stations = await run('stations', 'import', join(FIXTURES, 'stations.csv'), '--json');
    expect(stations.code, stations.stderr).toBe(0);
    expect(JSON.parse(stations.stdout)).toMatchObject({ stored: 4, bad: 1, link: { linkedByDistance: 3, noStation: 1 } });

    const { r1, r2 } = writeRounds(dir, 12);
    const made = await run('areas', 'from-election', '--from', r1, '--to', r2, '--id', 'unit', '--campaign', 'A', '--target', '2000');
    expect(made.code, made.stderr).toBe(0);
    const listed = await run('areas', 'list', '--json');
    const areas = (JSON.parse(listed.stdout) as { areas: { id: string; stations: number; source: string }[] }).areas;
    expect(areas[0]).toMatchObject({ id: 'A01', source: `election:${r1}` });
    expect(areas.reduce((s, a) => s + a.stations, 0)).toBe(12);
    // Five processes, each loading the whole CLI.
  }, 180_000);
});
