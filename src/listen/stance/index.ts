export type { CueHit, Stance } from './classify';
export { combineStance, cueStance, stanceLabel, withModel } from './classify';
export type { CueSet } from './cues';
export { compileCues } from './cues';
export type { StanceModel } from './model';
export { loadModel } from './model';
