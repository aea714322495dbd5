// npm run bench:contacts [-- --json]   (env: BENCH_ROWS=1000000, BENCH_SEED=1, BENCH_RUNS=5,
//   BENCH_DATABASE_URL or TEST_DATABASE_URL = a PostgreSQL server where a throwaway database is made;
//   BENCH_BACKENDS=sqlite,postgres; BENCH_CONTACTS_CSV = an existing synthetic file;
//   BENCH_SEGMENTS_ONLY = an existing SQLite file or postgres:// URL: time the segment counts there, nothing else,
//   with their plans when BENCH_EXPLAIN=1; BENCH_WIDE_ROWS=5000 and BENCH_WIDE_COLUMNS=2000: the wide file,
//   0 rows to skip it; BENCH_WIDE_ONLY=1: the wide file alone)
// Imports a synthetic contacts CSV into a fresh SQLite file and a fresh PostgreSQL database, side by
// side with the floor (the same rows' raw fields INSERTed into one table, nothing else), checks the
// counts against the file's truth, then times typical segment counts over the people imported; then
// imports a wide file (thousands of custom field columns) on each backend: time and peak RSS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/app/open';
import { migrate, openStore } from '../../src/store';
import type { Store } from '../../src/store';
import { benchData } from './data';
import type { BenchData } from './data';
import { explainSegments, timeSegments, typicalSegments } from './segments';
import type { SegmentTiming } from './segments';
import { wideData } from './wide';
import type { WideData } from './wide';
import { scriptArgs } from '../../scripts/args';

const opt = scriptArgs('usage: npm run bench:contacts [-- --json]   (settings in the environment: see the head of bench/contacts/main.ts)', { json: { type: 'boolean', default: false } });
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

/** Fresh empty stores for a backend (a SQLite file in `dir`, or throwaway PostgreSQL databases); null without a server. */
async function freshTargets<K extends string>(backend: string, dir: string, names: readonly K[]): Promise<{ db: Record<K, string>; drop: () => Promise<void> } | null> {
  if (backend === 'sqlite') return { db: Object.fromEntries(names.map((n) => [n, join(dir, `${n}.db`)])) as Record<K, string>, drop: async () => undefined };
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.error('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL), e.g. postgres://postgres:…@127.0.0.1:5432/postgres');
    return null;
  }
  const made: { url: string; drop: () => Promise<void> }[] = [];
  for (const n of names) made.push(await throwawayPg(url, `hustings_bench_contacts_${n}_${process.pid}`));
  return { db: Object.fromEntries(names.map((n, i) => [n, made[i]!.url])) as Record<K, string>, drop: async () => void (await Promise.all(made.map((m) => m.drop()))) };
}

const openAt = (db: string): Promise<Store> => openStore(db.startsWith('postgres') ? { databaseUrl: db, sqlitePath: '' } : { sqlitePath: db });

async function side(backend: string, data: BenchData, dir: string): Promise<Side | null> {
  const targets = await freshTargets(backend, dir, ['import', 'floor'] as const);
  if (!targets) return null;
  const target = { db: targets.db.import, floorDb: targets.db.floor, drop: targets.drop };
  try {
    process.stderr.write(`${backend}: floor…\n`);
    const floor = child('floor', target.floorDb, data.file);
    process.stderr.write(`${backend}: import…\n`);
    const imported = child('import', target.db, data.file);
    const store = await openAt(target.db);
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

interface WideSide {
  backend: string;
  import: Run;
  stored: number;
}

/** The wide file imported into a fresh store of the backend; the custom field values stored counted. */
async function wideSide(backend: string, wide: WideData, dir: string): Promise<WideSide | null> {
  const targets = await freshTargets(backend, dir, ['wide'] as const);
  if (!targets) return null;
  try {
    process.stderr.write(`${backend}: wide file…\n`);
    const imported = child('import', targets.db.wide, wide.file);
    const store = await openAt(targets.db.wide);
    try {
      const stored = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM person_fields`.execute(store.db)).rows[0]!.n);
      return { backend, import: imported, stored };
    } finally {
      await store.close();
    }
  } finally {
    await targets.drop();
  }
}

const f0 = (v: number): string => Math.round(v).toLocaleString('en');

function printWide(wide: WideData, sides: WideSide[]): void {
  console.log(`
wide file: ${f0(wide.rows)} rows × ${f0(wide.columns)} custom field columns, ${f0(wide.values)} values (CLI heap cap 256 MB)`);
  for (const s of sides) {
    const ok = s.stored === wide.values && s.import.rows === wide.rows;
    console.log(`  ${s.backend.padEnd(10)} ${s.import.seconds.toFixed(1).padStart(7)} s  ${f0(s.import.rows / s.import.seconds).padStart(7)} rows/s  ${f0(wide.values / s.import.seconds).padStart(8)} values/s  peak RSS ${f0(s.import.peakRssMb)} MB  stored ${f0(s.stored)} ${ok ? 'ok' : 'MISMATCH'}`);
  }
}

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
  const wideOnly = Boolean(process.env.BENCH_WIDE_ONLY);
  const wideRows = Number(process.env.BENCH_WIDE_ROWS ?? 5000);
  const data = wideOnly ? null : await benchData(ROWS, Number(process.env.BENCH_SEED ?? 1));
  const wide = wideRows > 0 ? await wideData(wideRows, Number(process.env.BENCH_WIDE_COLUMNS ?? 2000)) : null;
  const dir = mkdtempSync(join(tmpdir(), 'hustings-bench-contacts-'));
  const sides: Side[] = [];
  const wideSides: WideSide[] = [];
  try {
    for (const b of BACKENDS) {
      const s = data ? await side(b, data, dir) : null;
      if (s) sides.push(s);
      const w = wide ? await wideSide(b, wide, dir) : null;
      if (w) wideSides.push(w);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (opt.json) console.log(JSON.stringify({ data, loadavg: loadavg(), sides, wide, wideSides }, null, 2));
  else {
    if (data) print(data, sides);
    if (wide) printWide(wide, wideSides);
  }
}

await main();
