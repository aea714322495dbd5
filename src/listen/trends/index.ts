export type { HypeAlert, HypeOptions, TopicHypeAlert } from './hype';
export { DEFAULT_HYPE, detectHype, hourlyCounts, topicHype } from './hype';
export type { InterestPoint, RegionInterest } from './interest';
export { interestByRegion, interestFromCounts, interestOverTime } from './interest';
