import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/cli';
import { tempDir } from './support/corpus';

const JUNK = 250_000;
const GOOD = 10;

/** Runs the command line with a small heap (the launcher's own cap, 256 MB, given on the command line, would win over NODE_OPTIONS). */
function ingest(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--max-old-space-size=96', BIN, 'listen', 'ingest', ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a CSV of short junk lines', () => {
  it('is read with a 96 MB heap, every bad line counted and quarantined, a bounded few listed', async () => {
    const dir = tempDir();
    const path = join(dir, 'junk.csv');
    const lines = ['id,text,created_at,author'];
    for (let i = 0; i < JUNK; i++) lines.push(i % 2 ? 'x,y' : `j${i.toString(36)}`);
    for (let i = 0; i < GOOD; i++) lines.push(`p${i},post number ${i},2016-06-09T00:00:0${i}Z,a${i}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const quarantine = join(dir, 'bad.jsonl');
    const r = await ingest([path, '--db', join(dir, 'x.db'), '--quarantine', quarantine, '--json'], dir);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    const summary = JSON.parse(r.stdout) as { read: number; stored: number; bad: number; badShown: unknown[] };
    expect(summary).toMatchObject({ read: JUNK + GOOD, stored: GOOD, bad: JUNK });
    expect(summary.badShown).toHaveLength(20);
    const entries = readFileSync(quarantine, 'utf8').trim().split('\n');
    expect(entries).toHaveLength(JUNK);
    expect(JSON.parse(entries[1]!)).toMatchObject({ line: 3, raw: 'x,y', error: 'expected 4 columns as in the header, found 2' });
  }, 60_000);
});
