/**
 * `npm run eval:listen`: measures the listening classifiers on the labelled sets in
 * ../shared/data/listen when they are present (they are not part of the project). So far:
 * sentiment against human ratings (Pearson r, beside the vader-sentiment package on the same
 * posts) and language identification on sets of known language.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { detectLanguage } from '../../src/listen/lang';
import { sentiment } from '../../src/listen/sentiment';

const DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'listen');

function rows<T>(file: string): T[] | null {
  const path = join(DATA, file);
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
}

/** Pearson's correlation coefficient. */
function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

function evalSentiment(): Record<string, unknown> | null {
  const data = rows<{ text: string; score: number }>('vader-tweets-ground-truth.jsonl');
  if (!data) return null;
  const vader = createRequire(import.meta.url)('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } };
  const truth = data.map((r) => r.score);
  let t = performance.now();
  const ours = data.map((r) => sentiment(r.text, 'en')!.compound);
  const oursMs = performance.now() - t;
  t = performance.now();
  const theirs = data.map((r) => vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound);
  const theirsMs = performance.now() - t;
  return { posts: data.length, pearsonR: Number(pearson(ours, truth).toFixed(3)), vaderSentimentR: Number(pearson(theirs, truth).toFixed(3)), speedupOverVaderSentiment: Number((theirsMs / oursMs).toFixed(1)) };
}

function evalLanguage(): Record<string, unknown> {
  const sets: [string, string][] = [
    ['catalonia-independence-es.jsonl', 'es'],
    ['catalonia-independence-ca.jsonl', 'ca'],
    ['brexit-comments.jsonl', 'en'],
    ['tweeteval-sentiment.jsonl', 'en'],
  ];
  const out: Record<string, unknown> = {};
  for (const [file, lang] of sets) {
    const data = rows<{ text: string }>(file);
    if (!data) continue;
    const found = data.map((r) => detectLanguage(r.text, null).lang);
    out[file] = { lang, posts: data.length, correct: Number((found.filter((l) => l === lang).length / data.length).toFixed(3)), unknown: Number((found.filter((l) => l === null).length / data.length).toFixed(3)) };
  }
  return out;
}

if (!existsSync(DATA)) console.error(`no labelled data at ${DATA}: nothing to evaluate`);
console.log(JSON.stringify({ sentiment: evalSentiment(), language: evalLanguage() }, null, 2));
