import type { Box } from '../geo-box';
import { boxAround } from '../geo-box';
import type { AreaAddress, TurfDetail, TurfSummary } from './types';

/** Twelve colours far enough apart on a map of points, ordered so that consecutive turf numbers (neighbours in the walk) differ most. */
const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0b7285', '#e03131', '#74b816', '#6741d9', '#c2255c', '#495057', '#fab005'];

export function turfColor(number: number): string {
  return PALETTE[(((number - 1) % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** Doors in no turf yet (an area before its cut). */
const LOOSE = '#868e96';

/** Every door of the area as a point, coloured by its turf (grey: in none); the selected ones carry `selected`. */
export function doorFeatures(details: readonly TurfDetail[], selected: ReadonlySet<number>, loose: readonly AreaAddress[] = []): GeoJSON.FeatureCollection<GeoJSON.Point> {
  const free = loose.map((a) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    properties: { addressId: a.id, turfId: null, turf: null, color: LOOSE, selected: false, doors: a.doors },
  }));
  return {
    type: 'FeatureCollection',
    features: [...free, ...details.flatMap((t) =>
      t.addresses.map((d) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [d.lon, d.lat] },
        properties: { addressId: d.addressId, turfId: t.id, turf: t.number, color: turfColor(t.number), selected: selected.has(d.addressId), doors: d.doors },
      })),
    )],
  };
}

/** The walk through one turf: its doors joined in walking order. */
export function routeFeature(turf: TurfDetail | undefined): GeoJSON.FeatureCollection<GeoJSON.LineString> {
  const walk = [...(turf?.addresses ?? [])].sort((a, b) => a.seq - b.seq);
  if (walk.length < 2) return { type: 'FeatureCollection', features: [] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: walk.map((d) => [d.lon, d.lat]) }, properties: {} }] };
}

/** The box around every door, or null when there is none (then the map keeps its place). */
export function boundsOf(details: readonly TurfDetail[], loose: readonly AreaAddress[] = []): Box | null {
  return boxAround([...loose, ...details.flatMap((t) => t.addresses)]);
}

/**
 * What an edit changed, in words: turfs that appeared, went away, or changed doors or version, and
 * those only renumbered (a split renumbers the turfs after it) on one line. Compared by turf id,
 * since a merge keeps one id and a split adds new ones.
 */
export function describeChange(before: readonly TurfSummary[], after: readonly TurfSummary[]): string[] {
  const old = new Map(before.map((t) => [t.id, t]));
  const now = new Set(after.map((t) => t.id));
  const lines: string[] = [];
  const renumbered: string[] = [];
  for (const t of after) {
    const was = old.get(t.id);
    const name = was && was.number !== t.number ? `${was.number} → ${t.number}` : String(t.number);
    if (!was) lines.push(`turf ${t.number}: new, ${t.addresses} addresses`);
    else if (was.addresses !== t.addresses || was.version !== t.version) lines.push(`turf ${name}: ${was.addresses} → ${t.addresses} addresses, version ${was.version} → ${t.version}`);
    else if (was.number !== t.number) renumbered.push(name);
  }
  for (const t of before) if (!now.has(t.id)) lines.push(`turf ${t.number}: gone (its ${t.addresses} addresses moved)`);
  if (renumbered.length) lines.push(`renumbered: ${renumbered.join(', ')}`);
  return lines.length > 0 ? lines : ['no turf changed'];
}
