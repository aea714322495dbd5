import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../app/open';
import { Pseudonymiser } from '../../core/pseudonym';
import { migrate, openStore } from '../../store';
import { writeSyntheticCsv } from '../synthetic';
import { importContacts } from './run';

const dir = mkdtempSync(join(tmpdir(), 'hustings-normalise-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['people', 'contact_points', 'addresses', 'tags', 'person_tags', 'fields', 'person_fields', 'consents', 'consent_state', 'review_queue', 'person_sources', 'suppressions'];
// The time of the import differs between two runs; everything else must not.
const CLOCK = new Set(['created_at', 'updated_at', 'at']);

async function importInto(file: string, name: string, threads: number, key: Buffer): Promise<Record<string, unknown[]>> {
  const store = await openStore({ sqlitePath: join(dir, name) });
  try {
    await migrate(store.db, MIGRATIONS);
    const summary = await importContacts(
      { store, pseudonymiser: new Pseudonymiser(key) },
      { file, mapping: null, source: { basis: 'consent', collectedAt: Date.UTC(2026, 0, 1), collector: 'test', noticeVersion: 'v1' }, actor: 'test', normaliseThreads: threads },
    );
    const out: Record<string, unknown[]> = { summary: [{ ...summary, seconds: 0 }] };
    for (const t of TABLES) {
      const cols = store.sqlite!.prepare(`SELECT * FROM ${t} LIMIT 0`).columns().map((c) => c.name).filter((c) => !CLOCK.has(c));
      out[t] = (await sql.raw(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${cols.join(', ')}`).execute(store.db)).rows;
    }
    return out;
  } finally {
    await store.close();
  }
}

describe('import with the normalise pool', () => {
  it('writes exactly what an in-process import of the same file writes', async () => {
    const file = join(dir, 'contacts.csv');
    await writeSyntheticCsv(file, { rows: 20_000, seed: 7, duplicates: 0.03, bad: 0.001 });
    const key = randomBytes(32);
    const inProcess = await importInto(file, 'a.db', 0, key);
    const pooled = await importInto(file, 'b.db', 2, key);
    expect(inProcess.people!.length).toBeGreaterThan(19_000);
    expect((inProcess.review_queue ?? []).length).toBeGreaterThan(0);
    for (const t of ['summary', ...TABLES]) expect({ t, rows: pooled[t] }).toEqual({ t, rows: inProcess[t] });
  }, 120_000);
});
