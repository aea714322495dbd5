import { describeValue } from '../formats/types';
/**
 * Age bands and genders as aggregate exports carry them (Facebook's audience insights: 18-24 …
 * 65+; female, male), normalised so that one band is one key. An exact age is coarsened to its
 * band at the door: no more is kept than the breakdown needs.
 */
export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

const BAND_OF_LOWER = new Map<number, AgeBand>([[13, '13-17'], [18, '18-24'], [25, '25-34'], [35, '35-44'], [45, '45-54'], [55, '55-64'], [65, '65+']]);

/** The band of an exact age (null under 13 or over 120: not a plausible author). */
export function bandOfAge(age: number): AgeBand | null {
  if (!Number.isInteger(age) || age < 13 || age > 120) return null;
  let band: AgeBand = '13-17';
  for (const [lower, b] of BAND_OF_LOWER) if (age >= lower) band = b;
  return band;
}

/**
 * An age band from what an input holds: "25-34", "25–34", "25 to 34", "65+", "65 and over", or an
 * exact age. Null when absent; an `Error` message (for the bad-item report) when it is not one.
 */
export function parseAgeBand(value: unknown): AgeBand | null | { error: string } {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return bandOfAge(value) ?? { error: `age: expected 13–120, found ${value}` };
  if (typeof value !== 'string') return { error: `age band: expected text such as "25-34", found ${typeof value}` };
  const s = value.trim().toLowerCase();
  if (/^\d{1,3}$/.test(s)) return bandOfAge(Number(s)) ?? { error: `age: expected 13–120, found ${s}` };
  const plus = /^(\d{2})\s*(\+|and over|or over|plus)$/.exec(s);
  if (plus && BAND_OF_LOWER.get(Number(plus[1])) === '65+') return '65+';
  const range = /^(\d{2})\s*(?:-|–|to)\s*(\d{2})$/.exec(s);
  const band = range ? `${Number(range[1])}-${Number(range[2])}` : null;
  if (band && (AGE_BANDS as readonly string[]).includes(band)) return band as AgeBand;
  return { error: `age band: expected one of ${AGE_BANDS.join(', ')} (or an age), found ${describeValue(value)}` };
}

const GENDER_WORDS: Readonly<Record<string, Gender>> = {
  female: 'female', f: 'female', woman: 'female', women: 'female', femme: 'female', frau: 'female', weiblich: 'female', mujer: 'female', donna: 'female', vrouw: 'female',
  male: 'male', m: 'male', man: 'male', men: 'male', homme: 'male', mann: 'male', männlich: 'male', hombre: 'male', uomo: 'male',
  other: 'other', 'non-binary': 'other', nonbinary: 'other', diverse: 'other', divers: 'other', x: 'other',
};

/** A gender from what an input holds (English and the platform's languages); null when absent or unknown. */
export function parseGender(value: unknown): Gender | null | { error: string } {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return { error: `gender: expected text such as "female", found ${typeof value}` };
  const s = value.trim().toLowerCase();
  if (s === 'unknown' || s === 'u' || s === 'n/a') return null;
  return GENDER_WORDS[s] ?? { error: `gender: expected female, male or other, found ${describeValue(value)}` };
}
