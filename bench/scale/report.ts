import type { BaselineResult } from './baseline';
import type { StallResult } from './stall';
import type { IdleWorker, WorkersResult } from './workers';

export interface Results {
  readonly posts: number;
  readonly machine: Record<string, unknown>;
  readonly baseline: BaselineResult;
  readonly idleWorker: IdleWorker;
  readonly workers: WorkersResult[];
  readonly stall: StallResult;
}

const n = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toLocaleString('en'));
const s = (ms: number): string => (ms / 1000).toFixed(1);
const ratio = (a: number | null, b: number | null): number | null => (a && b ? Math.round((a / b) * 100) / 100 : null);
const fixed = (x: number | null): string => (x === null ? '–' : x.toFixed(2));
const plural = (w: number): string => `${w} worker${w > 1 ? 's' : ''}`;

function oneWorker(r: Results): WorkersResult | undefined {
  return r.workers.find((w) => w.workers === 1);
}

/**
 * posts/s of W workers over one worker and over the SQLite baseline: spawn to exit (the
 * headline, as the baseline is timed), and first read to drained (without the workers' start-up).
 */
export function ratios(r: Results): Record<string, number | null> {
  const one = oneWorker(r);
  const out: Record<string, number | null> = {};
  for (const w of r.workers) {
    if (w.workers > 1) out[`${w.workers}w/1w`] = ratio(w.postsPerSecond, one?.postsPerSecond ?? null);
    if (w.workers > 1) out[`${w.workers}w/1w processing`] = ratio(w.processingPostsPerSecond, one?.processingPostsPerSecond ?? null);
    out[`${w.workers}w/sqlite`] = ratio(w.postsPerSecond, r.baseline.wallPostsPerSecond);
  }
  return out;
}

/** The results table, as Markdown (docs/benchmarks.md takes it as printed). */
export function table(r: Results): string {
  const one = oneWorker(r)?.postsPerSecond ?? null;
  const b = r.baseline;
  const rows = [
    '| arrangement | posts | time (s) | posts/s | posts/s, first read → drained | × 1 worker | × SQLite | peak RSS (MB) | store exact |',
    '|---|---|---|---|---|---|---|---|---|',
    `| SQLite, in-process \`listen ingest\` (#3) | ${n(b.posts)} | ${s(b.wallMs)} | ${n(b.wallPostsPerSecond)} | (own measure ${n(b.postsPerSecond)}) | | 1.00 | ${b.peakRssMb} | ${b.exact ? 'yes' : '**NO**'} |`,
    ...r.workers.map((w) => {
      const rss = w.workerPeakRssMb.map((x) => n(x)).join(' / ');
      return `| ${plural(w.workers)} → PostgreSQL | ${n(w.posts)} | ${s(w.wallMs)} | ${n(w.postsPerSecond)} | ${n(w.processingPostsPerSecond)} | ${fixed(ratio(w.postsPerSecond, one))} | ${fixed(ratio(w.postsPerSecond, b.wallPostsPerSecond))} | ${rss} | ${w.check.exact ? 'yes' : '**NO**'} |`;
    }),
  ];
  const fills = r.workers.map((w) => n(w.fill.postsPerSecond)).join(', ');
  const fillRss = Math.max(...r.workers.map((w) => w.fill.peakRssMb));
  return [
    ...rows,
    '',
    `Times are spawn to exit. A worker that finds the stream empty takes ${s(r.idleWorker.wallMs)} s (${r.idleWorker.cpuSeconds} s of CPU) from spawn to exit: start-up and one idle read, part of every worker time above.`,
    `The producer (\`listen ingest --to\`, one process) filled the stream before the workers started at ${fills} posts/s (peak RSS ≤ ${fillRss} MB).`,
    `PostgreSQL deadlocks / rolled-back transactions (retried by the workers): ${r.workers.map((w) => `${w.workers}w ${w.check.store.deadlocks} / ${w.check.store.rollbacks}`).join('; ')}.`,
    `Redis used_memory (MB) empty → filled → drained: ${r.workers.map((w) => `${w.workers}w ${w.redis.memoryBeforeMb} → ${w.redis.memoryFilledMb} → ${w.redis.memoryAfterMb}`).join('; ')}.`,
  ].join('\n');
}

