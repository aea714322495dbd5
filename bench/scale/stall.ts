import { setTimeout as sleep } from 'node:timers/promises';
import { streamConfig } from '../../src/listen/stream';
import { parseJson } from '../ingest/run';
import { every } from './proc';
import { drained, redisFigures } from './services';
import type { Started } from './spawn';
import { start } from './spawn';
import type { Bench, Check, Produced } from './bench';
import { check, ENV, producerArgs, startWorker, sumTotals, withDatabase } from './bench';

/** 50,000 posts (the figure), less for a small corpus so that the producer still meets it. */
const stallBacklog = (posts: number): number => Math.min(50_000, Math.floor(posts / 4));
const STALL_SECONDS = Number(process.env.BENCH_STALL_SECONDS ?? 60);

interface Sample {
  /** Seconds since the producer started. */
  readonly t: number;
  readonly phase: 'filling' | 'stalled' | 'draining';
  readonly producerRssMb: number | null;
  readonly redisMemoryMb: number;
  readonly streamEntries: number;
}

export interface StallResult {
  readonly maxBacklog: number;
  readonly stallSeconds: number;
  readonly producerRssMb: { readonly min: number; readonly max: number; readonly atStallStart: number; readonly atStallEnd: number };
  readonly redisMemoryMb: { readonly maxStalled: number; readonly maxOverall: number };
  readonly streamEntriesMaxStalled: number;
  readonly producer: Produced;
  readonly check: Check;
  readonly samples: Sample[];
}

const MB = 1024 * 1024;

function stats(xs: number[]): { min: number; max: number } {
  return { min: Math.min(...xs), max: Math.max(...xs) };
}

/** Waits until the producer says it waits for the workers (its backlog is full). */
async function untilWaiting(producer: Started, waiting: () => boolean): Promise<void> {
  const exited = producer.done.then(() => true);
  for (let i = 0; i < 1200 && !waiting(); i++) {
    if (await Promise.race([exited, sleep(100).then(() => false)])) throw new Error('the producer ended before its backlog filled: is the corpus smaller than the bound?');
  }
  if (!waiting()) throw new Error('the producer did not reach its backlog bound within 2 minutes');
}

/** Until the group has nothing pending or undelivered, then SIGTERM (the workers finish their batch and exit). */
async function drainAndStop(b: Bench, workers: Started[]): Promise<void> {
  const config = streamConfig(b.redisUrl);
  let ended = 0;
  for (const w of workers) void w.done.then(() => ended++);
  while (!(await drained(b.redis, config))) {
    if (ended === workers.length) throw new Error(`the workers ended before the stream was drained: ${(await workers[0]!.done).stderr.slice(-2000)}`);
    await sleep(250);
  }
  for (const w of workers) w.signal('SIGTERM');
}

/**
 * The producer under back-pressure: a backlog bound of 50,000 posts (a quarter of a corpus
 * smaller than 200,000) and no workers for BENCH_STALL_SECONDS (60 by default), its memory and
 * Redis's sampled every second; then two workers, and the totals checked once all is stored. The workers run without
 * --exit-when-idle (they could find the stream empty between two of the producer's batches)
 * and are stopped with SIGTERM once the producer is done and the stream drained.
 */
export async function stall(b: Bench): Promise<StallResult> {
  return withDatabase(b, 'stall', async (db) => {
    await b.redis.flushall();
    let phase: Sample['phase'] = 'filling';
    const bound = stallBacklog(b.posts);
    const producer = start(producerArgs(b, bound), ENV, (log) => {
      if (phase === 'filling' && /waiting for the workers/.test(log)) phase = 'stalled';
    });
    const t0 = performance.now();
    const samples: Sample[] = [];
    const sampler = every(1000, async () => {
      const memory = (await redisFigures(b.redis)).usedMemory;
      samples.push({ t: Math.round((performance.now() - t0) / 100) / 10, phase, producerRssMb: producer.rssMb(), redisMemoryMb: Math.round((memory / MB) * 10) / 10, streamEntries: Number(await b.redis.xlen(streamConfig(b.redisUrl).stream)) });
    });
    await untilWaiting(producer, () => phase === 'stalled');
    await sleep(STALL_SECONDS * 1000);
    phase = 'draining';
    const workers = [1, 2].map((i) => startWorker(b, db, i, false));
    const produced = parseJson<Produced>(await producer.done, 'producer under back-pressure');
    await drainAndStop(b, workers);
    const totals = sumTotals(await Promise.all(workers.map((w) => w.done)));
    await sampler.stop();
    return summarise(bound, samples, produced, await check(db, produced.queued, totals));
  });
}

function summarise(maxBacklog: number, samples: Sample[], producer: Produced, checked: Check): StallResult {
  const stalled = samples.filter((s) => s.phase === 'stalled');
  const rss = stalled.map((s) => s.producerRssMb).filter((x): x is number => x !== null);
  if (rss.length === 0) throw new Error('no samples of the producer while it waited');
  return {
    maxBacklog,
    stallSeconds: STALL_SECONDS,
    producerRssMb: { ...stats(rss), atStallStart: rss[0]!, atStallEnd: rss[rss.length - 1]! },
    redisMemoryMb: { maxStalled: stats(stalled.map((s) => s.redisMemoryMb)).max, maxOverall: stats(samples.map((s) => s.redisMemoryMb)).max },
    streamEntriesMaxStalled: stats(stalled.map((s) => s.streamEntries)).max,
    producer,
    check: checked,
    samples,
  };
}
