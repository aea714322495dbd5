import { baseForms } from './inflection';
import type { Lexicon } from './lexicon';
import { emojiValences, lexiconFor } from './lexicon';
import type { LanguageRules } from './rules';
import { RULES } from './rules';

/**
 * Valence-aware sentiment after VADER (Hutto & Gilbert, "VADER: A Parsimonious Rule-based Model
 * for Sentiment Analysis of Social Media Text", ICWSM 2014): lexicon valences, adjusted for
 * boosters and dampeners, negation within three words, capitals, a contrast word ("but"),
 * exclamation and question marks, and emoji; summed and normalised to a compound score in [−1, 1].
 */
export interface Sentiment {
  /** −1 (most negative) … +1 (most positive); 0 when nothing carries sentiment. */
  readonly compound: number;
}

const B_INCR = 0.293;
const C_INCR = 0.733;
const N_SCALAR = -0.74;
/** VADER's normalisation constant: compound = x / √(x² + α). */
const ALPHA = 15;
const PUNCT = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~“”‘’«»…¡¿]+|[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~“”‘’«»…¡¿]+$/g;
const EMOJI = /\p{Extended_Pictographic}/gu;
const PUNCT_CHARS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»…¡¿');
// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\u0000-\u007f]*$/;

/** Whether a text is all ASCII: then it holds no emoji, and the emoji passes are skipped. */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/** Tokens as VADER reads them: split on spaces, punctuation stripped unless what is left is ≤ 2 characters (emoticons). */
function tokenize(text: string, ascii: boolean): string[] {
  const spaced = ascii ? text : text.replace(EMOJI, ' ');
  const out: string[] = [];
  for (const raw of spaced.split(/\s+/)) {
    if (!raw) continue;
    // Most words have no punctuation at either end: no regex for them.
    if (!PUNCT_CHARS.has(raw[0]!) && !PUNCT_CHARS.has(raw[raw.length - 1]!)) {
      out.push(raw);
      continue;
    }
    const stripped = raw.replace(PUNCT, '');
    out.push(stripped.length <= 2 ? raw : stripped);
  }
  return out;
}

/** All in capitals, with at least one letter ("GREAT", "EU!"); without building strings for ASCII words. */
function isUpper(word: string): boolean {
  if (word.length <= 1) return false;
  let upper = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c > 127) return word === word.toUpperCase() && word !== word.toLowerCase();
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper;
}

