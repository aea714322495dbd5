/**
 * Binary logistic regression over sparse binary features, trained by stochastic gradient descent
 * with L2 regularisation (e.g. Bishop, Pattern Recognition and Machine Learning, §4.3.2).
 * Pure functions; the weights are a plain array so that a model is plain JSON.
 */
export interface LogisticModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

export interface Example {
  readonly features: readonly number[];
  /** 1 for side B, 0 for side A. */
  readonly label: 0 | 1;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** Shuffling order, from a seeded source, so that training is reproducible. */
  readonly order: (n: number, epoch: number) => number[];
}

/** The logistic function, computed without overflow either side. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability of side B. */
export function predict(model: LogisticModel, features: readonly number[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights[f] ?? 0;
  return sigmoid(z);
}

/**
 * Trains on examples; classes are weighted to balance them (a lopsided training set should not
 * make the model lean). Lazy L2: each weight decays only when its feature is seen.
 */
export function train(examples: readonly Example[], buckets: number, options: TrainOptions): LogisticModel {
  if (examples.length === 0) throw new RangeError('train: expected at least one example, found none');
  const weights = new Float64Array(buckets);
  let bias = 0;
  const positives = examples.filter((e) => e.label === 1).length;
  const classWeight = [examples.length / (2 * Math.max(1, examples.length - positives)), examples.length / (2 * Math.max(1, positives))];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + epoch);
    for (const i of options.order(examples.length, epoch)) {
      const e = examples[i]!;
      let z = bias;
      for (const f of e.features) z += weights[f]!;
      const g = (sigmoid(z) - e.label) * classWeight[e.label]!;
      bias -= rate * g;
      for (const f of e.features) weights[f] = weights[f]! - rate * (g + options.l2 * weights[f]!);
    }
  }
  return { weights, bias };
}
