import { memoise } from '../../core/memo';
import { chunksOf, repeats } from '../text';
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

/** A piece of text between whitespace as VADER reads it: emoji split off, punctuation stripped unless what is left is ≤ 2 characters (emoticons). */
function chunkWords(chunk: string): string[] {
  const pieces = isAscii(chunk) ? [chunk] : chunk.replace(EMOJI, ' ').split(/\s+/);
  const out: string[] = [];
  for (const raw of pieces) {
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

/** A word of a text and what the rules of its language make of it, worked out once per word. */
interface Word {
  readonly raw: string;
  readonly lower: string;
  readonly upper: boolean;
  readonly letter: boolean;
  readonly valence: number | undefined;
  readonly inLexicon: boolean;
  /** +1 intensifier, −1 dampener, 0 neither. */
  readonly booster: number;
  readonly negation: boolean;
  /** A negation, or ends in "n't". */
  readonly negated: boolean;
  readonly contrast: boolean;
  /** Starts one of the lexicon's multi-word entries. */
  readonly phrase: boolean;
}

interface Language {
  readonly lang: string;
  readonly lexicon: Lexicon;
  readonly rules: LanguageRules;
  /** The words of a piece of text between whitespace, memoised. */
  readonly chunk: (chunk: string) => readonly Word[];
}

function wordOf(language: Language, raw: string, lower: string, valence = lookup(language.lexicon, lower, language.lang)): Word {
  const { lexicon, rules } = language;
  return {
    raw,
    lower,
    upper: isUpper(raw),
    letter: /\p{L}/u.test(raw),
    valence,
    inLexicon: lexicon.words.has(lower),
    booster: rules.boosters.get(lower) ?? 0,
    negation: rules.negations.has(lower),
    negated: rules.negations.has(lower) || lower.endsWith("n't"),
    contrast: rules.contrast.has(lower),
    phrase: lexicon.phrases.has(lower),
  };
}

const languages = new Map<string, Language | null>();

function language(lang: string): Language | null {
  let l = languages.get(lang);
  if (l !== undefined) return l;
  const lexicon = lexiconFor(lang);
  const rules = RULES[lang];
  if (lexicon && rules) {
    const made: Language = { lang, lexicon, rules, chunk: memoise((chunk) => chunkWords(chunk).map((raw) => wordOf(made, raw, raw.toLowerCase())), undefined, repeats) };
    l = made;
  } else l = null;
  languages.set(lang, l);
  return l;
}

/** The words of a text, with the lexicon's multi-word entries ("à juste titre") merged into single words. */
function wordsOf(text: string, language: Language): Word[] {
  const words: Word[] = [];
  let phrases = false;
  for (const chunk of chunksOf(text)) {
    for (const w of language.chunk(chunk)) {
      words.push(w);
      phrases ||= w.phrase;
    }
  }
  return phrases ? mergePhrases(words, language) : words;
}

function mergePhrases(words: readonly Word[], language: Language): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const match = language.lexicon.phrases.get(words[i]!.lower)?.find(([parts]) => parts.every((p, k) => words[i + k]?.lower === p));
    if (match) {
      const raw = words.slice(i, i + match[0].length).map((w) => w.raw).join(' ');
      out.push(wordOf(language, raw, match[0].join(' '), match[1]));
      i += match[0].length - 1;
    } else out.push(words[i]!);
  }
  return out;
}

function boost(words: readonly Word[], capDiff: boolean, j: number, valence: number): number {
  const w = words[j]!;
  if (!w.booster) return 0;
  let scalar = w.booster * B_INCR * (valence < 0 ? -1 : 1);
  if (w.upper && capDiff) scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

function valenceOf(words: readonly Word[], capDiff: boolean, i: number): number {
  const w = words[i]!;
  if (w.valence === undefined || w.booster) return 0;
  // "no" before a sentiment word negates it rather than counting itself.
  if (w.negation && words[i + 1]?.inLexicon) return 0;
  let valence = w.valence;
  if (w.upper && capDiff) valence += valence > 0 ? C_INCR : -C_INCR;
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    const j = i - back;
    if (words[j]!.inLexicon) continue;
    valence += boost(words, capDiff, j, valence) * (back === 1 ? 1 : back === 2 ? 0.95 : 0.9);
    if (words[j]!.negated) valence *= N_SCALAR;
  }
  // "least good" is not good; "at least good" still is.
  if (words[i - 1]?.lower === 'least' && words[i - 2]?.lower !== 'at' && words[i - 2]?.lower !== 'very') valence *= N_SCALAR;
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
  const l = language(lang);
  if (!l) return null;
  const words = wordsOf(text, l);
  let someUpper = false;
  let allUpperOrNoLetter = true;
  let contrast = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    someUpper ||= w.upper;
    allUpperOrNoLetter &&= w.upper || !w.letter;
    if (contrast < 0 && w.contrast) contrast = i;
  }
  const capDiff = someUpper && !allUpperOrNoLetter;
  const lower: string[] = [];
  const valences: number[] = [];
  let sum = 0;
  for (let i = 0; i < words.length; i++) {
    const v = valenceOf(words, capDiff, i);
    lower.push(words[i]!.lower);
    valences.push(v);
    sum += contrast < 0 ? v : i < contrast ? v * 0.5 : i > contrast ? v * 1.5 : v;
  }
  if (!isAscii(text)) for (const e of text.match(EMOJI) ?? []) sum += emojiValences().get(e) ?? 0;
  if (sum !== 0) sum += sum > 0 ? punctuationEmphasis(text) : -punctuationEmphasis(text);
  return { compound: normaliseValence(sum), words: lower, valences };
}

/** Sentiment of a text in a language; null when the language has no lexicon. */
export function sentiment(text: string, lang: string): Sentiment | null {
  const d = sentimentDetail(text, lang);
  return d ? { compound: d.compound } : null;
}
