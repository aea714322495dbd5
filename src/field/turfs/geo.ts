/** Mean Earth radius in metres (IUGG). */
const EARTH_RADIUS = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** Planar coordinates in metres, x east and y north, index-aligned with the points they came from. */
export interface Planar {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Equirectangular projection around (lat0, lon0): x = R·Δλ·cos φ0, y = R·Δφ. Over a town (a few km)
 * its distance error is far below a house frontage, and it costs two multiplications per point.
 */
export function projector(lat0: number, lon0: number): (lat: number, lon: number) => [number, number] {
  const kx = EARTH_RADIUS * RAD * Math.cos(lat0 * RAD);
  const ky = EARTH_RADIUS * RAD;
  return (lat, lon) => [(lon - lon0) * kx, (lat - lat0) * ky];
}

/** The inverse of `projector`: metres around (lat0, lon0) back to degrees. */
export function unprojector(lat0: number, lon0: number): (x: number, y: number) => [number, number] {
  const kx = EARTH_RADIUS * RAD * Math.cos(lat0 * RAD);
  const ky = EARTH_RADIUS * RAD;
  return (x, y) => [lat0 + y / ky, lon0 + x / kx];
}

/** Mean latitude and longitude (fine for the small extents of a town; no antimeridian handling). */
export function centroid(points: readonly LatLon[]): LatLon {
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    lat += p.lat;
    lon += p.lon;
  }
  const n = Math.max(points.length, 1);
  return { lat: lat / n, lon: lon / n };
}

/** Points projected around their own centroid. */
export function projectLocal(points: readonly LatLon[]): Planar {
  const c = centroid(points);
  const project = projector(c.lat, c.lon);
  const x = new Float64Array(points.length);
  const y = new Float64Array(points.length);
  points.forEach((p, i) => {
    [x[i], y[i]] = project(p.lat, p.lon);
  });
  return { x, y };
}
