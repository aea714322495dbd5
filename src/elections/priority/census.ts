/** Census attributes by unit code, joined onto polling stations (numbers where they parse). */
export type Attributes = Readonly<Record<string, string | number>>;

export interface CensusJoin<T> {
  readonly joined: (T & { readonly attributes: Attributes; readonly lat?: number; readonly lon?: number })[];
  /** Station codes with no census row: reported, the station kept without attributes. */
  readonly missing: readonly string[];
  /** Census codes matching no station. */
  readonly unused: readonly string[];
}

const LAT = /^(lat|latitude)$/i;
const LON = /^(lon|lng|long|longitude)$/i;

/** Whether a census column holds a latitude or a longitude, by its name. */
export function isCoordinate(column: string): 'lat' | 'lon' | null {
  const name = column.trim();
  return LAT.test(name) ? 'lat' : LON.test(name) ? 'lon' : null;
}

/**
 * Joins census rows (already keyed by normalised unit code) onto stations. `lat`/`latitude` and
 * `lon`/`lng`/`longitude` columns become coordinates, so sample areas can group by distance.
 */
export function joinCensus<T extends { readonly code: string }>(
  stations: readonly T[],
  census: ReadonlyMap<string, Attributes>,
): CensusJoin<T> {
  const missing: string[] = [];
  const seen = new Set<string>();
  const joined = stations.map((s) => {
    const row = census.get(s.code);
    if (!row) {
      missing.push(s.code);
      return { ...s, attributes: {} };
    }
    seen.add(s.code);
    const attributes: Record<string, string | number> = {};
    let lat: number | undefined;
    let lon: number | undefined;
    for (const [k, v] of Object.entries(row)) {
      const axis = isCoordinate(k);
      // An empty cell is no coordinate (Number('') would put the station at 0°).
      const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
      if (axis === 'lat') lat = n;
      else if (axis === 'lon') lon = n;
      else attributes[k] = v;
    }
    return { ...s, attributes, ...(Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : {}) };
  });
  const unused = [...census.keys()].filter((k) => !seen.has(k));
  return { joined, missing, unused };
}
