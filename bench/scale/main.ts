/**
 * `npm run bench:scale`: the scale-out pipeline (issue 5) on this machine, in one run.
 * 1. Baseline: the in-process pipeline of #3 (`listen ingest`, classified) into SQLite.
 * 2. 1, 2 and 4 worker processes (`worker listen --exit-when-idle`) against one Redis and one
 *    PostgreSQL: the producer fills a fresh stream first, then the workers start at once and are
 *    timed until the last exits; the store must then hold exactly the corpus.
 * 3. Back-pressure: the producer with a 50,000-post bound and no workers for a minute, then two.
 * Costs per post (worker, PostgreSQL and Redis CPU; Redis commands; WAL and database bytes) feed
 * the 10-machine model in docs/benchmarks.md. Results go to .bench/scale-results.json.
 * BENCH_POSTS (default 300000) sizes the corpus; BENCH_STALL_SECONDS (60) the stall;
 * BENCH_WORKERS (1,2,4) the worker counts; BENCH_PG_URL the PostgreSQL cluster to make databases in.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { baseline } from './baseline';
import type { Results } from './report';
import { costs, model, ratios, stallLines, table } from './report';
import { startRedis, versions } from './services';
import { stall } from './stall';
import type { Bench } from './bench';
import { idleWorker, workersRun } from './workers';

const POSTS = Number(process.env.BENCH_POSTS ?? 300_000);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const DIR = join(import.meta.dirname, '..', '..', '.bench');
const SOURCE = join(DIR, 'generic-1500000.jsonl');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The first `count` lines of the generic corpus of `npm run bench:ingest`. */
async function corpus(count: number): Promise<string> {
  const path = join(DIR, `scale-${count}.jsonl`);
  if (existsSync(path)) return path;
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: run \`npm run bench:ingest\` once to write it`);
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp);
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(SOURCE), crlfDelay: Infinity })) {
    if (lines++ >= count) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  if (lines < count) throw new Error(`${SOURCE} has only ${lines} lines, fewer than BENCH_POSTS=${count}`);
  renameSync(tmp, path);
  return path;
}

function loud(what: string): void {
  log(`\n!!! ${what}\n`);
  process.exitCode = 1;
}

async function measure(b: Bench): Promise<Omit<Results, 'machine' | 'posts'>> {
  log('· baseline: listen ingest, classified, into SQLite (in-process) …');
  const base = await baseline(b);
  log(`  ${base.wallPostsPerSecond.toLocaleString('en')} posts/s`);
  if (!base.exact) loud(`the SQLite baseline stored ${base.store.posts} posts (rollups ${base.store.rollupPosts}) of ${b.posts}`);
  log('· one worker on an empty stream (its fixed start and stop) …');
  const idle = await idleWorker(b);
  log(`  ${idle.wallMs} ms, ${idle.cpuSeconds} s of CPU`);
  const workers = [];
  for (const w of WORKERS) {
    log(`· ${w} worker${w > 1 ? 's' : ''}: fill the stream, then drain it into a fresh PostgreSQL database …`);
    const r = await workersRun(b, w, idle);
    log(`  ${r.postsPerSecond.toLocaleString('en')} posts/s spawn to exit (${r.wallMs} ms); ${r.processingPostsPerSecond?.toLocaleString('en')} posts/s first read to drained (${r.processingMs} ms)`);
    if (!r.check.exact) loud(`POSTS LOST OR DOUBLED with ${w} workers: ${JSON.stringify({ expected: r.check.expected, ...r.check.store, workers: r.check.workers })}`);
    for (const note of r.notes) log(`  worker log: ${note}`);
    workers.push(r);
  }
  log('· back-pressure: producer with a bounded backlog and no workers, then 2 workers …');
  const st = await stall(b);
  if (!st.check.exact) loud(`POSTS LOST OR DOUBLED under back-pressure: ${JSON.stringify({ expected: st.check.expected, ...st.check.store, workers: st.check.workers })}`);
  return { baseline: base, idleWorker: idle, workers, stall: st };
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const path = await corpus(POSTS);
  const { server, client } = await startRedis();
  try {
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100), ...(await versions(client)), redisConfig: 'appendonly yes, appendfsync always (test/support/redis-server.ts)' };
    log(`· ${POSTS.toLocaleString('en')} posts; ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ${machine.postgres}, Redis ${machine.redis}; load ${machine.loadAverageAtStart.join(' ')}`);
    const bench: Bench = { dir: DIR, corpus: path, posts: POSTS, redisUrl: server.url, redis: client, dbPrefix: `hustings_scale_${process.pid}` };
    const results: Results = { posts: POSTS, machine, ...(await measure(bench)) };
    const r = ratios(results);
    const m = model(results, machine.cpus);
    writeFileSync(join(DIR, 'scale-results.json'), `${JSON.stringify({ ...results, ratios: r, model: m, goals: { twoWorkersAtLeast1_6x: (r['2w/1w'] ?? 0) >= 1.6, twoWorkersAtLeast1_6xProcessing: (r['2w/1w processing'] ?? 0) >= 1.6 } }, null, 2)}\n`);
    console.log(`\n${table(results)}\n\n${costs(results)}\n`);
    console.log(stallLines(results.stall).join('\n'));
    console.log(`\nRatios: ${Object.entries(r).map(([k, v]) => `${k} ${v?.toFixed(2) ?? '–'}`).join(' · ')} (goal: 2w/1w ≥ 1.6)`);
    console.log(`Model (10 machines of ${machine.cpus} cores, from the 1-worker costs): ${JSON.stringify(m)}`);
    console.log(`Machine: ${JSON.stringify(machine)}`);
    console.log(`\nResults: ${join(DIR, 'scale-results.json')}`);
  } finally {
    client.disconnect();
    await server.stop();
  }
}

await main();
