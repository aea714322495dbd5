/** South-west and north-east corners, as [lon, lat]. */
export type Box = [[number, number], [number, number]];

/** The box around the points, or null when there are none. */
export function boxAround(points: Iterable<{ readonly lat: number; readonly lon: number }>): Box | null {
  let box: Box | null = null;
  for (const p of points) {
    if (!box) box = [[p.lon, p.lat], [p.lon, p.lat]];
    else box = [[Math.min(box[0][0], p.lon), Math.min(box[0][1], p.lat)], [Math.max(box[1][0], p.lon), Math.max(box[1][1], p.lat)]];
  }
  return box;
}
