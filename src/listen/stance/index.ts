export type { CueHit, Stance } from './classify';
export { cueStance, stanceLabel } from './classify';
export type { CueSet } from './cues';
export { compileCues } from './cues';
