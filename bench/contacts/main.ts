// npm run bench:contacts [-- --json]   (env: BENCH_ROWS=1000000, BENCH_SEED=1, BENCH_RUNS=5,
//   BENCH_DATABASE_URL or TEST_DATABASE_URL = a PostgreSQL server where a throwaway database is made;
//   BENCH_BACKENDS=sqlite,postgres; BENCH_CONTACTS_CSV = an existing synthetic file;
//   BENCH_SEGMENTS_ONLY = an existing SQLite file or postgres:// URL: time the segment counts there, nothing else,
//   with their plans when BENCH_EXPLAIN=1)
// Imports a synthetic contacts CSV into a fresh SQLite file and a fresh PostgreSQL database, side by
// side with the floor (the same rows' raw fields INSERTed into one table, nothing else), checks the
// counts against the file's truth, then times typical segment counts over the people imported.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/app/open';
import { migrate, openStore } from '../../src/store';
import type { Store } from '../../src/store';
import { benchData } from './data';
import type { BenchData } from './data';
import { explainSegments, timeSegments, typicalSegments } from './segments';
import type { SegmentTiming } from './segments';

const { values: opt } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
const GOAL_ROWS_PER_S = 50_000;
const GOAL_MS = 200;

interface Run {
  rows: number;
  seconds: number;
  peakRssMb: number;
  created?: number;
  merged?: number;
  review?: number;
  bad?: number;
}

function child(mode: 'import' | 'floor', db: string, file: string): Run {
  const out = execFileSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', new URL('./import-child.ts', import.meta.url).pathname, mode, db, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

/** A fresh empty database on the server of `url`, and how to drop it. */
async function throwawayPg(url: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = await openStore({ databaseUrl: url, sqlitePath: '' });
  await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(admin.db);
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = await openStore({ databaseUrl: url, sqlitePath: '' });
      await sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).execute(a.db);
      await a.close();
    },
  };
}

interface Side {
  backend: string;
  import: Run;
  floor: Run;
  people: number;
  segments: SegmentTiming[];
}

async function side(backend: string, data: BenchData, dir: string): Promise<Side | null> {
  let target: { db: string; floorDb: string; drop: () => Promise<void> };
  if (backend === 'sqlite') target = { db: join(dir, 'import.db'), floorDb: join(dir, 'floor.db'), drop: async () => undefined };
  else {
    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!url) {
      console.error('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL), e.g. postgres://postgres:…@127.0.0.1:5432/postgres');
      return null;
    }
    const a = await throwawayPg(url, `hustings_bench_contacts_${process.pid}`);
    const b = await throwawayPg(url, `hustings_bench_contacts_floor_${process.pid}`);
    target = { db: a.url, floorDb: b.url, drop: async () => (await a.drop(), await b.drop()) };
  }
  try {
    process.stderr.write(`${backend}: floor…\n`);
    const floor = child('floor', target.floorDb, data.file);
    process.stderr.write(`${backend}: import…\n`);
    const imported = child('import', target.db, data.file);
    const store: Store = await openStore(backend === 'sqlite' ? { sqlitePath: target.db } : { databaseUrl: target.db, sqlitePath: '' });
    try {
      await sql`ANALYZE`.execute(store.db);
      const people = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM people`.execute(store.db)).rows[0]!.n);
      process.stderr.write(`${backend}: segments…\n`);
      const segments = await timeSegments(store, await typicalSegments(store), RUNS);
      return { backend, import: imported, floor, people, segments };
    } finally {
      await store.close();
    }
  } finally {
    await target.drop();
  }
}

const f0 = (v: number): string => Math.round(v).toLocaleString('en');

function print(data: BenchData, sides: Side[]): void {
  console.log(`\ncontacts import: ${f0(data.rows)} rows (${f0(data.people)} people expected, ${f0(data.exact)} exact and ${f0(data.fuzzy)} fuzzy repeats, ${f0(data.bad)} bad)`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  for (const s of sides) {
    const rate = s.import.rows / s.import.seconds;
    const floorRate = s.floor.rows / s.floor.seconds;
    console.log(`\n${s.backend}                          import      floor  import/floor   goal`);
    console.log(`  rows/s                  ${f0(rate).padStart(10)} ${f0(floorRate).padStart(10)} ${(rate / floorRate).toFixed(2).padStart(13)} ${f0(GOAL_ROWS_PER_S).padStart(8)} ${rate >= GOAL_ROWS_PER_S ? 'ok' : 'BELOW'}`);
    console.log(`  seconds                 ${s.import.seconds.toFixed(1).padStart(10)} ${s.floor.seconds.toFixed(1).padStart(10)}`);
    console.log(`  peak RSS, MB            ${f0(s.import.peakRssMb).padStart(10)} ${f0(s.floor.peakRssMb).padStart(10)}`);
    const drift = (s.people - data.people) / data.people;
    console.log(`  people ${f0(s.people)} (expected ${f0(data.people)}, ${(drift * 100).toFixed(2)} %) ${Math.abs(drift) <= 0.01 ? 'ok' : 'MISMATCH'}; merged ${f0(s.import.merged ?? 0)} (exact repeats ${f0(data.exact)}) ${s.import.merged === data.exact ? 'ok' : 'MISMATCH'}, review ${f0(s.import.review ?? 0)} (fuzzy ${f0(data.fuzzy)}), bad ${f0(s.import.bad ?? 0)} (${f0(data.bad)})`);
    console.log(`  segment count, median of ${RUNS}     people       ms  (goal ${GOAL_MS} ms)`);
    for (const t of s.segments) console.log(`    ${`${t.name}${t.gated ? ' + newsletter/email gate' : ''}`.padEnd(52)} ${f0(t.count).padStart(9)} ${t.ms.toFixed(1).padStart(8)} ${t.ms <= GOAL_MS ? 'ok' : 'BELOW'}`);
  }
}

async function segmentsOnly(db: string): Promise<void> {
  const store = await openStore(db.startsWith('postgres') ? { databaseUrl: db, sqlitePath: '' } : { sqlitePath: db });
  try {
    await migrate(store.db, MIGRATIONS);
    await sql`ANALYZE`.execute(store.db);
    const segments = await typicalSegments(store);
    if (process.env.BENCH_EXPLAIN) await explainSegments(store, segments);
    const timings = await timeSegments(store, segments, RUNS);
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const t of timings) console.log(`  ${`${t.name}${t.gated ? ' + newsletter/email gate' : ''}`.padEnd(52)} ${f0(t.count).padStart(9)} ${t.ms.toFixed(1).padStart(8)}`);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_SEGMENTS_ONLY) return segmentsOnly(process.env.BENCH_SEGMENTS_ONLY);
  const data = await benchData(ROWS, Number(process.env.BENCH_SEED ?? 1));
  const dir = mkdtempSync(join(tmpdir(), 'hustings-bench-contacts-'));
  const sides: Side[] = [];
  try {
    for (const b of BACKENDS) {
      const s = await side(b, data, dir);
      if (s) sides.push(s);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (opt.json) console.log(JSON.stringify({ data, loadavg: loadavg(), sides }, null, 2));
  else print(data, sides);
}

await main();
