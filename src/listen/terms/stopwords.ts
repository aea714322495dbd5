import { createRequire } from 'node:module';
import { StoreError } from '../../core/errors';

/**
 * The stopword lists of stopwords-iso (one source for every EU language), read once. Entries are
 * lower-cased in NFC with typographic apostrophes made plain, as the words they are compared to.
 */
let lists: ReadonlyMap<string, ReadonlySet<string>> | null = null;

function load(): ReadonlyMap<string, ReadonlySet<string>> {
  const raw: unknown = createRequire(import.meta.url)('stopwords-iso');
  if (typeof raw !== 'object' || raw === null) throw new StoreError('stopwords-iso: expected an object of word lists');
  const out = new Map<string, ReadonlySet<string>>();
  for (const [lang, words] of Object.entries(raw)) {
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new StoreError(`stopwords-iso: ${lang}: expected a list of words`);
    out.set(lang, new Set(words.map((w: string) => normaliseWord(w))));
  }
  return out;
}

/** A word as terms are counted: NFC, lower case, plain apostrophe. */
export function normaliseWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/’/g, "'");
}

/** The stopwords of a language (ISO 639-1), or null when stopwords-iso has no list for it. */
export function stopwordsOf(lang: string): ReadonlySet<string> | null {
  lists ??= load();
  return lists.get(lang) ?? null;
}
