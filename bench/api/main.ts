/**
 * `npm run bench:api`: the HTTP API over a store of 1.5 million classified posts (issue 4's goals).
 * `hustings serve` runs as users run it; this process is the client, on the same machine:
 * - reads: the report with 77 filter combinations, topic interest, hype, latest posts, top and
 *   rising terms and the audience (103 reads), first each
 *   once (computed from the rollups held in memory), then in turn, open loop at 200 requests/s
 *   (as a dashboard's views repeat), latency percentiles, beside GET /health at the same rate in
 *   the same run (the floor of the HTTP stack);
 * - live: batches of new posts POSTed while a Server-Sent Events stream is open, and the time
 *   until the stream shows each one;
 * - dashboard: the same in Chromium, until the page's aggregates show each batch (when Chromium is there).
 * The store is built once (`.bench/api-<N>.db`, by `listen ingest` of the generic corpus).
 * BENCH_POSTS, BENCH_RATE and BENCH_SECONDS change the size, rate and duration.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { MIXES, writeCorpus } from '../ingest/corpus';
import { BIN, parseJson, run } from '../ingest/run';
import { dashboardLatencies } from './browser';
import { startServer } from './server';
import type { Sample } from './load';
import { liveLatencies, loadTest, summarise } from './load';

/** Debian's Chromium, or CHROMIUM_PATH. */
function chromiumPath(): string | null {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p)) ?? null;
}

const POSTS = Number(process.env.BENCH_POSTS ?? 1_500_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const DIR = join(import.meta.dirname, '..', '..', '.bench');
const KEY = '42'.repeat(32);
const env = { HUSTINGS_PSEUDONYM_KEY: KEY, DATABASE_URL: '' };

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * What a dashboard reads: the report with no filter, a country, a language, a topic, a stance, a
 * day, and pairs of them; topic interest by day and by hour; hype, overall and by country.
 */
function reads(): string[] {
  const one = ['', 'country=GB', 'country=NL', 'country=IE', 'country=unknown', 'lang=en', 'lang=fr', 'lang=de', 'topic=economy', 'topic=immigration', 'topic=health', 'stance=strong_leave', 'stance=weak_remain', 'stance=neutral'];
  const days = Array.from({ length: 14 }, (_, i) => `from=2016-06-${String(9 + i).padStart(2, '0')}&to=2016-06-${String(10 + i).padStart(2, '0')}`);
  const report = [...one, ...days, ...one.slice(1, 8).flatMap((a) => days.slice(0, 7).map((d) => `${a}&${d}`))].map((q) => `report?${q}`);
  const trends = ['economy', 'immigration', 'health', 'sovereignty'].flatMap((t) => [`trends?topic=${t}`, `trends?topic=${t}&bucket=hour`, `trends?topic=${t}&lang=en`]);
  const hype = ['hype', 'hype?country=GB', 'hype?lang=en', 'hype?country=NL'];
  // What the dashboard's other panels ask: the latest posts, top and rising terms, the audience.
  const samples = ['samples?limit=12', 'samples?limit=12&country=GB', 'samples?limit=12&lang=fr', 'samples?limit=12&topic=economy', 'samples?limit=12&stance=strong_leave'];
  const terms = ['terms?kind=hashtag&limit=10', 'terms?kind=phrase&limit=10', 'terms?kind=question&limit=10', 'terms?kind=hashtag&limit=10&from=2016-06-20'];
  const audience = ['audience', 'audience?country=GB'];
  return [...report, ...trends, ...hype, ...samples, ...terms, ...audience];
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const db = join(DIR, `api-${POSTS}.db`);
  if (!existsSync(db)) {
    const corpus = join(DIR, `generic-${POSTS}.jsonl`);
    log(`· writing ${POSTS.toLocaleString('en')} synthetic posts (if not there yet) …`);
    await writeCorpus(corpus, POSTS, 2016, 0, MIXES.generic);
    log('· building the store: hustings listen ingest (classified) …');
    parseJson(await run(BIN, ['--db', db, '--data-dir', DIR, 'listen', 'ingest', corpus, '--json', '--no-progress'], env), 'ingest');
  }
  const user = `bench-${Date.now()}`;
  const added = await run(BIN, ['--db', db, '--data-dir', DIR, 'users', 'add', user, '--role', 'analyst'], env);
  if (added.code !== 0) throw new Error(`users add failed: ${added.stderr}`);
  const token = (await run(BIN, ['--db', db, '--data-dir', DIR, 'users', 'token', user], env)).stdout.trim();
  log('· hustings serve …');
  const server = await startServer(BIN, ['--db', db, '--data-dir', DIR, 'serve', '--port', '0'], env);
  try {
    const headers = { authorization: `Bearer ${token}` };
    const started = performance.now();
    await fetch(`${server.url}/api/listen/report`, { headers }).then((r) => r.text());
    const firstMs = Math.round(performance.now() - started);
    log(`  first report (loads the rollups): ${firstMs} ms`);
    const fs = reads();
    log(`· each of ${fs.length} reads once, one after another (not yet cached) …`);
    const cold: Sample[] = [];
    for (const f of fs) {
      const sent = performance.now();
      const r = await fetch(`${server.url}/api/listen/${f}`, { headers });
      await r.arrayBuffer();
      cold.push({ ms: performance.now() - sent, ok: r.ok });
    }
    log(`· the same reads in turn, ${RATE}/s for ${SECONDS} s …`);
    const samples = await loadTest(RATE, SECONDS, (i) => fetch(`${server.url}/api/listen/${fs[i % fs.length]}`, { headers }));
    log(`· GET /health, ${RATE}/s for ${SECONDS} s (baseline) …`);
    const health = await loadTest(RATE, SECONDS, () => fetch(`${server.url}/health`));
    log('· live: POST a batch, wait for the stream to show it (20 times) …');
    const live = await liveLatencies(server.url, headers, 20);
    const browser = chromiumPath();
    let dashboard: number[] = [];
    if (browser) {
      log('· dashboard: POST a batch, wait for the page in Chromium to show the new total (20 times) …');
      const link = (await run(BIN, ['--db', db, '--data-dir', DIR, 'users', 'link', user, '--url', server.url], env)).stdout.trim();
      dashboard = await dashboardLatencies(browser, server.url, link, headers, 20);
    } else log('· dashboard: SKIPPED (no Chromium; set CHROMIUM_PATH)');
    const dash = summarise(dashboard.map((ms) => ({ ms, ok: true })));
    const report = summarise(samples);
    const results = {
      posts: POSTS,
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      firstReportMs: firstMs,
      coldReads: { reads: fs.length, ...summarise(cold) },
      reads: { rate: RATE, seconds: SECONDS, distinct: fs.length, ...report },
      health: { rate: RATE, seconds: SECONDS, ...summarise(health) },
      live: { batches: live.length, ...summarise(live.map((ms) => ({ ms, ok: true }))) },
      dashboard: { batches: dashboard.length, ...dash },
      serverPeakRssMb: await server.peakRssMb(),
      goals: { readP99AtMost50ms: report.p99 <= 50 && report.errors === 0, liveP95Within2s: summarise(live.map((ms) => ({ ms, ok: true }))).p95 <= 2000, dashboardP95Within2s: dashboard.length > 0 ? dash.p95 <= 2000 : null },
    };
    writeFileSync(join(DIR, 'api-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await server.stop();
  }
}

await main();
