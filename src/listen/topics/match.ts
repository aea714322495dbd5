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

/** The topic keywords of one question and language, ready to match. */
export interface TopicMatcher {
  readonly lang: string;
  readonly byFirstWord: ReadonlyMap<string, readonly Keyword[]>;
  /** One-word prefix keywords ("immigra*"), by their first two characters (`prefixKey`). */
  readonly prefixed: ReadonlyMap<number, readonly Keyword[]>;
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
  return { lang, byFirstWord, prefixed };
}

function matchesAt(tokens: readonly string[], i: number, kw: Keyword): boolean {
  return kw.words.every((w, k) => {
    const t = tokens[i + k];
    if (t === undefined) return false;
    return k === kw.words.length - 1 && kw.prefix ? t.startsWith(w) : t === w;
  });
}

/** Where each topic is mentioned: topic → positions of its keywords among the words of the text. */
export function findTopics(text: string, matcher: TopicMatcher): Map<string, number[]> {
  return findTopicsIn(words(text), matcher);
}

/** The same, over words already split (and folded). */
function findTopicsIn(tokens: readonly string[], matcher: TopicMatcher): Map<string, number[]> {
  const found = new Map<string, number[]>();
  const note = (topic: string, i: number): void => {
    (found.get(topic) ?? found.set(topic, []).get(topic)!).push(i);
  };
  tokens.forEach((token, i) => {
    for (const kw of matcher.byFirstWord.get(token) ?? []) if (matchesAt(tokens, i, kw)) note(kw.topic, i);
    if (token.length >= 2) for (const kw of matcher.prefixed.get(prefixKey(token)) ?? []) if (token.startsWith(kw.words[0]!)) note(kw.topic, i);
    if (token.length > 0) for (const kw of matcher.prefixed.get(-token.charCodeAt(0)) ?? []) note(kw.topic, i);
  });
  return found;
}

const TOPIC_WORDS = new Map<string, string>();
const TOPIC_WORDS_LIMIT = 100_000;

/**
 * A sentiment word as topics read it: folded, edges trimmed, elisions dropped ("l’économie" →
 * "economie"). Words repeat a great deal, so results are memoised (bounded).
 */
function topicWord(word: string): string {
  let out = TOPIC_WORDS.get(word);
  if (out !== undefined) return out;
  out = fold(word)
    .replace(/^[^\p{L}\p{N}£€$]+|[^\p{L}\p{N}£€$]+$/gu, '')
    .replace(/^\p{L}{1,5}['’]/u, '');
  if (TOPIC_WORDS.size >= TOPIC_WORDS_LIMIT) TOPIC_WORDS.clear();
  TOPIC_WORDS.set(word, out);
  return out;
}

/** Words either side of a keyword whose sentiment is the theme's. */
export const THEME_WINDOW = 5;

/**
 * Topics of a text, and for each the sentiment of the words around its keywords (the mean over
 * its mentions): how a theme is received, not the post as a whole. The valences come from one
 * sentiment pass over the post (`detail`), so negation and boosters count as in the whole.
 */
export function topicsWithSentiment(text: string, matcher: TopicMatcher, detail: SentimentDetail | null = sentimentDetail(text, matcher.lang)): { topics: string[]; themeSentiment: Record<string, number> } {
  const tokens = detail ? detail.words.map(topicWord) : words(text);
  const found = findTopicsIn(tokens, matcher);
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
