export type { CutInput, CutResult } from './cut';
export { cutAll, cutAreaTurfs, cuttableAreas, TOLERANCE } from './cut';
export type { EditOptions, EditResult, TurfStore } from './edit';
export { mergeTurfs, moveDoors, splitTurf } from './edit';
export type { TurfDetail, TurfSummary, WalkDoor } from './read';
export { turfDetail, turfsOf } from './read';
export type { SizeStats } from './sizes';
export { sizeStats } from './sizes';
