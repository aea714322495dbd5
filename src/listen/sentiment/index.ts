export type { Sentiment, SentimentDetail } from './score';
export { normaliseValence, sentiment, sentimentDetail } from './score';
export { SENTIMENT_LANGUAGES } from './lexicon';
