import { shuffledIndexes } from '../../core/random';
import type { Question } from '../questions';
import type { Stance } from './classify';
import { cueStance } from './classify';
import type { CueSet } from './cues';
import { cueMask } from './cues';
import { BUCKETS, features } from './features';
import type { Example, LogisticModel } from './logistic';
import { train } from './logistic';

/** A labelled example as users give it: the text and its side (rows marked `split: "test"` are never trained on). */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
  readonly split?: string | undefined;
}

export const TRAIN_OPTIONS = { epochs: 10, learningRate: 0.2, l2: 1e-5 } as const;

/** Labelled texts of either side become examples; neutral and test rows are left out. */
export function labelledExamples(rows: readonly LabelledText[], question: Question): Example[] {
  return rows
    .filter((r) => r.split !== 'test' && (r.label === question.sides[0] || r.label === question.sides[1]))
    .map((r) => ({ features: features(r.text), label: r.label === question.sides[1] ? 1 : 0 }));
}

/**
 * Distant supervision: posts whose cues decide a side are examples of that side, with the cue
 * tokens masked so that the model learns the rest of the post.
 */
export function distantExample(text: string, cues: CueSet): Example | null {
  return exampleFromStance(text, cueStance(text, cues));
}

/** The example a decided stance makes of its text, cues masked; null when undecided or too little is left. */
export function exampleFromStance(text: string, stance: Stance): Example | null {
  if (stance.label === 'neutral') return null;
  const f = features(text, cueMask(stance.cues));
  return f.length >= 3 ? { features: f, label: stance.score > 0 ? 1 : 0 } : null;
}

export function trainStance(examples: readonly Example[], seed = 2016): LogisticModel {
  return train(examples, BUCKETS, { ...TRAIN_OPTIONS, order: shuffledIndexes(seed) });
}
