export type { TopicMatcher } from './match';
export { findTopics, topicMatcher, topicsWithSentiment } from './match';
