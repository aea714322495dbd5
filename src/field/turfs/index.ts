/** Turfs: cutting address points into walkable turfs, and walk order within a turf (all pure). */
export { cutTurfs, splitTurf } from './cut';
export type { Cut, CutOptions, CutPoint, CutStats, Turf } from './cut';
export { CROSSING_PENALTY, SIDES, walkMetres, walkOrder, walkTurf } from './walk';
export type { Sides, Walk, WalkOptions, WalkPoint } from './walk';
