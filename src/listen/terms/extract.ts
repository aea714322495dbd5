import { normaliseWord, stopwordsOf } from './stopwords';

/** What a post talks about, as counted in the term rollups. */
export interface PostTerms {
  /** Hashtags without '#', lower case, NFC; each once. */
  readonly hashtags: readonly string[];
  /** Word 2-grams, and 3-grams around a stopword, that neither start nor end with a stopword of the post's language; each once. */
  readonly phrases: readonly string[];
  /** The sentences that ask something, normalised (see `normaliseQuestion`); each once. */
  readonly questions: readonly string[];
}

/** Longest question kept, in characters (longer ones are cut and end with '…?'). */
export const MAX_QUESTION_CHARS = 140;
/** Longest hashtag or phrase kept, in characters (longer ones are noise: URLs run together, spam). */
export const MAX_TERM_CHARS = 100;
/** Most terms of one kind taken from one post: a long post must not weigh more than a page of posts. */
export const MAX_TERMS_PER_POST = 40;
const MAX_QUESTIONS_PER_POST = 3;

const LETTER = /\p{L}/u;
const DIGITS_ONLY = /^[\p{N}'-]+$/u;
// French, Italian and Catalan elide articles and particles into the next word: l'Europe, qu'on, dell'Unione.
const ELIDING = new Set(['fr', 'it', 'ca']);
const ELISION = /^(\p{L}{1,2}|\p{L}*qu|dell|all|dall|nell|sull)'(.+)$/u;

/**
 * One pass over a text: URLs, mentions (pseudonyms in stored text: never counted, as handles
 * must never be), the '[email]' placeholder, hashtags, and words. What lies between two words
 * decides whether they are in one run (only whitespace) or not (punctuation, a URL, a hashtag).
 */
const PIECE = /(https?:\/\/\S+|www\.\S+)|(@[\p{L}\p{N}_.-]*)|(\[email\])|(?<![\p{L}\p{N}_&])#([\p{L}\p{M}\p{N}_]+)|([\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*)/gu;

const NON_ASCII = /[^\x20-\x7e]/;

/** A word as counted (see `normaliseWord`), or null for a number; ASCII words need lower case only. */
function wordKey(word: string): string | null {
  if (DIGITS_ONLY.test(word)) return null;
  return NON_ASCII.test(word) ? normaliseWord(word) : word.toLowerCase();
}

/** Whether text[from, to) is whitespace only: two words with nothing else between them are in one run. */
function blank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && !/\s/.test(text[i]!)) return false;
  }
  return true;
}

/** The runs of words of a text (split at punctuation, URLs, mentions, hashtags and numbers) and its hashtags. */
function scan(text: string): { runs: string[][]; hashtags: Set<string> } {
  const runs: string[][] = [];
  const hashtags = new Set<string>();
  let run: string[] = [];
  let end = 0;
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(text); m !== null; m = PIECE.exec(text)) {
    const word = m[5] === undefined ? null : wordKey(m[5]);
    if (word === null || !blank(text, end, m.index)) {
      if (run.length > 0) runs.push(run);
      run = [];
    }
    end = m.index + m[0].length;
    if (word !== null) run.push(word);
    else if (m[4] !== undefined && m[4].length <= MAX_TERM_CHARS && LETTER.test(m[4])) hashtags.add(normaliseWord(m[4]));
  }
  if (run.length > 0) runs.push(run);
  return { runs, hashtags };
}

/**
 * The 2- and 3-grams of runs of words whose first and last word are not stopwords, 3-grams only
 * around a stopword ("leave the eu", "voted to leave"): one of three content words is told by
 * its two 2-grams (and such 3-grams, nearly all said once, were 12 % of the phrase rows of real
 * posts). With an elided article or particle (l'Europe), the word after it is what counts.
 */
function phrasesOf(runs: readonly string[][], stop: ReadonlySet<string>, lang: string): Set<string> {
  const out = new Set<string>();
  const eliding = ELIDING.has(lang);
  const content = (w: string): boolean => w.length > 1 && !stop.has(w) && !(eliding && stop.has(w.replace(ELISION, '$2')));
  for (const run of runs) {
    for (let i = 0; i < run.length && out.size < MAX_TERMS_PER_POST; i++) {
      if (!content(run[i]!)) continue;
      for (let n = 2; n <= 3 && i + n <= run.length; n++) {
        // A 3-gram of three content words says what its two 2-grams say, at twice the rows.
        if (!content(run[i + n - 1]!) || (n === 3 && content(run[i + 1]!))) continue;
        const phrase = run.slice(i, i + n).join(' ');
        if (phrase.length <= MAX_TERM_CHARS) out.add(phrase);
      }
    }
  }
  return out;
}

/**
 * A question as it is grouped: URLs, mentions and the e-mail placeholder removed, '#' dropped
 * from hashtags (their word kept), lower case, NFC, whitespace collapsed, leading marks ('¿',
 * quotes, dots) dropped, ending in one '?', at most `MAX_QUESTION_CHARS` characters. Null when
 * fewer than two words are left.
 */
export function normaliseQuestion(sentence: string): string | null {
  let text = normaliseWord(sentence)
    .replace(/https?:\/\/\S+|www\.\S+|@[\p{L}\p{N}_.-]*|\[email\]/gu, ' ')
    .replace(/(?<![\p{L}\p{N}_&])#(?=[\p{L}\p{N}_])/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+/u, '');
  text = text.slice(0, closingRunStart(text, true));
  if ((text.match(/[\p{L}\p{N}]+/gu) ?? []).length < 2) return null;
  const chars = Array.from(text);
  return chars.length < MAX_QUESTION_CHARS ? `${text}?` : `${chars.slice(0, MAX_QUESTION_CHARS - 2).join('').trimEnd()}…?`;
}

const CLOSING = new Set(['?', '!', '.', '…', '"', "'", '»', ')', ']']);

/**
 * Where a text's closing run starts: trailing white space, then closing punctuation (and, with
 * `spaces`, white space among it). A scan back from the end, in linear time: end-anchored
 * regular expressions over such runs backtrack quadratically on a long run of '?' or '!'.
 */
function closingRunStart(text: string, spaces: boolean): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && (CLOSING.has(text[i - 1]!) || (spaces && /\s/.test(text[i - 1]!)))) i--;
  return i;
}

/**
 * The sentences of a text that ask something: those whose closing punctuation holds a '?'
 * (Spanish '¿…?' included). Sentences end at '.', '!', '?' or '…' followed by a space, or at a
 * line break.
 */
function questionsOf(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('?')) return out;
  for (const sentence of text.split(/(?<=[.!?…])\s+|\n+/)) {
    const end = closingRunStart(sentence, false);
    if (!sentence.slice(end).includes('?')) continue;
    const q = normaliseQuestion(sentence);
    if (q) out.add(q);
    if (out.size >= MAX_QUESTIONS_PER_POST) break;
  }
  return out;
}

/**
 * The terms of a post: its hashtags, its phrases and its questions. Phrases need the post's
 * language (its stopwords decide where a phrase may start and end); a language without a
 * stopword list, or an unknown one, gives none. Numbers, URLs and mentions are never part of a
 * term. Each term appears once per post, whatever its count in the text.
 */
export function extractTerms(text: string, lang: string | null): PostTerms {
  const { runs, hashtags } = scan(text);
  const stop = lang === null ? null : stopwordsOf(lang);
  return {
    hashtags: [...hashtags].slice(0, MAX_TERMS_PER_POST),
    phrases: stop && lang ? [...phrasesOf(runs, stop, lang)] : [],
    questions: [...questionsOf(text)],
  };
}
