import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import { BUCKETS } from './features';
import type { LogisticModel } from './logistic';
import type { ModelStamp } from './model-cache';
import { cacheModel, readCachedModel } from './model-cache';
import type { NeutralHead } from './train';

export const MODEL_FORMAT = 'hustings-stance-model';
export const MODEL_VERSION = 2;
/** Versions this hustings reads: 1 (stance only) and 2 (with the optional neutral head). */
const READS = [1, 2] as const;

/** Weights are checked by `checkWeights` (a schema per entry is slow on hundreds of thousands). */
const Weights = z.custom<[number, number][]>((v) => Array.isArray(v), { error: 'expected an array of [bucket, weight] pairs' });

/** The first entry that is not [bucket, weight], as an error message; null when all are. */
function checkWeights(weights: readonly unknown[], path: string): string | null {
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    const ok = Array.isArray(w) && w.length === 2 && Number.isInteger(w[0]) && w[0] >= 0 && w[0] < BUCKETS && typeof w[1] === 'number' && Number.isFinite(w[1]);
    if (!ok) return `${path}.${i}: expected [bucket 0…${BUCKETS - 1}, weight], found ${JSON.stringify(w)?.slice(0, 60)}`;
  }
  return null;
}

/** A trained stance model as plain, versioned JSON: sparse weights over hashed features. */
const ModelFile = z.object({
  format: z.literal(MODEL_FORMAT, { error: `expected "format": "${MODEL_FORMAT}"` }),
  version: z.union(READS.map((v) => z.literal(v)), { error: `expected "version": ${READS.join(' or ')} (the versions this hustings reads)` }),
  question: z.string(),
  sides: z.tuple([z.string(), z.string()]),
  features: z.literal('fnv1a:w1,w2,c4'),
  buckets: z.literal(BUCKETS),
  bias: z.number(),
  weights: Weights,
  /** The neutral head: probability that a post takes no side (trained when labelled neutral rows are given). */
  neutral: z.object({ bias: z.number(), weights: Weights, masked: z.array(z.string()).default([]) }).nullable().optional(),
  /** Languages the model was trained on; posts in others are read by their cues alone. Absent: all. */
  languages: z.array(z.string()).nullable().optional(),
  trainedOn: z.object({ labelled: z.number().int(), distant: z.number().int(), createdAt: z.string() }),
});
export type StanceModelFile = z.infer<typeof ModelFile>;

/** Side B against side A; and, when trained with neutral rows, taking a side at all. */
export interface StanceModel extends LogisticModel {
  readonly question: string;
  readonly sides: readonly [string, string];
  readonly neutral: NeutralHead | null;
  /** Languages the model reads; null: all. */
  readonly languages: ReadonlySet<string> | null;
}

/** Weights of at least this size are kept in the file: smaller ones change no decision. */
const KEEP_FROM = 1e-3;

function sparse(w: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  w.forEach((x, i) => {
    if (Math.abs(x) >= KEEP_FROM) out.push([i, Number(x.toFixed(4))]);
  });
  return out;
}

function dense(weights: readonly (readonly [number, number])[]): Float64Array {
  const w = new Float64Array(BUCKETS);
  for (const [i, x] of weights) w[i] = x;
  return w;
}

export function toModelFile(
  model: LogisticModel & { neutral?: NeutralHead | null },
  question: string,
  sides: readonly [string, string],
  trainedOn: { labelled: number; distant: number },
  languages: readonly string[] | null = null,
): StanceModelFile {
  const neutral = model.neutral ? { bias: Number(model.neutral.bias.toFixed(5)), weights: sparse(model.neutral.weights), masked: [...model.neutral.masked].sort() } : null;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    question,
    sides: [sides[0], sides[1]],
    features: 'fnv1a:w1,w2,c4',
    buckets: BUCKETS,
    bias: Number(model.bias.toFixed(5)),
    weights: sparse(model.weights),
    neutral,
    languages: languages ? [...languages] : null,
    trainedOn: { ...trainedOn, createdAt: new Date().toISOString() },
  };
}

const loaded = new Map<string, Promise<StanceModel>>();

/** A model file, read and checked once per process (the CLI checks it before the stage uses it). */
export function loadModel(path: string): Promise<StanceModel> {
  const key = resolve(path);
  let model = loaded.get(key);
  if (!model) {
    model = readModel(path);
    loaded.set(key, model);
    model.catch(() => loaded.delete(key));
  }
  return model;
}

/**
 * Seeds the per-process cache with a model read elsewhere: a worker thread is handed the main
 * thread's, instead of parsing the file again (measured: ~250 ms and as much again in garbage
 * collection per worker, for the built-in model).
 */
export function primeModel(path: string, model: StanceModel): void {
  loaded.set(resolve(path), Promise.resolve(model));
}

function sharedCopy(w: Float64Array): Float64Array {
  const copy = new Float64Array(new SharedArrayBuffer(w.byteLength));
  copy.set(w);
  return copy;
}

/** The same model with its weights in shared memory: the worker threads it is posted to read one copy. */
export function sharedModel(model: StanceModel): StanceModel {
  const n = model.neutral;
  return { ...model, weights: sharedCopy(model.weights), neutral: n ? { ...n, weights: sharedCopy(n.weights) } : null };
}

/** The file's path, size and time, which a cached copy of its weights must have been read from; null when it cannot be told. */
async function stampOf(path: string): Promise<ModelStamp | null> {
  try {
    const s = await stat(path);
    return { path: resolve(path), size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/** A model file, from the copy of its weights kept when it was last read (model-cache.ts), or parsed and checked. */
async function readModel(path: string): Promise<StanceModel> {
  const stamp = await stampOf(path);
  const cached = stamp ? readCachedModel(stamp) : null;
  if (cached) return cached;
  const model = await parseModel(path);
  if (stamp) cacheModel(stamp, model);
  return model;
}

async function parseModel(path: string): Promise<StanceModel> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read stance model ${path}: ${(error as Error).message}`, path);
  }
  const r = ModelFile.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, path);
  }
  const n = r.data.neutral;
  const bad = checkWeights(r.data.weights, 'weights') ?? (n ? checkWeights(n.weights, 'neutral.weights') : null);
  if (bad) throw new InputError(`${path}: ${bad}`, path);
  return { weights: dense(r.data.weights), bias: r.data.bias, question: r.data.question, sides: r.data.sides, neutral: n ? { weights: dense(n.weights), bias: n.bias, masked: new Set(n.masked) } : null, languages: r.data.languages ? new Set(r.data.languages) : null };
}
