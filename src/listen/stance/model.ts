import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import { BUCKETS } from './features';
import type { LogisticModel } from './logistic';

export const MODEL_FORMAT = 'hustings-stance-model';
export const MODEL_VERSION = 1;

/** A trained stance model as plain, versioned JSON: sparse weights over hashed features. */
const ModelFile = z.object({
  format: z.literal(MODEL_FORMAT, { error: `expected "format": "${MODEL_FORMAT}"` }),
  version: z.literal(MODEL_VERSION, { error: `expected "version": ${MODEL_VERSION} (this hustings reads version ${MODEL_VERSION})` }),
  question: z.string(),
  sides: z.tuple([z.string(), z.string()]),
  features: z.literal('fnv1a:w1,w2,c4'),
  buckets: z.literal(BUCKETS),
  bias: z.number(),
  weights: z.array(z.tuple([z.number().int().min(0).max(BUCKETS - 1), z.number()])),
  trainedOn: z.object({ labelled: z.number().int(), distant: z.number().int(), createdAt: z.string() }),
});
export type StanceModelFile = z.infer<typeof ModelFile>;

export interface StanceModel extends LogisticModel {
  readonly question: string;
  readonly sides: readonly [string, string];
}

export function toModelFile(model: LogisticModel, question: string, sides: readonly [string, string], trainedOn: { labelled: number; distant: number }): StanceModelFile {
  const weights: [number, number][] = [];
  model.weights.forEach((w, i) => {
    if (Math.abs(w) >= 1e-4) weights.push([i, Number(w.toFixed(5))]);
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    question,
    sides: [sides[0], sides[1]],
    features: 'fnv1a:w1,w2,c4',
    buckets: BUCKETS,
    bias: Number(model.bias.toFixed(5)),
    weights,
    trainedOn: { ...trainedOn, createdAt: new Date().toISOString() },
  };
}

export async function loadModel(path: string): Promise<StanceModel> {
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
  const weights = new Float64Array(BUCKETS);
  for (const [i, w] of r.data.weights) weights[i] = w;
  return { weights, bias: r.data.bias, question: r.data.question, sides: r.data.sides };
}