/** Costs per post, from each run (µs of CPU, commands, bytes). */
export function costs(r: Results): string {
  const keys = Object.keys(r.workers[0]?.perPost ?? {});
  const tables = Object.keys(r.workers[0]?.rowsPerPost ?? {});
  const rows = (x: { inserted: number; updated: number } | undefined): string => (x ? `${x.inserted} + ${x.updated}` : '–');
  return [
    `| per post | ${r.workers.map((w) => plural(w.workers)).join(' | ')} |`,
    `|---|${r.workers.map(() => '---').join('|')}|`,
    ...keys.map((k) => `| ${k} | ${r.workers.map((w) => n(w.perPost[k])).join(' | ')} |`),
    ...tables.map((t) => `| rows written in ${t} (inserted + updated) | ${r.workers.map((w) => rows(w.rowsPerPost[t])).join(' | ')} |`),
  ].join('\n');
}

export function stallLines(st: StallResult): string[] {
  const p = st.producerRssMb;
  return [
    `Back-pressure: bound ${n(st.maxBacklog)} posts, no workers for ${st.stallSeconds} s, then 2 workers:`,
    `  producer RSS while it waited: min ${p.min} MB, max ${p.max} MB (start ${p.atStallStart}, end ${p.atStallEnd}); it waited ${s(st.producer.waitedMs)} s in all`,
    `  Redis used_memory: max ${st.redisMemoryMb.maxStalled} MB while stalled (stream ≤ ${n(st.streamEntriesMaxStalled)} entries), max ${st.redisMemoryMb.maxOverall} MB over the whole run`,
    `  totals: ${n(st.check.store.posts)} posts stored of ${n(st.check.expected)}, rollups ${n(st.check.store.rollupPosts)}, classified ${n(st.check.store.classified)} → ${st.check.exact ? 'exact' : 'NOT EXACT'}`,
  ];
}

/**
 * A back-of-envelope model of `machines` worker machines, from the 1-worker run's costs per post
 * (the least contended): workers scale with cores; one PostgreSQL primary and one Redis
 * (single-threaded) do not. CPU only: it leaves out lock waits on hot rollup rows, WAL fsync
 * latency and the network.
 */
export function model(r: Results, coresPerMachine: number, machines = 10): Record<string, number> | null {
  const one = oneWorker(r);
  if (!one) return null;
  const w = one.perPost;
  const perCore = (us: number): number => Math.round(1e6 / us);
  const workerPerCore = perCore(w.workerCpuUsWithoutStartUp!);
  const postgresPerCore = perCore(w.postgresBackendCpuUs! + w.postgresBackgroundCpuUs!);
  const workersTotal = machines * coresPerMachine * workerPerCore;
  return {
    machines,
    coresPerMachine,
    workerPostsPerCoreSecond: workerPerCore,
    workersTotalPostsPerSecond: workersTotal,
    postgresPostsPerCoreSecond: postgresPerCore,
    postgresCoresNeeded: Math.ceil(workersTotal / postgresPerCore),
    redisPostsPerSecondOneCore: perCore(w.redisCpuUsFill! + w.redisCpuUsDrain!),
    producerPostsPerSecondOneProcess: one.fill.postsPerSecond,
    producersNeeded: Math.ceil(workersTotal / one.fill.postsPerSecond),
    walMbPerSecond: Math.round((workersTotal * w.walBytes!) / 1e6),
    databaseGbPerDay: Math.round((workersTotal * w.databaseBytes! * 86400) / 1e9),
  };
}
