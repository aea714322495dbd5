import type { StationScore } from './score';

/** A station with where it is, when known (from census attributes: lat/lon columns). */
export interface PlacedStation extends StationScore {
  readonly lat?: number;
  readonly lon?: number;
}

export interface SampleArea {
  /** 1 = the area with the most votes to gain per 1,000 registered. */
  readonly rank: number;
  readonly stations: readonly string[];
  readonly registered: number;
  readonly gain: number;
  readonly perThousand: number;
  /** How the stations were judged near: by coordinates, or by district and code order. */
  readonly nearness: 'coordinates' | 'codes';
}

export interface AreaOptions {
  /** Registered voters an area should hold (the field module's "~1,500 people"). */
  readonly target?: number;
  /** Stations farther apart than this (km, coordinates only) are never grouped. */
  readonly maxKm?: number;
}

/**
 * Groups stations into sample areas of about `target` registered voters: seeds are taken in order of
 * gain per 1,000 registered, and each grows by its nearest free station while that brings it closer to
 * the target. Nearness is great-circle distance when every station has coordinates; otherwise stations
 * group only within one district, nearest by code (communes and stations are numbered roughly in
 * geographic order — an approximation, stated in the output as `nearness: 'codes'`).
 */
export function groupSampleAreas(stations: readonly PlacedStation[], options: AreaOptions = {}): SampleArea[] {
  const target = options.target ?? 1500;
  const maxKm = options.maxKm ?? 5;
  if (!(target > 0)) throw new RangeError(`groupSampleAreas: target must be positive, found ${target}`);
  const byCoords = stations.length > 0 && stations.every((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon));
  const distance = byCoords ? (a: PlacedStation, b: PlacedStation) => kmBetween(a, b) : codeDistance;
  const limit = byCoords ? maxKm : Number.POSITIVE_INFINITY;
  const order = [...stations].sort((a, b) => b.perThousand - a.perThousand || a.code.localeCompare(b.code));
  const free = new Set(order);
  const groups: PlacedStation[][] = [];
  for (const seed of order) {
    if (!free.has(seed)) continue;
    free.delete(seed);
    const group = [seed];
    let registered = seed.registered;
    while (registered < target) {
      const next = nearest(seed, free, distance, limit);
      if (!next || Math.abs(registered + next.registered - target) >= Math.abs(registered - target)) break;
      free.delete(next);
      group.push(next);
      registered += next.registered;
    }
    groups.push(group);
  }
  return rankAreas(groups, byCoords ? 'coordinates' : 'codes');
}

function rankAreas(groups: readonly PlacedStation[][], nearness: SampleArea['nearness']): SampleArea[] {
  return groups
    .map((g) => {
      const registered = g.reduce((s, x) => s + x.registered, 0);
      const gain = g.reduce((s, x) => s + x.gain, 0);
      return { stations: g.map((x) => x.code), registered, gain, perThousand: registered > 0 ? (1000 * gain) / registered : 0 };
    })
    .sort((a, b) => b.perThousand - a.perThousand || b.gain - a.gain)
    .map((a, i) => ({ rank: i + 1, ...a, nearness }));
}

function nearest(
  from: PlacedStation,
  free: ReadonlySet<PlacedStation>,
  distance: (a: PlacedStation, b: PlacedStation) => number,
  limit: number,
): PlacedStation | null {
  let best: PlacedStation | null = null;
  let bestDistance = limit;
  for (const s of free) {
    const d = distance(from, s);
    if (d < bestDistance || (d === bestDistance && best !== null && s.code < best.code)) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/** Haversine distance in km (mean Earth radius 6,371 km). */
export function kmBetween(a: { lat?: number; lon?: number }, b: { lat?: number; lon?: number }): number {
  const rad = Math.PI / 180;
  const dLat = ((b.lat ?? 0) - (a.lat ?? 0)) * rad;
  const dLon = ((b.lon ?? 0) - (a.lon ?? 0)) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos((a.lat ?? 0) * rad) * Math.cos((b.lat ?? 0) * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Distance between two station codes without coordinates: infinite across districts; else the
 * length of the codes' differing tail, then the gap between their trailing numbers
 * ("29019-0003" is nearer "29019-0004" than "29020-0001").
 */
export function codeDistance(a: { code: string; district?: string }, b: { code: string; district?: string }): number {
  if ((a.district ?? '') !== (b.district ?? '')) return Number.POSITIVE_INFINITY;
  let common = 0;
  while (common < a.code.length && common < b.code.length && a.code[common] === b.code[common]) common++;
  const tail = Math.max(a.code.length, b.code.length) - common;
  const gap = Math.abs(trailingNumber(a.code) - trailingNumber(b.code));
  return tail * 1e6 + Math.min(gap, 1e6 - 1);
}

function trailingNumber(code: string): number {
  const m = /(\d+)\D*$/.exec(code);
  return m ? Number(m[1]) : 0;
}
