import { describe, expect, it } from 'vitest';
import { boundsOf, describeChange, doorFeatures, routeFeature, turfColor } from './map-data';
import type { TurfDetail, TurfSummary } from './types';

const turf = (id: number, number: number, doors: number, version = 1): TurfSummary => ({ id, campaignId: 1, areaId: 'A1', number, doors, addresses: doors, lat: 0, lon: 0, version, knocked: 0, contacts: 0, updatedAt: 0 });

function detail(id: number, number: number, points: [number, number][]): TurfDetail {
  return { ...turf(id, number, points.length), addresses: points.map(([lon, lat], i) => ({ addressId: id * 100 + i, seq: points.length - i, street: 'rue Foch', number: String(i + 1), postcode: null, city: null, lat, lon, doors: 1, state: null })) };
}

describe('the field map data', () => {
  it('says what an edit changed: merged, split, moved', () => {
    const before = [turf(1, 1, 60), turf(2, 2, 55), turf(3, 3, 62)];
    expect(describeChange(before, [turf(1, 1, 115, 2), turf(3, 2, 62)])).toEqual(['turf 1: 60 → 115 addresses, version 1 → 2', 'turf 2: gone (its 55 addresses moved)', 'renumbered: 3 → 2']);
    expect(describeChange(before, [turf(1, 1, 30, 2), turf(4, 2, 30), turf(2, 3, 55), turf(3, 4, 62)])).toEqual(['turf 1: 60 → 30 addresses, version 1 → 2', 'turf 2: new, 30 addresses', 'renumbered: 2 → 3, 3 → 4']);
    expect(describeChange(before, before)).toEqual(['no turf changed']);
  });

  it('colours doors by turf, marks the selected ones, and walks the route in seq order', () => {
    const a = detail(1, 1, [[3.87, 43.61], [3.871, 43.611]]);
    const b = detail(2, 2, [[3.869, 43.612]]);
    const doors = doorFeatures([a, b], new Set([101]));
    expect(doors.features.map((f) => [f.properties!.turf, f.properties!.selected])).toEqual([[1, false], [1, true], [2, false]]);
    expect(doors.features[0]!.properties!.color).toBe(turfColor(1));
    expect(turfColor(1)).not.toBe(turfColor(2));
    // seq counts down in the fixture, so the walk runs from the last point to the first.
    expect(routeFeature(a).features[0]!.geometry.coordinates).toEqual([[3.871, 43.611], [3.87, 43.61]]);
    expect(routeFeature(b).features).toEqual([]);
    expect(boundsOf([a, b])).toEqual([[3.869, 43.61], [3.871, 43.612]]);
    expect(boundsOf([])).toBeNull();
  });
});
