/**
 * `npm run eval:listen`: measures the listening classifiers on the labelled sets in
 * ../shared/data/listen when they are present (they are not part of the project). So far:
 * sentiment against human ratings (Pearson r, beside the vader-sentiment package on the same
 * posts) and language identification on sets of known language.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { f1Score } from '../../src/core/stats';
import { detectLanguage } from '../../src/listen/lang';
import type { Question } from '../../src/listen/questions';
import { sentiment } from '../../src/listen/sentiment';
import { stanceLabel } from '../../src/listen/stance';
import { features } from '../../src/listen/stance/features';
import { predict } from '../../src/listen/stance/logistic';
import { labelledExamples, trainStance } from '../../src/listen/stance/train';

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

type Row = { text: string; label: string; split: string };

/**
 * The trainable stance model on a labelled set: trained on its train rows only, scored on its
 * test rows. Two sides, and a neutral class when the set has one (the model abstains near 50 %).
 */
function evalStanceSet(file: string, sides: [string, string], neutral: string | null): Record<string, unknown> | null {
  const data = rows<Row>(file);
  if (!data) return null;
  const question: Question = { id: file, sides, languages: { en: { cues: [], topics: {}, negations: [] } } };
  const model = trainStance(labelledExamples(data.filter((r) => r.split === 'train'), question));
  const test = data.filter((r) => r.split === 'test');
  const pred = test.map((r) => {
    const label = stanceLabel(2 * predict(model, features(r.text)) - 1, sides);
    return label === 'neutral' ? (neutral ?? 'neutral') : label.replace(/^(strong|weak)_/, '');
  });
  const labels = neutral ? [sides[0], neutral, sides[1]] : sides;
  const truth = test.map((r) => r.label);
  const scores = Object.fromEntries(labels.map((l) => [l, Number(f1Score(truth, pred, l).toFixed(3))]));
  const macroF1 = Number((labels.reduce((s, l) => s + scores[l]!, 0) / labels.length).toFixed(3));
  // SemEval-2016 Task 6 reports F-avg: the mean F1 of the two sides.
  const fAvg = Number(((scores[sides[0]]! + scores[sides[1]]!) / 2).toFixed(3));
  return { train: data.filter((r) => r.split === 'train').length, test: test.length, macroF1, fAvg, f1: scores };
}

function evalStance(): Record<string, unknown> {
  const sets: [string, [string, string], string | null][] = [
    ['brexit-comments.jsonl', ['leave', 'remain'], null],
    ...['abortion', 'atheism', 'climate', 'feminist', 'hillary'].map((t): [string, [string, string], string] => [`semeval2016-stance-${t}.jsonl`, ['against', 'favor'], 'none']),
    ['catalonia-independence-es.jsonl', ['against', 'favor'], 'neutral'],
    ['catalonia-independence-ca.jsonl', ['against', 'favor'], 'neutral'],
  ];
  return Object.fromEntries(sets.map(([file, sides, neutral]) => [file, evalStanceSet(file, sides, neutral)]).filter(([, r]) => r !== null));
}

if (!existsSync(DATA)) console.error(`no labelled data at ${DATA}: nothing to evaluate`);
console.log(JSON.stringify({ stance: evalStance(), sentiment: evalSentiment(), language: evalLanguage() }, null, 2));
