import { normaliseLang } from '../text';
import type { EldDetector } from './eld-tables';
import { loadPrunedEld } from './eld-tables';

/** The languages hustings analyses; others are reported as such but not analysed. */
export const ANALYSED_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;
export type AnalysedLanguage = (typeof ANALYSED_LANGUAGES)[number];

/**
 * Candidate languages of the detector: the six analysed ones, and their close neighbours so that
 * Catalan or Portuguese posts are not taken for Spanish, nor Afrikaans for Dutch.
 */
export const CANDIDATES = [...ANALYSED_LANGUAGES, 'ca', 'pt', 'gl', 'af', 'da', 'sv', 'no', 'pl', 'el', 'ro'];

let detector: EldDetector | null = null;
let pruned = false;

/**
 * Loads the language detector's n-gram tables, pruned to the candidate languages (see
 * `loadPrunedEld`: ~15 MB in each thread that loads them, against ~150 MB for `eld/small` as
 * it comes), and only once a post needs its language detected: posts whose platform declares
 * it (most do) never need them.
 */
export async function loadDetector(): Promise<void> {
  if (detector) return;
  const small = await loadPrunedEld(CANDIDATES);
  const eld = small ?? (await import('eld/small')).eld;
  eld.setLanguageSubset(CANDIDATES);
  eld.enableTextCleanup(false);
  pruned = small !== null;
  detector = eld;
}

/** Whether the loaded detector runs on the pruned tables (false: on `eld/small` as it comes, or not loaded). */
export function detectorIsPruned(): boolean {
  return pruned;
}

/** Whether a post with this platform language needs the detector, and it is not loaded yet. */
export function needsDetector(platformLang: string | null): boolean {
  return detector === null && normaliseLang(platformLang) === null;
}

/** The detector is needed but was not loaded: a caller forgot `await loadDetector()`. */
export class DetectorNotLoadedError extends Error {
  constructor() {
    super('the language detector is not loaded: call `await loadDetector()` before detecting languages');
    this.name = 'DetectorNotLoadedError';
  }
}

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
 * text (eld, restricted to European languages; see `loadDetector`). Too little text, or no
 * reliable result, is unknown (null) rather than a guess.
 */
export function detectLanguage(text: string, platformLang: string | null): LanguageResult {
  const declared = normaliseLang(platformLang);
  if (declared) return { lang: declared, source: 'platform' };
  const clean = languageText(text);
  if ((clean.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return { lang: null, source: null };
  if (!detector) throw new DetectorNotLoadedError();
  const result = detector.detect(clean);
  if (!result.language || !result.isReliable()) return { lang: null, source: null };
  return { lang: result.language, source: 'detected' };
}
