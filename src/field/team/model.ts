import { InputError } from '../../core/errors';
import type { AssignInput, CanvasserInput, DistrictInput } from './types';

/** What a canvasser without a value for an attribute counts as. */
export const UNKNOWN = 'unknown';

/**
 * The input as the search works on it: values numbered per attribute, each district's population
 * as shares over those numbers, and the canvassers available in the slot as value numbers.
 */
export interface Model {
  readonly ids: readonly string[];
  readonly attributes: readonly string[];
  /** Per attribute: population values first (in order of appearance), then canvassers' own. */
  readonly values: readonly (readonly string[])[];
  /** [district][attribute][value] share of the population. */
  readonly shares: readonly (readonly Float64Array[])[];
  /** The available canvassers, in input order: name, values, home district (−1: none here). */
  readonly users: readonly string[];
  readonly people: readonly Int32Array[];
  readonly home: Int32Array;
  readonly unavailable: readonly string[];
  /** Team size wanted per district (even with pairs). */
  readonly wanted: readonly number[];
  readonly unit: 1 | 2;
  readonly notes: string[];
}

function fail(where: string, expected: string, found: unknown): never {
  throw new InputError(`${where}: expected ${expected}, found ${JSON.stringify(found) ?? String(found)}`);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkAttributes(attributes: unknown): string[] {
  if (!Array.isArray(attributes) || attributes.length === 0) fail('attributes', 'a non-empty list of attribute names (e.g. ["age_band", "gender"])', attributes);
  attributes.forEach((a, i) => {
    if (typeof a !== 'string' || a.trim() === '') fail(`attributes[${i}]`, 'an attribute name', a);
    if (attributes.indexOf(a) !== i) fail(`attributes[${i}]`, 'each attribute once', a);
  });
  return attributes as string[];
}

function checkMarginal(where: string, m: unknown): void {
  if (!isRecord(m)) fail(where, 'an object of counts or shares per value (e.g. {"female": 52, "male": 48})', m);
  let total = 0;
  for (const [value, n] of Object.entries(m)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) fail(`${where}.${value}`, 'a count or share ≥ 0', n);
    total += n;
  }
  if (total <= 0) fail(where, 'at least one value with a count or share above 0', m);
}

function checkDistrict(d: DistrictInput, i: number, attributes: readonly string[], seen: { ids: Set<string>; turfs: Set<number> }): void {
  const where = `districts[${i}]`;
  if (!isRecord(d)) fail(where, 'a district {id, population, turfs, size?}', d);
  if (typeof d.id !== 'string' || d.id === '') fail(`${where}.id`, 'a district id', d.id);
  if (seen.ids.has(d.id)) fail(`${where}.id`, 'each district once', d.id);
  seen.ids.add(d.id);
  if (!isRecord(d.population)) fail(`${where}.population`, 'an object of marginals per attribute', d.population);
  for (const a of attributes) checkMarginal(`${where}.population.${a}`, d.population[a]);
  if (!Array.isArray(d.turfs)) fail(`${where}.turfs`, 'a list of turf ids in walking order', d.turfs);
  d.turfs.forEach((t, k) => {
    if (!Number.isSafeInteger(t)) fail(`${where}.turfs[${k}]`, 'a turf id (integer)', t);
    if (seen.turfs.has(t)) fail(`${where}.turfs[${k}]`, 'each turf in one district only, once', t);
    seen.turfs.add(t);
  });
  if (d.size !== undefined && (!Number.isSafeInteger(d.size) || d.size < 0)) fail(`${where}.size`, 'a team size (integer ≥ 0)', d.size);
}

function checkCanvasser(c: CanvasserInput, i: number, users: Set<string>): void {
  const where = `canvassers[${i}]`;
  if (!isRecord(c)) fail(where, 'a canvasser {user, district?, attributes, availability}', c);
  if (typeof c.user !== 'string' || c.user === '') fail(`${where}.user`, 'a user name', c.user);
  if (users.has(c.user)) fail(`${where}.user`, 'each canvasser once', c.user);
  users.add(c.user);
  if (c.district != null && typeof c.district !== 'string') fail(`${where}.district`, 'a district id or null', c.district);
  if (!isRecord(c.attributes)) fail(`${where}.attributes`, 'an object of attribute values (e.g. {"gender": "female"})', c.attributes);
  for (const [a, v] of Object.entries(c.attributes)) if (typeof v !== 'string') fail(`${where}.attributes.${a}`, 'a text value', v);
  if (!Array.isArray(c.availability) || c.availability.some((s) => typeof s !== 'string')) fail(`${where}.availability`, 'a list of slot names', c.availability);
}

