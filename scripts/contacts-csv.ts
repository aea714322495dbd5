/**
 * Writes a synthetic contacts CSV (see src/contacts/synthetic.ts) for demos and the import benchmark.
 * Run: node --import tsx scripts/contacts-csv.ts --rows 1000000 --seed 1 --out /tmp/contacts-1m.csv
 *        [--truth /tmp/truth.jsonl] [--duplicates 0.03] [--bad 0.001]
 */
import { statSync } from 'node:fs';
import { writeSyntheticCsv } from '../src/contacts/synthetic';
import { scriptArgs } from './args';

const USAGE = 'usage: node --import tsx scripts/contacts-csv.ts --rows N --seed S --out FILE.csv [--truth FILE.jsonl] [--duplicates 0.03] [--bad 0.001]';
const values = scriptArgs(USAGE, {
  rows: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '1' },
  out: { type: 'string' },
  truth: { type: 'string' },
  duplicates: { type: 'string', default: '0.03' },
  bad: { type: 'string', default: '0.001' },
});

if (values.out === undefined) {
  console.error(`--out is required\n${USAGE}`);
  process.exit(2);
}

const started = performance.now();
const rate = (done: number): string => `${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString('en')} rows/s`;
const summary = await writeSyntheticCsv(
  values.out,
  {
    rows: Number(values.rows),
    seed: Number(values.seed),
    duplicates: Number(values.duplicates),
    bad: Number(values.bad),
    ...(values.truth === undefined ? {} : { truthPath: values.truth }),
  },
  (done, total) => process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows, ${rate(done)}`),
);
const seconds = (performance.now() - started) / 1000;
const mib = statSync(values.out).size / 2 ** 20;
process.stderr.write('\n');
console.log(
  `${summary.rows.toLocaleString('en')} rows (${summary.persons.toLocaleString('en')} people: ${summary.kinds.new} new, ` +
    `${summary.kinds.exact} exact and ${summary.kinds.fuzzy} fuzzy repeats, ${summary.kinds.bad} bad) in ${seconds.toFixed(2)} s, ` +
    `${rate(summary.rows)}, ${mib.toFixed(1)} MiB → ${values.out}`,
);
