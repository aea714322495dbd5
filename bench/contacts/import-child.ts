// One timed import in its own process (so its peak RSS is its own), with the CLI's heap cap:
//   node --max-old-space-size=256 --import tsx bench/contacts/import-child.ts import|floor DB FILE
// `import` runs importContacts; `floor` stores the same rows' raw CSV fields in one table, nothing
// else (the physical limit: read, split, insert). Prints one JSON line.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/app/open';
import { Pseudonymiser } from '../../src/core/pseudonym';
import { openInput } from '../../src/core/input';
import { importContacts } from '../../src/contacts/imports';
import { openRecords } from '../../src/contacts/imports/read';
import { migrate, openStore } from '../../src/store';
import type { Store } from '../../src/store';

const [mode, db, file] = process.argv.slice(2) as [string, string, string];
const BATCH = 5000;

async function floor(store: Store): Promise<{ rows: number }> {
  const { header, records } = await openRecords(await openInput(file));
  const cols = header.map((_, i) => `c${i}`);
  await sql.raw(`CREATE TABLE raw_rows (line integer, ${cols.map((c) => `${c} text`).join(', ')})`).execute(store.db);
  let rows = 0;
  let batch: (string | null)[][] = [];
  let flush: (b: (string | null)[][]) => Promise<void>;
  if (store.sqlite) {
    const insert = store.sqlite.prepare(`INSERT INTO raw_rows VALUES (${['?', ...cols.map(() => '?')].join(', ')})`);
    const tx = store.sqlite.transaction((b: (string | null)[][]) => {
      for (const r of b) insert.run(r);
    });
    flush = async (b) => tx(b);
  } else {
    flush = async (b) => {
      const arrays = [sql`${b.map((r) => r[0])}::int[]`, ...cols.map((_, i) => sql`${b.map((r) => r[i + 1] ?? null)}::text[]`)];
      await sql`INSERT INTO raw_rows SELECT * FROM unnest(${sql.join(arrays)})`.execute(store.db);
    };
  }
  for await (const chunk of records) {
    for (const r of chunk) {
      if (r.kind !== 'record') continue;
      rows++;
      batch.push([String(r.line), ...header.map((_, i) => r.values[i] ?? null)]);
    }
    if (batch.length >= BATCH) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  return { rows };
}

const store = await openStore(db.startsWith('postgres') ? { databaseUrl: db, sqlitePath: '' } : { sqlitePath: db });
await migrate(store.db, MIGRATIONS);
const started = performance.now();
let result: object;
if (mode === 'floor') result = await floor(store);
else {
  const s = await importContacts(
    { store, pseudonymiser: new Pseudonymiser(randomBytes(32)) },
    { file, mapping: null, source: { basis: 'consent', collectedAt: Date.UTC(2026, 0, 1), collector: 'bench', noticeVersion: 'v1' }, actor: 'bench' },
  );
  result = { rows: s.rows, created: s.created, merged: s.merged, review: s.review, bad: s.bad, erased: s.erased };
}
const seconds = (performance.now() - started) / 1000;
await store.close();
const usage = process.resourceUsage();
console.log(JSON.stringify({ ...result, seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMb: Math.round(usage.maxRSS / 1024) }));
