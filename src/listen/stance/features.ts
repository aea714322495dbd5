import { memoise } from '../../core/memo';
import { repeats } from '../text';
import { BucketSet } from './bucket-set';
import { cueTokens } from './cues';
import type { LogisticModel } from './logistic';
import { sigmoid } from './logistic';

/** Feature space size: hashed features land in 2^18 buckets. */
export const BUCKETS = 1 << 18;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, continued over `text` from state `h`: a fast, stable string hash. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

function fnvChar(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

const WORD = fnv(FNV_OFFSET, 'w:');
const PAIR = fnv(FNV_OFFSET, 'b:');
const GRAM = fnv(FNV_OFFSET, 'c:');
const LT = '<'.charCodeAt(0);
const GT = '>'.charCodeAt(0);
const SPACE = ' '.charCodeAt(0);

function bucket(h: number): number {
  return (h >>> 0) % BUCKETS;
}

/** Character code at position k of `<token>`. */
function padded(token: string, k: number): number {
  return k === 0 ? LT : k === token.length + 1 ? GT : token.charCodeAt(k - 1);
}

/** What a token contributes on its own, hashed once: its word and 4-gram buckets, and the pair hash state it starts. */
interface TokenHash {
  readonly word: number;
  readonly grams: readonly number[];
  /** FNV state after "b:" + token + " ": a pair's hash goes on over the next token. */
  readonly pair: number;
}

/**
 * Tokens worth remembering: not mentions, and not the letters-and-digits runs that links are
 * cut into ("8qcnptwb"), which come once (on 600,000 posts, 60,241 of the table's entries).
 */
function oftenSeen(t: string): boolean {
  return repeats(t) && !(t.length >= 6 && /\d/.test(t));
}

const tokenHash = memoise(
  (t: string): TokenHash => {
    const n = t.length + 2;
    const grams: number[] = [];
    for (let k = 0; k + 4 <= n; k++) {
      let h = GRAM;
      for (let j = k; j < k + 4; j++) h = fnvChar(h, padded(t, j));
      grams.push(bucket(h));
    }
    return { word: bucket(fnv(WORD, t)), grams, pair: fnvChar(fnv(PAIR, t), SPACE) };
  },
  undefined,
  oftenSeen,
);

/** The buckets the current call has met. */
const seen = new BucketSet();

/** The buckets of the last `fill`, reused from call to call (it grows as needed). */
let buckets = new Int32Array(1024);

/** How many buckets the current `fill` has written. */
let filled = 0;

/** Writes bucket `b` to `buckets` unless the current call has met it. */
function once(b: number): void {
  if (!seen.add(b)) return;
  if (filled === buckets.length) {
    const grown = new Int32Array(2 * filled);
    grown.set(buckets);
    buckets = grown;
  }
  buckets[filled++] = b;
}

/** Which tokens a model head reads (see `keeps`). */
const STANCE = 0;
const NEUTRAL = 1;
type Reader = typeof STANCE | typeof NEUTRAL;

/**
 * What a head reads of a token. The stance head: all but the masked tokens (the cues of distant
 * supervision) and mentions. The neutral head: the post without mentions and without the
 * question's subject words (`mask`), as words or hashtags — so that it judges whether a post
 * takes a side, not whether it is on the subject. (Plain functions, not closures made per post.)
 */
function keeps(reader: Reader, mask: ReadonlySet<string>, t: string): boolean {
  if (reader === STANCE) return !mask.has(t) && !t.startsWith('@u_');
  return t[0] !== '@' && !mask.has(t[0] === '#' ? t.slice(1) : t);
}

/**
 * Hashed features of the tokens the reader keeps: words ("w:" + word), word pairs ("b:" + a +
 * " " + b, over the tokens kept) and character 4-grams of "<word>" ("c:" + gram), hashed with
 * FNV-1a without building the strings. Writes each bucket once, in the order first met, to
 * `buckets`; returns how many.
 */
function fill(tokens: readonly string[], reader: Reader, mask: ReadonlySet<string>): number {
  seen.clear();
  filled = 0;
  let previous: TokenHash | null = null;
  for (const t of tokens) {
    if (!keeps(reader, mask, t)) continue;
    const h = tokenHash(t);
    once(h.word);
    if (previous) once(bucket(fnv(previous.pair, t)));
    for (const g of h.grams) once(g);
    previous = h;
  }
  return filled;
}

function collect(tokens: readonly string[], reader: Reader, mask: ReadonlySet<string>): number[] {
  // Filled first: `fill` may replace `buckets` with a larger array.
  const n = fill(tokens, reader, mask);
  return Array.from(buckets.subarray(0, n));
}

/**
 * What a token adds to one model head's score: the buckets of its word and 4-grams whose
 * weight is not zero (a zero adds nothing), with their weights, in the order `fill` meets them,
 * and the pair hash state it starts. Kept per head, so that scoring a known token reads its
 * weights from one small record instead of from the head's 2 MB table, one cache miss a feature.
 */
interface HeadToken {
  /** The word's bucket, or −1 when its weight is zero. */
  readonly word: number;
  readonly wordWeight: number;
  readonly grams: readonly number[];
  readonly gramWeights: readonly number[];
  readonly pair: number;
}

function headToken(model: LogisticModel, t: string): HeadToken {
  const h = tokenHash(t);
  const grams: number[] = [];
  const gramWeights: number[] = [];
  for (const g of h.grams) {
    const w = model.weights[g]!;
    if (w !== 0) {
      grams.push(g);
      gramWeights.push(w);
    }
  }
  const wordWeight = model.weights[h.word]!;
  return { word: wordWeight === 0 ? -1 : h.word, wordWeight, grams, gramWeights, pair: h.pair };
}

/** Each head's memo of its tokens (`HeadToken`). */
const headTokens = new WeakMap<LogisticModel, (t: string) => HeadToken>();

function tokensOf(model: LogisticModel): (t: string) => HeadToken {
  let memo = headTokens.get(model);
  if (!memo) headTokens.set(model, (memo = memoise((t) => headToken(model, t), undefined, oftenSeen)));
  return memo;
}

/**
 * A linear model's score of tokens: its bias plus the weight of each feature kept, counted once
 * and summed in the order `fill` meets them, as `predict` sums them (features of weight zero,
 * which add nothing, are passed over), so the score is the same to the last bit.
 */
function score(model: LogisticModel, tokens: readonly string[], reader: Reader, mask: ReadonlySet<string>): number {
  const of = tokensOf(model);
  seen.clear();
  let z = model.bias;
  let previous: HeadToken | null = null;
  for (const t of tokens) {
    if (!keeps(reader, mask, t)) continue;
    const h = of(t);
    if (h.word >= 0 && seen.add(h.word)) z += h.wordWeight;
    if (previous) {
      const b = bucket(fnv(previous.pair, t));
      const w = model.weights[b]!;
      if (w !== 0 && seen.add(b)) z += w;
    }
    for (let k = 0; k < h.grams.length; k++) if (seen.add(h.grams[k]!)) z += h.gramWeights[k]!;
    previous = h;
  }
  return z;
}

/**
 * Hashed features of a text: words, word pairs and character 4-grams of words (which carry
 * across inflections). Tokens in `mask` (the cues of distant supervision) are left out, so that
 * the model learns the words around the cues, not the cues. Mentions are left out too.
 * `tokens` may be given when the text's cue tokens are already known.
 */
export function features(text: string, mask: ReadonlySet<string> = new Set(), tokens: readonly string[] = cueTokens(text)): number[] {
  return collect(tokens, STANCE, mask);
}

/** The features of the neutral head (see `keeps`). */
export function neutralFeatures(text: string, masked: ReadonlySet<string>, tokens: readonly string[] = cueTokens(text)): number[] {
  return collect(tokens, NEUTRAL, masked);
}

/**
 * `predict(model, features(…))` without building the feature list. A head's weights must not
 * change once it has scored (its tokens' weights are remembered): a loaded model's never do.
 */
export function predictTokens(model: LogisticModel, tokens: readonly string[], mask: ReadonlySet<string>): number {
  return sigmoid(score(model, tokens, STANCE, mask));
}

/** `predict(head, neutralFeatures(…))` without building the feature list. */
export function predictNeutral(head: LogisticModel, tokens: readonly string[], masked: ReadonlySet<string>): number {
  return sigmoid(score(head, tokens, NEUTRAL, masked));
}
