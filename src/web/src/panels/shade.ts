import { divergingColor } from '../colors';
import type { Breakdown } from '../types';

/** Activity share 0 … 1 as light … dark purple (a square-root scale: one big country does not wash out the rest). */
export function activityColor(share: number): string {
  const t = Math.sqrt(Math.max(0, Math.min(1, share)));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * t);
  return `rgb(${mix(0xf3, 0x5f)},${mix(0xf0, 0x3d)},${mix(0xff, 0xc4)})`;
}

/** The boundaries with a `color` for each country the report has figures for (others left blank), and how many were shaded. */
export function shadeCountries(boundaries: GeoJSON.FeatureCollection, rows: readonly Breakdown[], metric: 'stance' | 'activity'): { data: GeoJSON.FeatureCollection; count: number } {
  const byCode = new Map(rows.map((r) => [r.key, r]));
  const peak = Math.max(0, ...rows.filter((r) => r.key !== 'unknown' && r.key !== 'other').map((r) => r.shareOfActivity));
  let count = 0;
  const features = boundaries.features.map((f) => {
    const row = byCode.get(String(f.properties?.code));
    let color: string | null = null;
    if (row && metric === 'stance' && row.shareB !== null) color = divergingColor(row.shareB);
    if (row && metric === 'activity' && peak > 0) color = activityColor(row.shareOfActivity / peak);
    if (color) count++;
    return { ...f, properties: { ...f.properties, color } };
  });
  return { data: { ...boundaries, features }, count };
}
