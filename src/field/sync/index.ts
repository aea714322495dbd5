export type { SyncResult, SyncStore } from './apply';
export { applySync, MAX_BATCH } from './apply';
export type { DoorState, StateEvent } from './door-state';
export { doorStates, later, mergeStates, nextState } from './door-state';
export type { FieldEvent, FieldEventInput } from './event';
export { canonicalJson, eventDigest, EventSchema } from './event';
export { checkout, LockHeldError, release } from './locks';
export type { FieldPackage, PackageAssignment, PackageCampaign, PackageDoor, PackagePerson, PackageTurf } from './package';
export { ENDED_DAYS, packageFor } from './package';
