export type { AudienceMargin, AudienceReport } from './breakdown';
export { audienceReport, MIN_PEOPLE } from './breakdown';
export { AudienceCache } from './cache';
export type { AgeBand, Gender } from './normalise';
export { AGE_BANDS, GENDERS, parseAgeBand, parseGender } from './normalise';
