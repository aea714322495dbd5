import { InputError } from '../../core/errors';
import { createRandom } from '../../core/random';
import type { Random } from '../../core/random';
import { bisect } from '../turfs/bisect';
import { unprojector } from '../turfs/geo';
import type { LatLon } from '../turfs/geo';
import { schoolName, streetNames } from './names';

/**
 * A synthetic town of address points, reproducible from a seed, to test and benchmark turf cutting
 * without anyone's real address: a slightly irregular street grid (some streets curved), odd numbers
 * on one side and even on the other a few metres apart, mostly houses and some blocks of flats (more
 * in the centre), a river and a railway line that split it into blocks, and polling stations of about
 * 1,250 registered voters (doors × 1.6) each, never straddling a barrier.
 */
export interface TownOptions {
  readonly addresses: number;
  readonly seed?: number;
  /** 0: no barrier (block null), 1: a river, 2: a river and a railway line (default). */
  readonly barriers?: 0 | 1 | 2;
  readonly center?: LatLon;
  readonly city?: string;
  /** First postcode; the town's four quarters take it and the next three hundreds. */
  readonly postcode?: number;
}

export interface TownAddress {
  readonly id: number;
  readonly extId: string;
  readonly street: string;
  readonly number: string;
  readonly postcode: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
  readonly doors: number;
  readonly block: string | null;
  readonly station: string;
}

