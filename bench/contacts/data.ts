// The benchmark's input: a synthetic contacts CSV (src/contacts/synthetic.ts), generated once per
// size and seed and reused (with its summary beside it), and what its truth says the import should find.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticCsv } from '../../src/contacts/synthetic';

export interface BenchData {
  readonly file: string;
  readonly rows: number;
  /** Different people in the file: new rows, plus fuzzy repeats (created, then queued for review). */
  readonly people: number;
  readonly exact: number;
  readonly fuzzy: number;
  readonly bad: number;
}

export async function benchData(rows: number, seed: number): Promise<BenchData> {
  const file = process.env.BENCH_CONTACTS_CSV ?? join(tmpdir(), `hustings-contacts-${rows}-${seed}.csv`);
  const summaryFile = `${file}.summary.json`;
  if (!existsSync(file) || !existsSync(summaryFile)) {
    process.stderr.write(`generating ${rows.toLocaleString('en')} rows → ${file}\n`);
    const s = await writeSyntheticCsv(file, { rows, seed, duplicates: 0.03, bad: 0.001 });
    writeFileSync(summaryFile, JSON.stringify(s));
  }
  const s = JSON.parse(readFileSync(summaryFile, 'utf8')) as { rows: number; kinds: { new: number; exact: number; fuzzy: number; bad: number } };
  return { file, rows: s.rows, people: s.kinds.new + s.kinds.fuzzy, exact: s.kinds.exact, fuzzy: s.kinds.fuzzy, bad: s.kinds.bad };
}
