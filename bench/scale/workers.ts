import { streamConfig } from '../../src/listen/stream';
import type { Run } from '../ingest/run';
import { BIN, parseJson, run } from '../ingest/run';
import type { Bench, Check, Produced } from './bench';
import { check, ENV, producerArgs, startWorker, sumTotals, withDatabase } from './bench';
import { every, PostgresCpu } from './proc';
import type { RedisFigures } from './services';
import { commandsBetween, drained, groupStarted, redisFigures, tableWrites, walBytes } from './services';
import type { Started } from './spawn';

export interface WorkersResult {
  readonly workers: number;
  readonly posts: number;
  /** From the workers' start until the last one exited (each ends ~1 s after the stream is empty). */
  readonly wallMs: number;
  readonly postsPerSecond: number;
  /** From the first entry delivered to the group until nothing was pending or undelivered (sampled every 250 ms): start-up and idle exit left out. */
  readonly processingMs: number | null;
  readonly processingPostsPerSecond: number | null;
  readonly fill: Produced & { wallMs: number };
  /** Fill and workers back to back: the end-to-end rate of this arrangement. */
  readonly endToEndPostsPerSecond: number;
  readonly workerPeakRssMb: (number | null)[];
  readonly perPost: Record<string, number>;
  readonly redis: { readonly memoryBeforeMb: number; readonly memoryFilledMb: number; readonly memoryAfterMb: number; readonly commandsFill: Record<string, number>; readonly commandsDrain: Record<string, number> };
  readonly postgres: { readonly backendCpuSeconds: number; readonly backgroundCpuSeconds: number; readonly walBytes: number };
  readonly check: Check;
  /** Rows inserted and updated per post, by table (PostgreSQL's statistics). */
  readonly rowsPerPost: Record<string, { inserted: number; updated: number }>;
  /** What the workers logged besides their start line (retries, waits, failures), counted. */
  readonly notes: string[];
}

/** A worker that finds the stream empty: spawn to exit, and the CPU its start-up takes. */
export interface IdleWorker {
  readonly wallMs: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number | null;
}

const MB = 1024 * 1024;
const us = (seconds: number, posts: number): number => Math.round((seconds * 1e6 * 10) / posts) / 10;

/** The workers' start (Node, the CLI, the classifier) and their 1 s idle read: the fixed cost in each run's time. */
export async function idleWorker(b: Bench): Promise<IdleWorker> {
  return withDatabase(b, 'idle', async (db) => {
    await b.redis.flushall();
    const w = startWorker(b, db, 1, true);
    const watcher = every(100, () => w.watch());
    parseJson(await w.done, 'idle worker');
    await watcher.stop();
    return { wallMs: (await w.done).wallMs, cpuSeconds: w.last.cpuSeconds ?? 0, peakRssMb: w.last.peakRssMb };
  });
}

async function fill(b: Bench): Promise<{ produced: Produced & { wallMs: number }; before: RedisFigures; filled: RedisFigures }> {
  await b.redis.flushall();
  const before = await redisFigures(b.redis);
  // A bound above the corpus: the stream takes it all before any worker starts.
  const r = await run(BIN, producerArgs(b, b.posts * 2), ENV);
  const produced = { ...parseJson<Produced>(r, 'producer'), wallMs: r.wallMs };
  return { produced, before, filled: await redisFigures(b.redis) };
}

interface Drained {
  readonly runs: Run[];
  readonly wallMs: number;
  readonly firstReadMs: number | null;
  readonly drainedMs: number | null;
  readonly workers: Started[];
  readonly cpu: { backendSeconds: number; backgroundSeconds: number };
}

/** Starts W workers at once and times them until the last exits, watching their memory, the group, and PostgreSQL's CPU. */
async function drain(b: Bench, db: string, w: number): Promise<Drained> {
  const pgCpu = new PostgresCpu(new URL(db).pathname.slice(1));
  const config = streamConfig(b.redisUrl);
  const t0 = performance.now();
  const workers = Array.from({ length: w }, (_, i) => startWorker(b, db, i + 1, true));
  let firstReadMs: number | null = null;
  let drainedMs: number | null = null;
  const watcher = every(250, async () => {
    for (const p of workers) p.watch();
    pgCpu.sample();
    if (firstReadMs === null && (await groupStarted(b.redis, config))) firstReadMs = Math.round(performance.now() - t0);
    if (drainedMs === null && (await drained(b.redis, config))) drainedMs = Math.round(performance.now() - t0);
  });
  const runs = await Promise.all(workers.map((p) => p.done));
  const wallMs = Math.round(performance.now() - t0);
  await watcher.stop();
  return { runs, wallMs, firstReadMs, drainedMs, workers, cpu: pgCpu.totals() };
}

