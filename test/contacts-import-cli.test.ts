import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inProcess } from './support/cli-in-process';

describe('hustings contacts import (command line)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hustings-import-cli-'));
    for (const [k, v] of Object.entries({ DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) })) vi.stubEnv(k, v);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which columns it did not import and how to keep them', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'email,given_name,attr_a,attr_b,field_interest\nann@example.org,Ann,1,2,transports\n');
    const r = await inProcess(['--db', join(dir, 'store.db'), 'contacts', 'import', file, '--basis', 'consent', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 people created/);
    expect(r.stderr).toMatch(/2 columns not imported \(no target\): attr_a, attr_b; keep one with --map "COLUMN=field:NAME"/);
    // field_… columns are custom fields, not ignored.
    expect(r.stderr).not.toMatch(/field_interest/);
  });
});
