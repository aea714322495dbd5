export type { Candidate } from './candidates';
export { retentionCandidates } from './candidates';
export type { Policy, PolicySpec } from './policy';
export { checkPolicy, deletePolicy, listPolicies, policySpec, savePolicy } from './policy';
export type { RetentionOptions, RetentionReport, ScheduleOptions } from './run';
export { runRetention, scheduleRetention } from './run';
