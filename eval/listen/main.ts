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
import { detectLanguage, loadDetector } from '../../src/listen/lang';
import { Pseudonymiser } from '../../src/core/pseudonym';
import { createClassifier } from '../../src/listen/classify';
import type { Post } from '../../src/listen/post';
import type { Question } from '../../src/listen/questions';
import { builtinModelPath, loadQuestion } from '../../src/listen/questions';
import { loadModel } from '../../src/listen/stance';
import { isNeutralTrainingRow } from '../../scripts/builtin-split';
import { sentiment } from '../../src/listen/sentiment';
import { withModel } from '../../src/listen/stance';
import { trainModel } from '../../src/listen/stance/train';

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
  const question: Question = { id: file, sides, languages: { en: { cues: [], topics: {}, negations: [], subject: [] } } };
  const model = trainModel(data.filter((r) => r.split === 'train'), [], question);
  const test = data.filter((r) => r.split === 'test');
  const noCues = { label: 'neutral', score: 0, confidence: 0, cues: [] };
  const pred = test.map((r) => {
    const label = withModel(noCues, model, r.text, sides).label;
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

/** A post of an evaluation set, as ingest would make it. */
function evalPost(text: string, i: number): Post {
  return { platform: 'eval', id: String(i), createdAt: 0, text, lang: null, author: null, isRepost: false, repostOf: null, replyTo: null, quoteOf: null, placeName: null, placeCountry: null, userLocation: null, format: 'generic' };
}

/**
 * The built-in brexit question with its shipped model, as \`hustings listen classify\` runs it:
 * on the test rows of brexit-comments (never trained on; leave / remain, no neutral rows, so
 * neutral answers count as misses) and on the TweetEval test tweets that the model was not trained
 * on, which take no side on Brexit (the share left neutral is what matters there). Cues only, beside it, for comparison.
 */
async function evalBuiltin(): Promise<Record<string, unknown> | null> {
  const comments = rows<Row>('brexit-comments.jsonl')?.filter((r) => r.split === 'test');
  const offTopic = rows<Row>('tweeteval-sentiment.jsonl')?.filter((r, i) => !isNeutralTrainingRow(r, i));
  if (!comments || !offTopic) return null;
  const question = await loadQuestion('brexit');
  const ps = new Pseudonymiser(Buffer.alloc(32, 7));
  const out: Record<string, unknown> = {};
  for (const [name, model] of [['builtinModel', await loadModel(builtinModelPath('brexit')!)], ['cuesOnly', null]] as const) {
    const classify = createClassifier(question, ps, model);
    const side = (text: string, i: number): string => classify(evalPost(text, i)).stance.label.replace(/^(strong|weak)_/, '');
    const pred = comments.map((r, i) => side(r.text, i));
    const truth = comments.map((r) => r.label);
    const decided = pred.filter((p) => p !== 'neutral');
    const f1 = Object.fromEntries(question.sides.map((l) => [l, Number(f1Score(truth, pred, l).toFixed(3))]));
    out[name] = {
      brexitCommentsTest: {
        posts: pred.length,
        decided: Number((decided.length / pred.length).toFixed(3)),
        fAvg: Number(((f1.leave! + f1.remain!) / 2).toFixed(3)),
        f1,
        remainShareAmongDecided: Number((decided.filter((p) => p === 'remain').length / Math.max(1, decided.length)).toFixed(3)),
        remainShareTrue: Number((truth.filter((t) => t === 'remain').length / truth.length).toFixed(3)),
      },
      tweetevalTestNeutral: Number((offTopic.map((r, i) => side(r.text, i)).filter((p) => p === 'neutral').length / offTopic.length).toFixed(3)),
    };
  }
  return out;
}

if (!existsSync(DATA)) console.error(`no labelled data at ${DATA}: nothing to evaluate`);
await loadDetector();
console.log(JSON.stringify({ builtinBrexit: await evalBuiltin(), stance: evalStance(), sentiment: evalSentiment(), language: evalLanguage() }, null, 2));