export interface TownStation {
  readonly code: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

export interface Town {
  readonly addresses: TownAddress[];
  readonly stations: TownStation[];
}

/** Registered voters per door, and voters per polling station aimed at. */
export const VOTERS_PER_DOOR = 1.6;
const VOTERS_PER_STATION = 1_250;
const STREET_SPACING = 130;
const SIDE_OFFSET = 6;
/** Address points per m² of the street grid, measured on generated towns (used to size the grid). */
const DENSITY = 0.0019;

/** A street's centre line: across = base + amp·sin(along / wavelength + phase). */
interface Line {
  readonly base: number;
  readonly amp: number;
  readonly wavelength: number;
  readonly phase: number;
}

interface Candidate {
  x: number;
  y: number;
  street: string;
  fantoir: string;
  number: string;
  doors: number;
}

function lines(random: Random, half: number): Line[] {
  const out: Line[] = [];
  for (let base = -half; base <= half; base += STREET_SPACING * (0.8 + 0.4 * random.next())) {
    const curved = random.chance(0.2);
    out.push({ base, amp: curved ? 25 + 10 * random.next() : 4 * random.next(), wavelength: (curved ? 60 : 200) * (1 + random.next()), phase: 2 * Math.PI * random.next() });
  }
  return out;
}

/** Share of points that are blocks of flats: 1.5 % at the edge, up to 11.5 % in the centre. */
const flatsChance = (x: number, y: number, radius: number): number => 0.015 + 0.1 * Math.exp(-((x * x + y * y) / (0.35 * radius) ** 2));

/** Points along one side of one street segment from `from` to `to`, numbered from `first` by twos. */
function sidePoints(random: Random, line: Line, vertical: boolean, side: 1 | -1, span: [number, number, number[]], radius: number, base: Omit<Candidate, 'x' | 'y' | 'number' | 'doors'>, out: Candidate[]): void {
  const [from, to, crossings] = span;
  let number = side === 1 ? 1 : 2;
  for (let t = from + 8 + 5 * random.next(); t < to - 8; ) {
    const across = line.base + line.amp * Math.sin(t / line.wavelength + line.phase);
    const slope = (line.amp / line.wavelength) * Math.cos(t / line.wavelength + line.phase);
    const norm = Math.sqrt(1 + slope * slope);
    // Odd numbers on the left when walking up the numbers: north of an east-going street, west of a north-going one.
    const [nx, ny] = vertical ? [-side / norm, (side * slope) / norm] : [(-side * slope) / norm, side / norm];
    const [cx, cy] = vertical ? [across, t] : [t, across];
    const [x, y] = [cx + SIDE_OFFSET * nx + random.next() - 0.5, cy + SIDE_OFFSET * ny + random.next() - 0.5];
    const flats = random.chance(flatsChance(x, y, radius));
    if (!crossings.some((c) => Math.abs(c - t) < 10)) {
      out.push({ x, y, street: base.street, fantoir: base.fantoir, number: String(number), doors: flats ? 5 + Math.floor(random.next() ** 1.7 * 36) : 1 });
      if (random.chance(0.01)) out.push({ x: x + 3 * nx, y: y + 3 * ny, street: base.street, fantoir: base.fantoir, number: `${number} bis`, doors: 1 });
      number += random.chance(0.08) ? 4 : 2;
    }
    t += flats ? 20 + 15 * random.next() : 8 + 14 * random.next();
  }
}

/** All the points of one street line, cut into named segments of 3 to 7 blocks. */
function linePoints(random: Random, line: Line, vertical: boolean, crossings: number[], radius: number, names: () => string, out: Candidate[]): void {
  for (let k = 0; k < crossings.length - 1; ) {
    const end = Math.min(k + 3 + random.int(5), crossings.length - 1);
    const base = { street: names(), fantoir: (out.length + 1_000_000).toString(36).slice(-4) };
    const span: [number, number, number[]] = [crossings[k]!, crossings[end]!, crossings.slice(k, end + 1)];
    sidePoints(random, line, vertical, 1, span, radius, base, out);
    sidePoints(random, line, vertical, -1, span, radius, base, out);
    k = end;
  }
}

interface Barriers {
  /** Whether a point is on a barrier (nothing is built in the river or on the tracks). */
  readonly on: (x: number, y: number) => boolean;
  readonly block: (x: number, y: number) => string | null;
}

function barriers(random: Random, radius: number, count: 0 | 1 | 2): Barriers {
  const phase = 2 * Math.PI * random.next();
  const river = (x: number): number => radius * (0.1 + 0.12 * Math.sin(x / (0.5 * radius) + phase));
  const tilt = 0.3 * (random.next() - 0.5);
  const rail = (x: number, y: number): number => (x + 0.2 * radius) * Math.cos(tilt) + y * Math.sin(tilt);
  return {
    on: (x, y) => (count >= 1 && Math.abs(y - river(x)) < 30) || (count >= 2 && Math.abs(rail(x, y)) < 20),
    block: (x, y) => {
      if (count === 0) return null;
      const bank = y > river(x) ? 'nord' : 'sud';
      return count === 1 ? bank : `${bank}-${rail(x, y) > 0 ? 'est' : 'ouest'}`;
    },
  };
}

/** Street points over a square of half-side `half`, less those on barriers. */
function candidates(random: Random, half: number, radius: number, wall: Barriers): Candidate[] {
  const names = streetNames(random);
  const rows = lines(random, half);
  const cols = lines(random, half);
  const out: Candidate[] = [];
  for (const row of rows) linePoints(random, row, false, cols.map((c) => c.base), radius, names, out);
  for (const col of cols) linePoints(random, col, true, rows.map((r) => r.base), radius, names, out);
  return out.filter((c) => !wall.on(c.x, c.y));
}

/** The n candidates nearest the centre, by a lobed radius so the town's edge is not a circle. */
function trim(random: Random, points: Candidate[], n: number): Candidate[] {
  const phase = 2 * Math.PI * random.next();
  const score = Float64Array.from(points, (p) => Math.sqrt(p.x * p.x + p.y * p.y) * (1 + 0.12 * Math.sin(3 * Math.atan2(p.y, p.x) + phase)));
  const limit = Float64Array.from(score).sort()[n - 1]!;
  const kept = points.filter((_, i) => score[i]! <= limit);
  return kept.slice(0, n);
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function syntheticTown(options: TownOptions): Town {
  const n = options.addresses;
  if (!Number.isInteger(n) || n < 1) throw new InputError(`syntheticTown: addresses must be a whole number ≥ 1; found ${n}`);
  const random = createRandom(options.seed ?? 1);
  const radius = Math.sqrt(n / (Math.PI * DENSITY));
  const wall = barriers(random, radius, options.barriers ?? 2);
  let points: Candidate[] = [];
  for (let half = 1.3 * radius + 200; points.length < n; half *= 1.3) points = candidates(random, half, radius, wall);
  return finish(random, trim(random, points, n), wall, options);
}

/** Ids, blocks, postcodes and degrees (the grid turned by up to 20°), then polling stations. */
function finish(random: Random, points: Candidate[], wall: Barriers, options: TownOptions): Town {
  const center = options.center ?? { lat: 50.63, lon: 3.06 };
  const toLatLon = unprojector(center.lat, center.lon);
  const turn = (random.next() - 0.5) * 0.7;
  const [cos, sin] = [Math.cos(turn), Math.sin(turn)];
  const city = options.city ?? 'Villeneuve-sur-Lys';
  const postcode = options.postcode ?? 59100;
  const addresses = points.map((p, i) => {
    const [lat, lon] = toLatLon(p.x * cos - p.y * sin, p.x * sin + p.y * cos);
    const quarter = (p.x >= 0 ? 1 : 0) + (p.y >= 0 ? 2 : 0);
    const extId = `${postcode}_${p.fantoir}_${p.number.replace(' bis', '').padStart(5, '0')}${p.number.endsWith('bis') ? '_bis' : ''}`;
    return { id: i + 1, extId, street: p.street, number: p.number, postcode: String(postcode + 100 * quarter), city, lat: round6(lat), lon: round6(lon), doors: p.doors, block: wall.block(p.x, p.y), station: '' };
  });
  const stations = pollingStations(random, addresses, points);
  return { addresses, stations };
}

/** Stations of about 1,250 voters each, cut within each block by the same bisection as turfs. */
function pollingStations(random: Random, addresses: { -readonly [K in keyof TownAddress]: TownAddress[K] }[], points: Candidate[]): TownStation[] {
  const plane = { x: Float64Array.from(points, (p) => p.x), y: Float64Array.from(points, (p) => p.y), w: points.map((p) => p.doors) };
  const byBlock = new Map<string | null, number[]>();
  addresses.forEach((a, i) => {
    const members = byBlock.get(a.block);
    if (members) members.push(i);
    else byBlock.set(a.block, [i]);
  });
  const stations: TownStation[] = [];
  for (const members of [...byBlock.values()]) {
    const voters = members.reduce((s, i) => s + points[i]!.doors, 0) * VOTERS_PER_DOOR;
    for (const group of bisect(plane, members, Math.max(1, Math.round(voters / VOTERS_PER_STATION)))) {
      const code = String(stations.length + 1).padStart(4, '0');
      for (const i of group) addresses[i]!.station = code;
      const mean = (f: (a: TownAddress) => number): number => round6(group.reduce((s, i) => s + f(addresses[i]!), 0) / group.length);
      stations.push({ code, name: `Bureau ${stations.length + 1} – ${schoolName(random)}`, lat: mean((a) => a.lat), lon: mean((a) => a.lon) });
    }
  }
  return stations;
}
