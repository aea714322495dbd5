import { createRequire } from 'node:module';
import { normalisePlace } from './normalise';

interface Gazetteer {
  readonly countries: Readonly<Record<string, string>>;
  readonly regions: Readonly<Record<string, string>>;
  readonly usStateCodes: readonly string[];
  readonly cities: Readonly<Record<string, readonly [string, number][]>>;
}

const gazetteer = createRequire(import.meta.url)('./gazetteer.json') as Gazetteer;
const STATE_CODES = new Set(gazetteer.usStateCodes);
const ISO_CODES = new Set(Object.values(gazetteer.countries));
/** A city name is taken only when its largest namesake is this many times larger than the next. */
const CITY_DOMINANCE = 5;

export type CountrySource = 'place' | 'location';

export interface CountryResult {
  readonly country: string | null;
  readonly source: CountrySource | null;
}

const UNKNOWN: CountryResult = { country: null, source: null };

/** The country of the first flag emoji (two regional indicator letters; England, Scotland, Wales count as GB). */
export function countryFromFlag(text: string): string | null {
  if (/\u{1F3F4}\u{E0067}\u{E0062}/u.test(text)) return 'GB';
  const m = /([\u{1F1E6}-\u{1F1FF}])([\u{1F1E6}-\u{1F1FF}])/u.exec(text);
  if (!m) return null;
  const code = String.fromCharCode(m[1]!.codePointAt(0)! - 0x1f1e6 + 65, m[2]!.codePointAt(0)! - 0x1f1e6 + 65);
  return code === 'UK' ? 'GB' : ISO_CODES.has(code) ? code : null;
}

function cityCountry(key: string): string | null {
  const candidates = gazetteer.cities[key];
  if (!candidates || candidates.length === 0) return null;
  const [first, second] = candidates;
  return !second || first![1] >= second[1] * CITY_DOMINANCE ? first![0] : null;
}

/** One comma-separated part of a location; `afterPlace` when an earlier part names a place ("Tampa, FL"). */
function partCountry(raw: string, afterPlace: boolean): string | null {
  const part = raw.trim();
  if (/^[A-Z]{2}$/.test(part)) {
    if (part === 'UK') return 'GB';
    if (afterPlace && STATE_CODES.has(part)) return 'US';
    if (ISO_CODES.has(part)) return part;
  }
  const key = normalisePlace(part);
  if (!key) return null;
  const direct = gazetteer.countries[key] ?? gazetteer.regions[key] ?? cityCountry(key);
  if (direct) return direct;
  // "Manchester UK", "Somewhere in Scotland": a country or region named by the last words only.
  const words = key.split(' ');
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    const found = gazetteer.countries[tail] ?? gazetteer.regions[tail];
    if (found) return found;
  }
  return null;
}

/**
 * The country of a public location string, from an offline gazetteer: a flag emoji, or a part
 * naming a country (in en/fr/de/es/it/nl), a UK nation or region, a US state, or a city of
 * 100,000+ whose name is not shared by a comparable city elsewhere. The last part decides first
 * ("London, England" → GB). Nothing found means unknown: never a guess.
 */
export function countryFromLocation(location: string): string | null {
  const flag = countryFromFlag(location);
  if (flag) return flag;
  const parts = location.split(/[,;/|•·()]+|\s[-–—]\s/).filter((p) => p.trim().length > 0);
  for (let i = parts.length - 1; i >= 0; i--) {
    const found = partCountry(parts[i]!, i > 0);
    if (found) return found;
  }
  return null;
}

/** The platform's place first, else the declared location, else unknown. */
export function resolveCountry(placeCountry: string | null, location: string | null): CountryResult {
  if (placeCountry && /^[A-Z]{2}$/.test(placeCountry)) return { country: placeCountry, source: 'place' };
  const country = location ? countryFromLocation(location) : null;
  return country ? { country, source: 'location' } : UNKNOWN;
}