function checkOptions(input: AssignInput): number {
  if (!isRecord(input)) fail('input', 'an object {districts, canvassers, attributes, slot?, pairs?, turfsPerCanvasser?}', input);
  if (!Array.isArray(input.districts)) fail('districts', 'a list of districts', input.districts);
  if (!Array.isArray(input.canvassers)) fail('canvassers', 'a list of canvassers', input.canvassers);
  if (input.slot !== undefined && (typeof input.slot !== 'string' || input.slot === '')) fail('slot', 'a slot name', input.slot);
  const perWalker = input.turfsPerCanvasser ?? 1;
  if (!Number.isSafeInteger(perWalker) || perWalker < 1) fail('turfsPerCanvasser', 'an integer ≥ 1', input.turfsPerCanvasser);
  return perWalker;
}

/** Numbers every value of every attribute: population values, then canvassers' own, then "unknown". */
function valuesOf(input: AssignInput, attributes: readonly string[], available: readonly CanvasserInput[]): string[][] {
  return attributes.map((a) => {
    const values: string[] = [];
    const add = (v: string): void => void (values.includes(v) ? null : values.push(v));
    for (const d of input.districts) Object.keys(d.population[a]!).forEach(add);
    for (const c of available) add(c.attributes[a] ?? UNKNOWN);
    return values;
  });
}

function sharesOf(d: DistrictInput, attributes: readonly string[], values: readonly (readonly string[])[]): Float64Array[] {
  return attributes.map((a, k) => {
    const m = d.population[a]!;
    const total = Object.values(m).reduce((s, n) => s + n, 0);
    return Float64Array.from(values[k]!, (v) => (m[v] ?? 0) / total);
  });
}

/**
 * Checks the input (a clear InputError naming the field otherwise) and builds the model. Sizes:
 * the district's `size`, else enough walkers for its turfs (⌈turfs ÷ turfsPerCanvasser⌉, a walker
 * being a pair when pairing, so twice as many people); with pairs an odd size is rounded up.
 */
export function buildModel(input: AssignInput): Model {
  const perWalker = checkOptions(input);
  const attributes = checkAttributes(input.attributes);
  const seen = { ids: new Set<string>(), turfs: new Set<number>() };
  input.districts.forEach((d, i) => checkDistrict(d, i, attributes, seen));
  const names = new Set<string>();
  input.canvassers.forEach((c, i) => checkCanvasser(c, i, names));
  const slot = input.slot;
  const available = slot === undefined ? [...input.canvassers] : input.canvassers.filter((c) => c.availability.includes(slot));
  const unit = input.pairs ? 2 : 1;
  const values = valuesOf(input, attributes, available);
  const index = new Map(input.districts.map((d, i) => [d.id, i]));
  return {
    ids: input.districts.map((d) => d.id),
    attributes,
    values,
    shares: input.districts.map((d) => sharesOf(d, attributes, values)),
    users: available.map((c) => c.user),
    people: available.map((c) => Int32Array.from(attributes, (a, k) => values[k]!.indexOf(c.attributes[a] ?? UNKNOWN))),
    home: Int32Array.from(available, (c) => (c.district == null ? -1 : (index.get(c.district) ?? -1))),
    unavailable: slot === undefined ? [] : input.canvassers.filter((c) => !c.availability.includes(slot)).map((c) => c.user),
    wanted: input.districts.map((d) => {
      const size = d.size ?? unit * Math.ceil(d.turfs.length / perWalker);
      return unit === 2 ? size + (size % 2) : size;
    }),
    unit,
    notes: inputNotes(input, attributes, available, index),
  };
}

function inputNotes(input: AssignInput, attributes: readonly string[], available: readonly CanvasserInput[], index: ReadonlyMap<string, number>): string[] {
  const notes: string[] = [];
  if (input.slot !== undefined) notes.push(`${available.length} of ${input.canvassers.length} canvassers are available in slot ${input.slot}; the others take no part`);
  attributes.forEach((a) => {
    const missing = available.filter((c) => c.attributes[a] === undefined).length;
    if (missing) notes.push(`${missing} canvasser(s) have no ${a}: they count as "${UNKNOWN}", which no population holds unless it says so`);
    const known = new Set(input.districts.flatMap((d) => Object.keys(d.population[a]!)));
    const own = [...new Set(available.map((c) => c.attributes[a]).filter((v): v is string => v !== undefined && !known.has(v)))];
    if (own.length) notes.push(`${a} value(s) ${own.map((v) => JSON.stringify(v)).join(', ')} appear in no population: they count as their own value (share 0)`);
  });
  const strangers = available.filter((c) => c.district != null && !index.has(c.district)).length;
  if (strangers) notes.push(`${strangers} canvasser(s) have a home district not planned here: they have no preference`);
  const wanted = input.districts.map((d) => d.size);
  if (input.pairs && wanted.some((s) => s !== undefined && s % 2 === 1)) notes.push('with pairs, odd team sizes were rounded up to even');
  return notes;
}
