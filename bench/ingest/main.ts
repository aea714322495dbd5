/**
 * `npm run bench:ingest`: ingest of 1.5 million posts (the size of the SSIX Brexit corpus) into
 * SQLite, against a plain JSON.parse-per-line loop over the same file in the same run; then the
 * same size with 1 % bad lines of every kind, and a kill -9 mid-way followed by a re-run. These
 * store posts only (--no-classify), as the ingest pipeline's own measure; the speed run is then
 * repeated with the default classification (built-in brexit question and model) and rollups.
 * BENCH_POSTS=200000 npm run bench:ingest runs it smaller.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { MIXES, writeCorpus, writeCsvCorpus } from './corpus';
import type { Run } from './run';
import { BIN, parseJson, run } from './run';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_500_000);
const DIR = join(import.meta.dirname, '..', '..', '.bench');
const KEY = '42'.repeat(32);

interface Summary {
  read: number;
  stored: number;
  duplicates: number;
  bad: number;
  skipped: number;
  elapsedMs: number;
  postsPerSecond: number;
  peakRssMb: number;
  files: { resumedAt: number }[];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function freshDb(name: string): string {
  const db = join(DIR, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  return db;
}

function ingest(db: string, files: string[], onStart?: (kill: () => void) => void, classify = false): Promise<Run> {
  const args = ['--db', db, '--data-dir', DIR, 'listen', 'ingest', ...files, '--json', '--no-progress', ...(classify ? [] : ['--no-classify'])];
  return run(BIN, args, { HUSTINGS_PSEUDONYM_KEY: KEY, DATABASE_URL: '' }, onStart);
}

function countPosts(db: string): number {
  if (!existsSync(db)) return 0;
  const handle = new SQLite(db, { readonly: true, fileMustExist: true });
  try {
    return (handle.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    handle.close();
  }
}

async function speed(corpus: string): Promise<Record<string, unknown>> {
  log('· baseline: JSON.parse per line …');
  const base = parseJson<{ lines: number; ms: number; peakRssMb: number }>(await run(join(import.meta.dirname, 'baseline.mjs'), [corpus]), 'baseline');
  log(`  ${base.lines.toLocaleString('en')} lines in ${base.ms} ms`);
  log('· hustings listen ingest --no-classify into SQLite …');
  const r = await ingest(freshDb('speed.db'), [corpus]);
  const s = parseJson<Summary>(r, 'ingest');
  log('· hustings listen ingest (classified, with rollups) into SQLite …');
  const c = parseJson<Summary>(await ingest(freshDb('speed-classified.db'), [corpus], undefined, true), 'classified ingest');
  const basePerSecond = Math.round((base.lines * 1000) / base.ms);
  return {
    classified: { posts: c.stored, ms: c.elapsedMs, postsPerSecond: c.postsPerSecond, peakRssMb: c.peakRssMb },
    posts: s.stored,
    ingestMs: s.elapsedMs,
    ingestWallMs: r.wallMs,
    postsPerSecond: s.postsPerSecond,
    peakRssMb: s.peakRssMb,
    baselineMs: base.ms,
    baselinePerSecond: basePerSecond,
    baselinePeakRssMb: base.peakRssMb,
    ratioToBaseline: Number((s.elapsedMs / base.ms).toFixed(2)),
    goals: { postsPerSecondAtLeast50k: s.postsPerSecond >= 50_000, peakRssAtMost400Mb: s.peakRssMb <= 400, within4xOfBaseline: s.elapsedMs / base.ms <= 4 },
  };
}

async function faults(): Promise<Record<string, unknown>> {
  const jsonl = join(DIR, `faults-${POSTS}.jsonl`);
  const csv = join(DIR, `faults-${POSTS / 10}.csv`);
  log('· writing the corpus with 1 % bad lines (JSON lines and CSV) …');
  const badJsonl = await writeCorpus(jsonl, POSTS, 2017, 100);
  const badCsv = await writeCsvCorpus(csv, POSTS / 10, 2018, 100);
  log('· ingesting it …');
  const s = parseJson<Summary>(await ingest(freshDb('faults.db'), [jsonl, csv]), 'faults ingest');
  const good = POSTS + POSTS / 10;
  return {
    lines: good + badJsonl + badCsv,
    badPlanted: badJsonl + badCsv,
    badReported: s.bad,
    goodPosts: good,
    stored: s.stored,
    postsPerSecond: s.postsPerSecond,
    peakRssMb: s.peakRssMb,
    goal: s.bad === badJsonl + badCsv && s.stored === good,
  };
}

async function killed(corpus: string): Promise<Record<string, unknown>> {
  const db = freshDb('kill.db');
  log('· kill -9 at about 40 %, then a re-run …');
  let killedAt = 0;
  const first = await ingest(db, [corpus], (kill) => {
    void (async () => {
      while ((killedAt = countPosts(db)) < POSTS * 0.4) await sleep(100);
      kill();
    })();
  });
  const afterKill = countPosts(db);
  const second = parseJson<Summary>(await ingest(db, [corpus]), 're-run');
  const rows = countPosts(db);
  return {
    firstRun: first.signal ?? `exit ${first.code}`,
    rowsWhenKilled: afterKill,
    polledBeforeKill: killedAt,
    resumedAtItem: second.files[0]?.resumedAt ?? 0,
    rowsAfterRerun: rows,
    distinctGoodPosts: POSTS,
    goal: first.signal === 'SIGKILL' && rows === POSTS,
  };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const generic = join(DIR, `generic-${POSTS}.jsonl`);
  const mix = join(DIR, `corpus-${POSTS}.jsonl`);
  log(`· writing ${POSTS.toLocaleString('en')} synthetic posts as generic JSON lines …`);
  await writeCorpus(generic, POSTS, 2016, 0, MIXES.generic);
  log(`· writing ${POSTS.toLocaleString('en')} synthetic posts as platform payloads (70 % Twitter v1.1, Bluesky, Mastodon, generic) …`);
  await writeCorpus(mix, POSTS, 2016);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
  const corpora = { genericBytes: statSync(generic).size, mixBytes: statSync(mix).size };
  const results = {
    posts: POSTS,
    machine,
    corpora,
    speedGeneric: await speed(generic),
    speedPlatformMix: await speed(mix),
    faults: await faults(),
    kill9: await killed(mix),
  };
  writeFileSync(join(DIR, 'ingest-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

await main();
