import type { TurfDetail, TurfSummary } from './types';

/** Twelve colours far enough apart on a map of points; neighbouring turf numbers get distant ones. */
const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#e03131', '#5c940d', '#6741d9', '#c2255c', '#495057', '#d9480f'];

export function turfColor(number: number): string {
  return PALETTE[(((number - 1) * 5) % PALETTE.length + PALETTE.length) % PALETTE.length]!;
}

/** Every door of the area as a point, coloured by its turf; the selected ones carry `selected`. */
export function doorFeatures(details: readonly TurfDetail[], selected: ReadonlySet<number>): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: details.flatMap((t) =>
      t.addresses.map((d) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [d.lon, d.lat] },
        properties: { addressId: d.addressId, turfId: t.id, turf: t.number, color: turfColor(t.number), selected: selected.has(d.addressId), doors: d.doors },
      })),
    ),
  };
}

/** The walk through one turf: its doors joined in walking order. */
export function routeFeature(turf: TurfDetail | undefined): GeoJSON.FeatureCollection<GeoJSON.LineString> {
  const walk = [...(turf?.addresses ?? [])].sort((a, b) => a.seq - b.seq);
  if (walk.length < 2) return { type: 'FeatureCollection', features: [] };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: walk.map((d) => [d.lon, d.lat]) }, properties: {} }] };
}

/** The box around every door, or null when there is none (then the map keeps its place). */
export function boundsOf(details: readonly TurfDetail[]): [[number, number], [number, number]] | null {
  let box: [[number, number], [number, number]] | null = null;
  for (const d of details.flatMap((t) => t.addresses)) {
    if (!box) box = [[d.lon, d.lat], [d.lon, d.lat]];
    else box = [[Math.min(box[0][0], d.lon), Math.min(box[0][1], d.lat)], [Math.max(box[1][0], d.lon), Math.max(box[1][1], d.lat)]];
  }
  return box;
}

/**
 * What an edit changed, in words: turfs that appeared, went away, or changed doors or version.
 * Compared by turf id, since a merge keeps one id and a split adds new ones.
 */
export function describeChange(before: readonly TurfSummary[], after: readonly TurfSummary[]): string[] {
  const old = new Map(before.map((t) => [t.id, t]));
  const now = new Map(after.map((t) => [t.id, t]));
  const lines: string[] = [];
  for (const t of after) {
    const was = old.get(t.id);
    if (!was) lines.push(`turf ${t.number}: new, ${t.doors} doors`);
    else if (was.doors !== t.doors || was.version !== t.version || was.number !== t.number)
      lines.push(`turf ${was.number === t.number ? t.number : `${was.number} → ${t.number}`}: ${was.doors} → ${t.doors} doors, version ${was.version} → ${t.version}`);
  }
  for (const t of before) if (!now.has(t.id)) lines.push(`turf ${t.number}: gone (${t.doors} doors moved)`);
  return lines.length > 0 ? lines : ['no turf changed'];
}
