import { roundTo } from '../../core/stats';
import type { CueSet } from './cues';
import { cueMask, cueTokens, foldText, TOKEN } from './cues';
import { predictNeutral, predictTokens } from './features';
import type { TrainedModel } from './train';

/**
 * Why a post got its stance: each cue found, its side, its weight, whether a negation turned it,
 * and whether it was quoted or the post mocks (both cut its weight: a quoted or mocked slogan is
 * not a vote for it, and what it is instead is a guess — so it leans to neutral).
 */
export interface CueHit {
  readonly cue: string;
  readonly side: string;
  readonly weight: number;
  readonly negated: boolean;
  readonly quoted?: true;
  readonly mocked?: true;
}

export interface Stance {
  /** strong_<A>, weak_<A>, neutral, weak_<B> or strong_<B>. */
  readonly label: string;
  /** −1 (strongly side A) … +1 (strongly side B). */
  readonly score: number;
  /** 0 … 1: how sure the label is. */
  readonly confidence: number;
  readonly cues: readonly CueHit[];
  /** The trained model's probability of side B, when a model is in use. */
  readonly model?: number;
}

/** Below this |score| a post is neutral: unsure means neutral, not a guess. */
export const NEUTRAL_BELOW = 0.25;
/** From this |score| on, a stance is strong. */
export const STRONG_FROM = 0.7;
/** How far back a negation reaches ("do not vote leave"). */
const NEGATION_REACH = 3;
/** What a quoted or mocked cue still weighs. */
const DISTANCED = 0.25;
const QUOTE_MARKS = /["“”«»„]/;
/** Tokens as `cueTokens` counts them, and quotation marks. */
const TOKENS_AND_QUOTES = new RegExp(`${TOKEN}|["“”«»„]`, 'gu');
/** Marks of irony in any language: eye-rolls and tears of laughter, #sarcasm, #irony. */
const IRONY = /🙄|😂|🤣|😏|🤡|#(?:sarcasm|sarcasme|sarkasmus|sarcasmo|ironie|ironia|irony)\b|\/s$/iu;

/**
 * Which tokens of a text stand inside quotation marks. Tokens are counted as `cueTokens` counts
 * them; quotes are paired in order ("…", “…”, «…»).
 */
export function quotedTokens(text: string): ReadonlySet<number> {
  const inside = new Set<number>();
  if (!QUOTE_MARKS.test(text)) return inside;
  let open = false;
  let index = 0;
  for (const m of foldText(text).matchAll(TOKENS_AND_QUOTES)) {
    if (QUOTE_MARKS.test(m[0])) open = !open;
    else if (open) inside.add(index++);
    else index++;
  }
  return open ? new Set() : inside;
}

function findCues(tokens: readonly string[], set: CueSet, quoted: ReadonlySet<number>, mocked: boolean): CueHit[] {
  const hits: CueHit[] = [];
  // A negation belongs to the words after it, not to a cue beyond another cue ("non au brexit #StrongerIn").
  let afterLastCue = 0;
  tokens.forEach((token, i) => {
    for (const cue of set.byFirst.get(token) ?? []) {
      if (!cue.tokens.every((t, k) => tokens[i + k] === t)) continue;
      const before = tokens.slice(Math.max(afterLastCue, i - NEGATION_REACH), i);
      afterLastCue = i + cue.tokens.length;
      const negated = before.some((w) => set.negations.has(w) || w.endsWith("n't"));
      const side = negated ? 1 - cue.side : cue.side;
      const inQuotes = quoted.has(i);
      const weight = (negated ? cue.weight * 0.5 : cue.weight) * (inQuotes || mocked ? DISTANCED : 1);
      hits.push({ cue: cue.text, side: set.question.sides[side]!, weight, negated, ...(inQuotes ? { quoted: true } : {}), ...(mocked ? { mocked: true } : {}) });
    }
  });
  return hits;
}

/** The label a score gets: neutral near zero, weak, then strong. */
export function stanceLabel(score: number, sides: readonly [string, string]): string {
  const a = Math.abs(score);
  if (a < NEUTRAL_BELOW) return 'neutral';
  return `${a >= STRONG_FROM ? 'strong' : 'weak'}_${score < 0 ? sides[0] : sides[1]}`;
}

/**
 * Stance from the question's cues: each cue votes for its side with its weight (a negated cue for
 * the other side, at half weight); score = tanh(sum), so one strong hashtag makes a strong stance
 * and cues on both sides cancel. Confidence grows with the evidence and falls with disagreement.
 */
export function cueStance(text: string, set: CueSet, tokens: readonly string[] = cueTokens(text)): Stance {
  const hits = findCues(tokens, set, quotedTokens(text), IRONY.test(text));
  const sides = set.question.sides;
  let signed = 0;
  let total = 0;
  for (const h of hits) {
    signed += h.side === sides[0] ? -h.weight : h.weight;
    total += h.weight;
  }
  const score = Math.tanh(signed * 1.2);
  const agreement = total > 0 ? Math.abs(signed) / total : 0;
  const confidence = total > 0 ? roundTo(agreement * (1 - Math.exp(-1.5 * total)), 3) : 0;
  return { label: stanceLabel(score, sides), score: roundTo(score, 4), confidence, cues: hits };
}

const NO_MASK: ReadonlySet<string> = new Set();

/** How much the model weighs beside cues: cues are explicit evidence, the model a reading of the rest. */
const MODEL_WEIGHT_WITH_CUES = 0.3;
/** The model alone never makes a stance strong: without a cue, at most weak. */
const MODEL_ALONE_MAX = STRONG_FROM - 0.01;

/**
 * Cue stance combined with a model's probability of side B and, if the model has a neutral head,
 * its probability that the post takes no side. With cues, mostly the cues; without, the model,
 * capped at a weak stance, and neutral when it is near 50 % or the neutral head says so.
 */
export function combineStance(cue: Stance, pB: number, sides: readonly [string, string], pNeutral: number | null = null): Stance {
  const modelScore = 2 * pB - 1;
  const model = roundTo(pB, 4);
  if (cue.cues.length > 0) {
    const score = (1 - MODEL_WEIGHT_WITH_CUES) * cue.score + MODEL_WEIGHT_WITH_CUES * modelScore;
    return { label: stanceLabel(score, sides), score: roundTo(score, 4), confidence: cue.confidence, cues: cue.cues, model };
  }
  // A side's strength is discounted by the chance that the post takes none.
  const taken = pNeutral === null ? modelScore : modelScore * (1 - pNeutral);
  const score = pNeutral !== null && pNeutral >= 0.5 ? 0 : Math.max(-MODEL_ALONE_MAX, Math.min(MODEL_ALONE_MAX, taken));
  const confidence = pNeutral !== null && pNeutral >= 0.5 ? pNeutral : Math.abs(modelScore);
  return { label: stanceLabel(score, sides), score: roundTo(score, 4), confidence: roundTo(confidence, 3), cues: cue.cues, model };
}

/**
 * A cue stance combined with what a trained model reads in the rest of the post: the cues are
 * masked from its features, and its neutral head, when it has one, reads the post its own way.
 */
export function withModel(cue: Stance, model: TrainedModel, text: string, sides: readonly [string, string], tokens: readonly string[] = cueTokens(text)): Stance {
  const pB = predictTokens(model, tokens, cue.cues.length > 0 ? cueMask(cue.cues) : NO_MASK);
  const pNeutral = model.neutral ? predictNeutral(model.neutral, tokens, model.neutral.masked) : null;
  return combineStance(cue, pB, sides, pNeutral);
}
