export type { Sentiment } from './score';
export { sentiment } from './score';
export { SENTIMENT_LANGUAGES } from './lexicon';
