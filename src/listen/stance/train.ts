import { shuffledIndexes } from '../../core/random';
import type { Question } from '../questions';
import type { Stance } from './classify';
import { cueStance } from './classify';
import type { CueSet } from './cues';
import { cueMask, cueTokens } from './cues';
import { BUCKETS, features, neutralFeatures } from './features';
import type { Example, LogisticModel } from './logistic';
import { train } from './logistic';

/** A labelled example as users give it: the text and its side (rows marked `split: "test"` are never trained on). */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
  readonly split?: string | undefined;
  /** The text's language, when the file gives it (else it is detected). */
  readonly lang?: string | undefined;
}

export const TRAIN_OPTIONS = { epochs: 10, learningRate: 0.2, l2: 1e-5 } as const;

/** Labels that mean "takes no side" in labelled files (SemEval-2016 uses "none"). */
export const NEUTRAL_LABELS: readonly string[] = ['neutral', 'none'];

/** The question's subject words in every language, folded as tokens: what the neutral head does not read. */
export function subjectWords(question: Question): string[] {
  return [...new Set(Object.values(question.languages).flatMap((l) => l.subject.flatMap((w) => cueTokens(w))))].sort();
}

/** The labelled rows that train the neutral head as "takes no side": neutral labels, test rows left out. */
export function neutralRows(rows: readonly LabelledText[]): LabelledText[] {
  return rows.filter((r) => r.split !== 'test' && NEUTRAL_LABELS.includes(r.label));
}

/**
 * Examples for the neutral head: labelled neutral rows (1) against labelled rows and other texts
 * that take a side (0), read as `neutralFeatures` reads them (no mentions, no subject words).
 * Test rows are left out.
 */
export function neutralExamples(rows: readonly LabelledText[], question: Question, decidedTexts: readonly string[], masked: ReadonlySet<string>): Example[] {
  const neutral = neutralRows(rows).map((r): Example => ({ features: neutralFeatures(r.text, masked), label: 1 }));
  if (neutral.length === 0) return [];
  const decided = [...rows.filter((r) => r.split !== 'test' && question.sides.includes(r.label)).map((r) => r.text), ...decidedTexts];
  return [...neutral, ...decided.map((text): Example => ({ features: neutralFeatures(text, masked), label: 0 }))];
}

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

/** The languages of training texts with their shares, largest first (unknown ones left out). */
export function languageMix(langs: readonly (string | null)[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const l of langs) if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]): [string, number] => [l, n / Math.max(1, langs.length)]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A labelled neutral row is needed at least this often for a neutral head to be trained. */
export const MIN_NEUTRAL_ROWS = 20;

/**
 * The whole model: side B against side A from labelled and cue-labelled examples, and a
 * neutral head when the labelled rows include enough neutral ones. `distantTexts` are the texts
 * of the cue-labelled examples (or any texts that take a side), for the neutral head.
 */
export function trainModel(rows: readonly LabelledText[], distant: readonly Example[], question: Question, distantTexts: readonly string[] = []): TrainedModel {
  const sides = [...labelledExamples(rows, question), ...distant];
  if (sides.length === 0) throw new RangeError('nothing to train on: no labelled row names a side and no post has a cue');
  const masked = new Set(subjectWords(question));
  const gate = neutralExamples(rows, question, distantTexts, masked);
  const neutralRows = gate.filter((e) => e.label === 1).length;
  return { ...trainStance(sides), neutral: neutralRows >= MIN_NEUTRAL_ROWS ? { ...trainStance(gate), masked } : null };
}

export type NeutralHead = LogisticModel & { readonly masked: ReadonlySet<string> };
export type TrainedModel = LogisticModel & { neutral: NeutralHead | null };
