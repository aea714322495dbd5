import { createRandom } from '../../core/random';
import type { CanvasserInput, DistrictInput } from './types';

/**
 * A realistic synthetic case for tests and measurements: districts with census-like age × gender
 * mixes (a student quarter, family suburbs, a retirement coast…; shares of adults after the age
 * tables of French and German censuses) and a volunteer pool skewed young and male, as campaign
 * volunteers are. Seeded: the same seed gives the same case.
 */
export const AGE_MIXES: readonly Record<string, number>[] = [
  { '18-24': 30, '25-34': 26, '35-44': 13, '45-54': 11, '55-64': 9, '65+': 11 },
  { '18-24': 9, '25-34': 15, '35-44': 19, '45-54': 19, '55-64': 17, '65+': 21 },
  { '18-24': 7, '25-34': 10, '35-44': 13, '45-54': 16, '55-64': 20, '65+': 34 },
  { '18-24': 12, '25-34': 20, '35-44': 18, '45-54': 17, '55-64': 15, '65+': 18 },
  { '18-24': 10, '25-34': 14, '35-44': 17, '45-54': 18, '55-64': 18, '65+': 23 },
  { '18-24': 14, '25-34': 24, '35-44': 19, '45-54': 15, '55-64': 13, '65+': 15 },
  { '18-24': 8, '25-34': 12, '35-44': 15, '45-54': 18, '55-64': 19, '65+': 28 },
  { '18-24': 11, '25-34': 17, '35-44': 17, '45-54': 17, '55-64': 16, '65+': 22 },
];
/** Older districts hold more women: women live longer. */
const FEMALE_SHARE = [0.5, 0.52, 0.55, 0.51, 0.53, 0.5, 0.54, 0.52];
const POOL_AGES = { '18-24': 26, '25-34': 22, '35-44': 12, '45-54': 11, '55-64': 11, '65+': 18 };
const SLOTS = ['sat-am', 'sat-pm', 'sun-am', 'sun-pm'];

export function syntheticDistricts(turfsEach: readonly number[]): DistrictInput[] {
  let turf = 1;
  return AGE_MIXES.map((ages, d) => {
    const adults = 8000 + 1000 * d;
    const total = Object.values(ages).reduce((s, n) => s + n, 0);
    const female = Math.round(adults * FEMALE_SHARE[d]!);
    return {
      id: `D${d + 1}`,
      population: { age_band: Object.fromEntries(Object.entries(ages).map(([b, n]) => [b, Math.round((adults * n) / total)])), gender: { female, male: adults - female } },
      turfs: Array.from({ length: turfsEach[d % turfsEach.length]! }, () => turf++),
    };
  });
}

/** `n` volunteers, 62 % men, young-heavy; most available on Saturday morning; 80 % with a home district. */
export function syntheticPool(n: number, seed: number, districts: number): CanvasserInput[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    user: `v${String(i + 1).padStart(3, '0')}`,
    district: random.chance(0.8) ? `D${1 + random.int(districts)}` : null,
    attributes: { age_band: random.weighted(POOL_AGES), gender: random.chance(0.62) ? 'male' : 'female' },
    availability: SLOTS.filter((s) => random.chance(s === 'sat-am' ? 0.75 : 0.5)),
  }));
}
