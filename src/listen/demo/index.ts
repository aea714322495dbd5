export type { DemoFiles } from './write';
export { DEMO_FILE_NAMES, writeDemoFiles } from './write';
export type { DemoPerson, DemoPost, DemoPlatform } from './corpus';
export { generateDemoPosts, DEMO_START, DEMO_END } from './corpus';
export { blueskyEvent, genericRecord, mastodonStatus, twitterV1, twitterV2Page, csvHeader, csvRow, tweetId } from './shapes';
