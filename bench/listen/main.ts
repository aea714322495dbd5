/**
 * `npm run bench:listen`: `hustings listen classify` on 1.5 million posts (generic JSON lines:
 * language, country, stance with the built-in model, sentiment, topics and theme sentiment of
 * each), as it runs by default (2 worker threads on 2 cores or more, for an input this size) and
 * in-process (`--threads 0`), against the
 * vader-sentiment package scoring the texts of the same posts in the same run (sentiment only;
 * its rate is measured on the first 100,000 posts, as it is slow). BENCH_POSTS sets the size.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { MIXES, writeCorpus } from '../ingest/corpus';
import { BIN, run } from '../ingest/run';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_500_000);
const VADER_POSTS = Math.min(POSTS, 100_000);
const DIR = join(import.meta.dirname, '..', '..', '.bench');

interface ClassifySummary {
  classified: number;
  elapsedMs: number;
  postsPerSecond: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const corpus = join(DIR, `generic-${POSTS}.jsonl`);
  process.stderr.write(`· writing ${POSTS.toLocaleString('en')} synthetic posts (if not there yet) …\n`);
  await writeCorpus(corpus, POSTS, 2016, 0, MIXES.generic);
  const classify = async (threads: number | null): Promise<ClassifySummary & { threads: number }> => {
    const flag = threads === null ? [] : ['--threads', String(threads)];
    process.stderr.write(`· hustings listen classify ${flag.join(' ')} …\n`);
    const r = await run(BIN, ['--data-dir', DIR, 'listen', 'classify', corpus, '--out', '/dev/null', '--json', '--no-progress', ...flag], { HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) });
    if (r.code !== 0) throw new Error(`classify failed: ${r.stderr.slice(0, 2000)}`);
    return JSON.parse(r.stderr.trim().split('\n').pop()!) as ClassifySummary & { threads: number };
  };
  const s = await classify(null);
  const inProcess = await classify(0);
  process.stderr.write('· vader-sentiment on the same posts …\n');
  const v = await run(join(import.meta.dirname, 'vader-baseline.mjs'), [corpus, String(VADER_POSTS)]);
  const vader = JSON.parse(v.stdout) as { posts: number; ms: number; peakRssMb: number };
  const vaderPerSecond = Math.round((vader.posts * 1000) / vader.ms);
  const results = {
    posts: POSTS,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, corpusBytes: statSync(corpus).size },
    classify: { threads: s.threads, posts: s.classified, ms: s.elapsedMs, postsPerSecond: s.postsPerSecond, peakRssMb: s.peakRssMb },
    classifyInProcess: { posts: inProcess.classified, ms: inProcess.elapsedMs, postsPerSecond: inProcess.postsPerSecond, peakRssMb: inProcess.peakRssMb },
    vaderSentiment: { posts: vader.posts, ms: vader.ms, postsPerSecond: vaderPerSecond, peakRssMb: vader.peakRssMb },
    ratioToVaderSentiment: Number((s.postsPerSecond / vaderPerSecond).toFixed(1)),
    goals: { postsPerSecondAtLeast50k: s.postsPerSecond >= 50_000, atLeast10xVaderSentiment: s.postsPerSecond / vaderPerSecond >= 10, peakRssAtMost500Mb: s.peakRssMb <= 500 },
  };
  writeFileSync(join(DIR, 'listen-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

await main();
