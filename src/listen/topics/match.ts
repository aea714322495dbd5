import { memoise } from '../../core/memo';
import { repeats } from '../text';
import { roundTo } from '../../core/stats';
import type { Question } from '../questions';
import type { SentimentDetail } from '../sentiment';
import { normaliseValence, sentimentDetail } from '../sentiment';

/** Lower case, no accents: "Économie" and "economie" are one word to a topic. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}£€$]+/gu) ?? [];
}

interface Keyword {
  readonly topic: string;
  readonly words: readonly string[];
  /** The last word may go on ("immigra*" matches "immigration"). */
  readonly prefix: boolean;
}

/** A word as topics read it, and the keywords that may start at it. */
interface TopicWord {
  readonly word: string;
  readonly keywords: readonly Keyword[];
}

/** The topic keywords of one question and language, ready to match. */
export interface TopicMatcher {
  readonly lang: string;
  readonly byFirstWord: ReadonlyMap<string, readonly Keyword[]>;
  /** One-word prefix keywords ("immigra*"), by their first two characters (`prefixKey`). */
  readonly prefixed: ReadonlyMap<number, readonly Keyword[]>;
  /** A word of a text (a sentiment word or a folded word) as topics read it, memoised. */
  readonly at: (word: string) => TopicWord;
}

/** The first two characters of a word as one number (one character: its code alone). */
function prefixKey(word: string): number {
  return word.length >= 2 ? word.charCodeAt(0) * 0x10000 + word.charCodeAt(1) : -word.charCodeAt(0);
}

export function topicMatcher(question: Question, lang: string): TopicMatcher | null {
  const topics = question.languages[lang]?.topics;
  if (!topics) return null;
  const byFirstWord = new Map<string, Keyword[]>();
  const prefixed = new Map<number, Keyword[]>();
  const add = <K>(map: Map<K, Keyword[]>, key: K, kw: Keyword): void => {
    (map.get(key) ?? map.set(key, []).get(key)!).push(kw);
  };
  for (const [topic, keywords] of Object.entries(topics)) {
    for (const k of keywords) {
      const prefix = k.endsWith('*');
      const kw: Keyword = { topic, words: words(prefix ? k.slice(0, -1) : k), prefix };
      if (kw.words.length === 0) continue;
      // A one-character prefix is indexed by its code alone: it matches every word it starts.
      if (prefix && kw.words.length === 1) add(prefixed, prefixKey(kw.words[0]!), kw);
      else add(byFirstWord, kw.words[0]!, kw);
    }
  }
  const at = memoise(
    (raw: string): TopicWord => {
      const word = topicWord(raw);
      return { word, keywords: candidates(byFirstWord, prefixed, word) };
    },
    undefined,
    repeats,
  );
  return { lang, byFirstWord, prefixed, at };
}

/** The keywords that may start at a word, in the order they are tried. */
function candidates(byFirstWord: ReadonlyMap<string, readonly Keyword[]>, prefixed: ReadonlyMap<number, readonly Keyword[]>, word: string): readonly Keyword[] {
  const out = [...(byFirstWord.get(word) ?? [])];
  if (word.length >= 2) for (const kw of prefixed.get(prefixKey(word)) ?? []) if (word.startsWith(kw.words[0]!)) out.push(kw);
  if (word.length > 0) out.push(...(prefixed.get(-word.charCodeAt(0)) ?? []));
  return out;
}

function matchesAt(tokens: readonly TopicWord[], i: number, kw: Keyword): boolean {
  return kw.words.every((w, k) => {
    const t = tokens[i + k]?.word;
    if (t === undefined) return false;
    return k === kw.words.length - 1 && kw.prefix ? t.startsWith(w) : t === w;
  });
}

/** Where each topic is mentioned: topic → positions of its keywords among the words of the text. */
export function findTopics(text: string, matcher: TopicMatcher): Map<string, number[]> {
  return findTopicsIn(words(text).map(matcher.at));
}

/** The same, over words already read. */
function findTopicsIn(tokens: readonly TopicWord[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (let i = 0; i < tokens.length; i++) {
    for (const kw of tokens[i]!.keywords) {
      if (!matchesAt(tokens, i, kw)) continue;
      const positions = found.get(kw.topic);
      if (positions) positions.push(i);
      else found.set(kw.topic, [i]);
    }
  }
  return found;
}

/**
 * A sentiment word as topics read it: folded, edges trimmed, elisions dropped ("l’économie" →
 * "economie"). (Words of `words` come out unchanged.)
 */
function topicWord(word: string): string {
  return fold(word)
    .replace(/^[^\p{L}\p{N}£€$]+|[^\p{L}\p{N}£€$]+$/gu, '')
    .replace(/^\p{L}{1,5}['’]/u, '');
}

/** Words either side of a keyword whose sentiment is the theme's. */
export const THEME_WINDOW = 5;

/**
 * Topics of a text, and for each the sentiment of the words around its keywords (the mean over
 * its mentions): how a theme is received, not the post as a whole. The valences come from one
 * sentiment pass over the post (`detail`), so negation and boosters count as in the whole.
 */
export function topicsWithSentiment(text: string, matcher: TopicMatcher, detail: SentimentDetail | null = sentimentDetail(text, matcher.lang)): { topics: string[]; themeSentiment: Record<string, number> } {
  const tokens = (detail ? detail.words : words(text)).map(matcher.at);
  const found = findTopicsIn(tokens);
  const themeSentiment: Record<string, number> = {};
  for (const [topic, positions] of found) {
    let sum = 0;
    for (const i of positions) {
      let window = 0;
      for (let k = Math.max(0, i - THEME_WINDOW); k <= i + THEME_WINDOW && k < tokens.length; k++) window += detail?.valences[k] ?? 0;
      sum += normaliseValence(window);
    }
    themeSentiment[topic] = roundTo(sum / positions.length, 4);
  }
  return { topics: [...found.keys()].sort(), themeSentiment };
}
