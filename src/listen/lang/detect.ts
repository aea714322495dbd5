import { eld } from 'eld/small';
import { normaliseLang } from '../text';

/** The languages hustings analyses; others are reported as such but not analysed. */
export const ANALYSED_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;
export type AnalysedLanguage = (typeof ANALYSED_LANGUAGES)[number];

/**
 * Candidate languages of the detector: the six analysed ones, and their close neighbours so that
 * Catalan or Portuguese posts are not taken for Spanish, nor Afrikaans for Dutch.
 */
const CANDIDATES = [...ANALYSED_LANGUAGES, 'ca', 'pt', 'gl', 'af', 'da', 'sv', 'no', 'pl', 'el', 'ro'];
eld.setLanguageSubset(CANDIDATES);
eld.enableTextCleanup(false);

/** What the detector reads: the first characters are enough, and cheaper. */
const MAX_CHARS = 200;
const MIN_LETTERS = 12;

/** Mentions, hashtags and links say nothing of the language of a post. */
function languageText(text: string): string {
  return text.replace(/https?:\/\/\S+|[@#][\p{L}\p{N}_]+/gu, ' ').slice(0, MAX_CHARS);
}

export interface LanguageResult {
  readonly lang: string | null;
  readonly source: 'platform' | 'detected' | null;
}

/**
 * The language of a post: the platform's declaration when there is one, else detected from the
 * text (eld, restricted to European languages). Too little text, or no reliable result, is
 * unknown (null) rather than a guess.
 */
export function detectLanguage(text: string, platformLang: string | null): LanguageResult {
  const declared = normaliseLang(platformLang);
  if (declared) return { lang: declared, source: 'platform' };
  const clean = languageText(text);
  if ((clean.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return { lang: null, source: null };
  const result = eld.detect(clean);
  if (!result.language || !result.isReliable()) return { lang: null, source: null };
  return { lang: result.language, source: 'detected' };
}
