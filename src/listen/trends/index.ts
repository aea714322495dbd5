export type { HypeAlert, HypeOptions } from './hype';
export { DEFAULT_HYPE, detectHype, hourlyCounts } from './hype';
export type { InterestPoint, RegionInterest } from './interest';
export { bucketOf, interestByRegion, interestOverTime } from './interest';
