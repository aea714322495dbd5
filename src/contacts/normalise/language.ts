import { foldText } from './fold';
import { refused, type Normalised } from './result';

/** An ISO 639-1 language code, or why not. */
export type NormalisedLanguage = Normalised<{ readonly language: string }>;

/**
 * The languages recognised: the EU's official ones, the other languages of Europe's larger
 * communities, and the world's most spoken.
 */
const CODES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv',
  'ca', 'eu', 'gl', 'cy', 'gd', 'br', 'co', 'lb', 'is', 'no', 'nb', 'nn', 'sq', 'sr', 'bs', 'mk', 'uk', 'be', 'ru', 'tr', 'ku', 'ar', 'he', 'fa',
  'hi', 'ur', 'bn', 'pa', 'ta', 'zh', 'ja', 'ko', 'vi', 'th', 'id', 'ms', 'tl', 'sw', 'am', 'so', 'wo', 'ha', 'yo', 'ps', 'hy', 'ka', 'az', 'yi', 'eo', 'la',
];
const KNOWN: ReadonlySet<string> = new Set(CODES);
/** Names people write that CLDR does not list as the name of the language. */
const EXTRA_NAMES: readonly (readonly [string, string])[] = [
  ['flemish', 'nl'], ['vlaams', 'nl'], ['flamand', 'nl'], ['holandes', 'nl'], ['hollandais', 'nl'], ['hollandisch', 'nl'],
  ['castellano', 'es'], ['castilian', 'es'], ['farsi', 'fa'], ['mandarin', 'zh'], ['cantonese', 'zh'], ['gaelic', 'ga'],
];
/** The languages whose names for languages are recognised, as the forms of imports are written in them. */
const NAMED_IN = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;
const NOISE = /[\s.\-_]+/g;
const TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$/i;

let names: ReadonlyMap<string, string> | undefined;

/**
 * Each language's name in each of `NAMED_IN`, folded ("francais", "franzosisch", "frances"…), from
 * the CLDR data Node ships (Intl.DisplayNames), so no table of names is kept here. Built once, on
 * first use.
 */
function languageNames(): ReadonlyMap<string, string> {
  if (names) return names;
  const map = new Map<string, string>(EXTRA_NAMES);
  for (const locale of NAMED_IN) {
    const display = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
    for (const code of CODES) {
      const name = display.of(code);
      if (name !== undefined) map.set(foldText(name).replace(NOISE, ' ').trim(), code);
    }
  }
  names = map;
  return map;
}

/**
 * The ISO 639-1 code of a language given as a code — "fr", "FR", "fr-BE", "fr_CA", or ISO 639-2
 * ("fra", "fre", "ger") — or by its name in English, French, German, Spanish, Italian or Dutch
 * ("French", "français", "Französisch", "francés", "francese", "Frans").
 *
 * @returns `null` for an empty value; a reason for one not recognised.
 */
export function normaliseLanguage(raw: string): NormalisedLanguage | null {
  const text = raw.trim();
  if (text === '') return null;
  const lower = text.toLowerCase();
  if (KNOWN.has(lower)) return { ok: true, language: lower };
  const tag = TAG.exec(text);
  if (tag) {
    const code = canonical(tag[1] ?? '');
    if (code !== null && KNOWN.has(code)) return { ok: true, language: code };
  }
  const code = languageNames().get(foldText(text).replace(NOISE, ' ').trim());
  return code === undefined ? refused('unknown language') : { ok: true, language: code };
}

/** A 2- or 3-letter code mapped to ISO 639-1 through CLDR's aliases ("fre", "fra" → "fr"). */
function canonical(code: string): string | null {
  try {
    return new Intl.Locale(Intl.getCanonicalLocales(code)[0] ?? code).language;
  } catch {
    return null;
  }
}
