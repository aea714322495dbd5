export type { AnalysedLanguage, LanguageResult } from './detect';
export { ANALYSED_LANGUAGES, DetectorNotLoadedError, detectLanguage, loadDetector, needsDetector } from './detect';
