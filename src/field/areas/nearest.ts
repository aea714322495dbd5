import { kmBetween } from '../../elections/priority/areas';

export interface Placed {
  readonly lat: number;
  readonly lon: number;
}

// Kilometres per degree of latitude on the sphere kmBetween uses (6,371 km × π / 180).
const KM_PER_DEGREE = 111.195;
// Cells a hair wider than maxKm: rounding never pushes a place within maxKm two cells away.
const CELL_MARGIN = 1.01;

/**
 * Finds, for many points, the nearest of a set of places within `maxKm` (great-circle distance).
 * Places are put in a grid of cells `maxKm` wide, so that a point is compared only with the places
 * of its own and the eight cells around it: 100,000 points × hundreds of places is a few
 * comparisons each, not a scan. Longitude is scaled by the cosine of the places' highest latitude
 * (plus maxKm): projected distances are then never longer than true ones, so no place within
 * maxKm falls outside the 3×3 block.
 */
export class NearestIndex<T extends Placed> {
  private readonly cells = new Map<number, T[]>();
  private readonly cosRef: number;

  constructor(
    places: readonly T[],
    private readonly maxKm: number,
  ) {
    if (!(maxKm > 0)) throw new RangeError(`NearestIndex: maxKm must be positive, found ${maxKm}`);
    const top = places.reduce((m, p) => Math.max(m, Math.abs(p.lat)), 0) + maxKm / KM_PER_DEGREE;
    this.cosRef = Math.cos((Math.min(top, 89) * Math.PI) / 180);
    for (const p of places) {
      const key = this.key(...this.cellOf(p));
      const list = this.cells.get(key);
      if (list) list.push(p);
      else this.cells.set(key, [p]);
    }
  }

  private cellOf(p: Placed): [number, number] {
    const y = (p.lat * KM_PER_DEGREE) / (this.maxKm * CELL_MARGIN);
    const x = (p.lon * KM_PER_DEGREE * this.cosRef) / (this.maxKm * CELL_MARGIN);
    return [Math.floor(x), Math.floor(y)];
  }

  /** A number, not a string: no allocation per look-up (cells span ±2^20 × maxKm, the whole globe). */
  private key(x: number, y: number): number {
    return (x + 2 ** 20) * 2 ** 21 + (y + 2 ** 20);
  }

  /** The nearest place within maxKm and its distance, or null. */
  nearest(p: Placed): { place: T; km: number } | null {
    const [cx, cy] = this.cellOf(p);
    // Candidates are ranked by the equirectangular distance (cheap, and within a hair of the
    // great-circle one over a few km); the winner's true distance decides whether it is in reach.
    const kx = Math.cos((p.lat * Math.PI) / 180);
    let best: T | null = null;
    let bestSq = Number.POSITIVE_INFINITY;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const cell = this.cells.get(this.key(cx + dx, cy + dy));
        if (!cell) continue;
        for (const q of cell) {
          const ex = (q.lon - p.lon) * kx;
          const ey = q.lat - p.lat;
          const sq = ex * ex + ey * ey;
          if (sq < bestSq) {
            best = q;
            bestSq = sq;
          }
        }
      }
    }
    if (!best) return null;
    const km = kmBetween(p, best);
    return km <= this.maxKm ? { place: best, km } : null;
  }
}
