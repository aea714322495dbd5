export type { AnalysedLanguage, LanguageResult } from './detect';
export { ANALYSED_LANGUAGES, detectLanguage } from './detect';