/** The log lines of the workers that are not the usual start line, counted (delays, retries, failures). */
function notes(runs: readonly Run[]): string[] {
  const counts = new Map<string, number>();
  for (const r of runs) {
    for (const line of r.stderr.split('\n')) {
      // Without the timestamp and the consumer's name, alike lines of several workers count as one.
      const text = line.replace(/^\S+Z /, '').replace(/^bench-\d+: /, '').trim();
      if (text && !text.startsWith('reading ')) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  return [...counts].map(([text, k]) => (k > 1 ? `${text} (×${k})` : text));
}

function perPost(posts: number, d: Drained, idle: IdleWorker, figures: [RedisFigures, RedisFigures, RedisFigures], wal: number, databaseBytes: number): Record<string, number> {
  const [before, filled, after] = figures;
  const per = (x: number): number => Math.round(x / posts);
  const perThousand = (x: number): number => Math.round((x * 10000) / posts) / 10;
  const workerCpu = d.workers.reduce((sum, p) => sum + (p.last.cpuSeconds ?? 0), 0);
  return {
    workerCpuUs: us(workerCpu, posts),
    workerCpuUsWithoutStartUp: us(workerCpu - d.workers.length * idle.cpuSeconds, posts),
    postgresBackendCpuUs: us(d.cpu.backendSeconds, posts),
    postgresBackgroundCpuUs: us(d.cpu.backgroundSeconds, posts),
    redisCpuUsFill: us(filled.cpuSeconds - before.cpuSeconds, posts),
    redisCpuUsDrain: us(after.cpuSeconds - filled.cpuSeconds, posts),
    redisCommandsPer1000Fill: perThousand(filled.commands - before.commands),
    redisCommandsPer1000Drain: perThousand(after.commands - filled.commands),
    redisBytesIn: per(after.netInputBytes - before.netInputBytes),
    walBytes: per(wal),
    databaseBytes: per(databaseBytes),
  };
}

function perPostRows(rows: Record<string, { inserted: number; updated: number }>, posts: number): Record<string, { inserted: number; updated: number }> {
  const r = (x: number): number => Math.round((x / posts) * 1000) / 1000;
  return Object.fromEntries(Object.entries(rows).map(([t, w]) => [t, { inserted: r(w.inserted), updated: r(w.updated) }]));
}

/** W workers at once on a stream that holds the whole corpus, into a fresh database. */
export async function workersRun(b: Bench, w: number, idle: IdleWorker): Promise<WorkersResult> {
  return withDatabase(b, `w${w}`, async (db) => {
    const { produced, before, filled } = await fill(b);
    const wal0 = await walBytes();
    const d = await drain(b, db, w);
    const after = await redisFigures(b.redis);
    const wal = (await walBytes()) - wal0;
    const checked = await check(db, produced.queued, sumTotals(d.runs));
    const posts = produced.queued;
    const processingMs = d.firstReadMs !== null && d.drainedMs !== null ? d.drainedMs - d.firstReadMs : null;
    return {
      workers: w,
      posts,
      wallMs: d.wallMs,
      postsPerSecond: Math.round((posts * 1000) / d.wallMs),
      processingMs,
      processingPostsPerSecond: processingMs ? Math.round((posts * 1000) / processingMs) : null,
      fill: produced,
      endToEndPostsPerSecond: Math.round((posts * 1000) / (d.wallMs + produced.wallMs)),
      workerPeakRssMb: d.workers.map((p) => p.last.peakRssMb),
      perPost: perPost(posts, d, idle, [before, filled, after], wal, checked.store.databaseBytes),
      redis: {
        memoryBeforeMb: Math.round(before.usedMemory / MB),
        memoryFilledMb: Math.round(filled.usedMemory / MB),
        memoryAfterMb: Math.round(after.usedMemory / MB),
        commandsFill: commandsBetween(before, filled),
        commandsDrain: commandsBetween(filled, after),
      },
      postgres: { backendCpuSeconds: d.cpu.backendSeconds, backgroundCpuSeconds: d.cpu.backgroundSeconds, walBytes: wal },
      check: checked,
      rowsPerPost: perPostRows(await tableWrites(db), posts),
      notes: notes(d.runs),
    };
  });
}