/** The lexicon's valence of a word, or of its base form when only that is listed. */
function lookup(lexicon: Lexicon, word: string, lang: string): number | undefined {
  const direct = lexicon.words.get(word);
  if (direct !== undefined || lang === 'en') return direct;
  for (const base of baseForms(word, lang)) {
    const v = lexicon.words.get(base);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Merges a lexicon's multi-word entries ("à juste titre") into single tokens. */
function mergePhrases(tokens: string[], lower: string[], lexicon: Lexicon): { tokens: string[]; lower: string[]; valence: Map<number, number> } {
  const valence = new Map<number, number>();
  if (lexicon.phrases.size === 0 || !lower.some((w) => lexicon.phrases.has(w))) return { tokens, lower, valence };
  const t: string[] = [];
  const l: string[] = [];
  for (let i = 0; i < lower.length; i++) {
    const match = lexicon.phrases.get(lower[i]!)?.find(([words]) => words.every((w, k) => lower[i + k] === w));
    if (match) {
      valence.set(l.length, match[1]);
      t.push(tokens.slice(i, i + match[0].length).join(' '));
      l.push(match[0].join(' '));
      i += match[0].length - 1;
    } else {
      t.push(tokens[i]!);
      l.push(lower[i]!);
    }
  }
  return { tokens: t, lower: l, valence };
}

interface Context {
  readonly tokens: readonly string[];
  readonly lower: readonly string[];
  readonly lexicon: Lexicon;
  readonly lang: string;
  readonly rules: LanguageRules;
  readonly capDiff: boolean;
  readonly phraseValence: ReadonlyMap<number, number>;
}

function negated(word: string, rules: LanguageRules): boolean {
  return rules.negations.has(word) || word.endsWith("n't");
}

function boost(ctx: Context, j: number, valence: number): number {
  const kind = ctx.rules.boosters.get(ctx.lower[j]!);
  if (!kind) return 0;
  let scalar = kind * B_INCR * (valence < 0 ? -1 : 1);
  if (isUpper(ctx.tokens[j]!) && ctx.capDiff) scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

function valenceOf(ctx: Context, i: number): number {
  const word = ctx.lower[i]!;
  const base = ctx.phraseValence.get(i) ?? lookup(ctx.lexicon, word, ctx.lang);
  if (base === undefined || ctx.rules.boosters.has(word)) return 0;
  // "no" before a sentiment word negates it rather than counting itself.
  if (ctx.rules.negations.has(word) && ctx.lexicon.words.has(ctx.lower[i + 1] ?? '')) return 0;
  let valence = base;
  if (isUpper(ctx.tokens[i]!) && ctx.capDiff) valence += valence > 0 ? C_INCR : -C_INCR;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const j = i - back;
    if (ctx.lexicon.words.has(ctx.lower[j]!)) continue;
    valence += boost(ctx, j, valence) * (back === 1 ? 1 : back === 2 ? 0.95 : 0.9);
    if (negated(ctx.lower[j]!, ctx.rules)) valence *= N_SCALAR;
  }
  // "least good" is not good; "at least good" still is.
  if (ctx.lower[i - 1] === 'least' && ctx.lower[i - 2] !== 'at' && ctx.lower[i - 2] !== 'very') valence *= N_SCALAR;
  return valence;
}

function punctuationEmphasis(text: string): number {
  let bangCount = 0;
  let questions = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) bangCount++;
    else if (c === 63) questions++;
  }
  const bangs = Math.min(bangCount, 4) * 0.292;
  return bangs + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
}

/** The sentiment of a text with what it was built from: the words (lower case) and each word's valence. */
export interface SentimentDetail extends Sentiment {
  readonly words: readonly string[];
  readonly valences: readonly number[];
}

/** Compound score of a sum of valences: x / √(x² + α), in [−1, 1]. */
export function normaliseValence(sum: number): number {
  return sum === 0 ? 0 : Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + ALPHA)));
}

/** Sentiment of a text in a language, word by word; null when the language has no lexicon. */
export function sentimentDetail(text: string, lang: string): SentimentDetail | null {
  const lexicon = lexiconFor(lang);
  const rules = RULES[lang];
  if (!lexicon || !rules) return null;
  const ascii = isAscii(text);
  const raw = tokenize(text, ascii);
  const merged = mergePhrases(raw, raw.map((t) => t.toLowerCase()), lexicon);
  const capDiff = merged.tokens.some(isUpper) && !merged.tokens.every((t) => isUpper(t) || !/\p{L}/u.test(t));
  const ctx: Context = { ...merged, lexicon, lang, rules, capDiff, phraseValence: merged.valence };
  const valences = ctx.lower.map((_, i) => valenceOf(ctx, i));
  const contrast = ctx.lower.findIndex((w) => rules.contrast.has(w));
  let sum = 0;
  valences.forEach((v, i) => (sum += contrast < 0 ? v : i < contrast ? v * 0.5 : i > contrast ? v * 1.5 : v));
  if (!ascii) for (const e of text.match(EMOJI) ?? []) sum += emojiValences().get(e) ?? 0;
  if (sum !== 0) sum += sum > 0 ? punctuationEmphasis(text) : -punctuationEmphasis(text);
  return { compound: normaliseValence(sum), words: ctx.lower, valences };
}

/** Sentiment of a text in a language; null when the language has no lexicon. */
export function sentiment(text: string, lang: string): Sentiment | null {
  const d = sentimentDetail(text, lang);
  return d ? { compound: d.compound } : null;
}
