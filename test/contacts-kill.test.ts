import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCsv } from '../src/contacts/synthetic';
import { runCli, startCli } from './support/cli';

const TABLES = ['people', 'contact_points', 'addresses', 'person_tags', 'person_fields', 'person_sources', 'consents', 'consent_state', 'review_queue'];

function counts(path: string): Record<string, number> {
  const db = new SQLite(path, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

function doneLine(path: string): number {
  try {
    const db = new SQLite(path, { readonly: true, timeout: 5000 });
    try {
      return (db.prepare('SELECT max(done_line) AS d FROM contact_imports').get() as { d: number | null }).d ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

const env = { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) };

describe('a contacts import killed mid-way', () => {
  let dir: string;
  let csv: string;
  let clean: string;
  const args = (db: string) => ['--db', db, 'contacts', 'import', csv, '--basis', 'consent', '--notice', 'v1', '--collected', '2026-05-01', '--no-progress'];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hustings-kill-'));
    csv = join(dir, 'people.csv');
    await writeSyntheticCsv(csv, { rows: 15_000, seed: 3 });
    clean = join(dir, 'clean.db');
    const once = await runCli(args(clean), { env });
    expect(once.code, once.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes after the last committed batch and ends with exactly what an uninterrupted import stores', async () => {
    const killed = join(dir, 'killed.db');
    const { child, done } = startCli(args(killed), { env });
    const deadline = Date.now() + 60_000;
    while (doneLine(killed) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    const first = await done;
    expect(first.signal).toBe('SIGKILL');
    const at = doneLine(killed);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(15_001);

    const again = await runCli(args(killed), { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resumed an interrupted import of this file after line/);
    expect(counts(killed)).toEqual(counts(clean));
  }, 180_000);

  it('refuses a second run of the file while the first runs, and the first ends with exactly one import', async () => {
    const twice = join(dir, 'twice.db');
    const { child, done } = startCli(args(twice), { env });
    const deadline = Date.now() + 60_000;
    while (doneLine(twice) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Paused while the second run looks, so that it finds the first still running however fast the machine.
    child.kill('SIGSTOP');
    const second = await runCli(args(twice), { env });
    child.kill('SIGCONT');
    const first = await done;
    expect(first.code, first.stderr).toBe(0);
    expect(child.exitCode).toBe(0);
    expect(second.code, second.stderr).toBe(3);
    expect(second.stderr).toMatch(/import #1 of this file is running \(started .+\); wait for it to finish/);
    expect(counts(twice)).toEqual(counts(clean));
  }, 180_000);
});
