import { foldText } from './fold';
import { refused, type Normalised } from './result';

/** A birth year, or why not. */
export type NormalisedBirthYear = Normalised<{ readonly year: number }>;

/** Oldest and youngest plausible contact: over 120 is a typo, under 14 a test record or a mistake. */
const MAX_AGE = 120;
const MIN_AGE = 14;
const YEAR = /^\d{4}$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const DMY_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const SHORT_YEAR = /^(?:\d{1,2}[/.-]\d{1,2}[/.-])?\d{2}$/;
/** A birthday without its year, as newsletter tools keep them (Mailchimp: 05/17): day and month, one of them 12 at most. */
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})\.?$/;

/**
 * The birth year from a year (1987, "1987") or a full date ("1987-03-02", "02/03/1987",
 * "02.03.1987"; day-month and month-day orders both accepted since only the year is kept). Only the
 * year is kept: data minimisation — the age band needs no more.
 *
 * @param now the current time, passed in so the function stays pure.
 * @returns `null` for an empty value; a reason for a two-digit year (ambiguous), an impossible date,
 * or a year outside now−120 … now−14.
 */
export function birthYearOf(raw: string | number, now: Date): NormalisedBirthYear | null {
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (text === '' || dayAndMonth(text)) return null;
  const year = yearOf(text);
  if (typeof year === 'string') return refused(year);
  const current = now.getUTCFullYear();
  if (year > current - MIN_AGE) return refused(`birth year after ${current - MIN_AGE} (younger than ${MIN_AGE})`);
  if (year < current - MAX_AGE) return refused(`birth year before ${current - MAX_AGE} (older than ${MAX_AGE})`);
  return { ok: true, year };
}

/** A day and a month with no year: there is no birth year to keep. */
function dayAndMonth(text: string): boolean {
  const m = DAY_MONTH.exec(text);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a >= 1 && b >= 1 && Math.min(a, b) <= 12 && Math.max(a, b) <= 31;
}

/** The year in `text`, or a reason. */
function yearOf(text: string): number | string {
  if (YEAR.test(text)) return Number(text);
  const iso = ISO_DATE.exec(text);
  if (iso) return checkedYear(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = DMY_DATE.exec(text);
  if (dmy) {
    const [a, b] = [Number(dmy[1]), Number(dmy[2])];
    const dayMonth = a <= 12 || b <= 12 ? (b <= 12 ? [a, b] : [b, a]) : [a, b];
    return checkedYear(Number(dmy[3]), dayMonth[1] ?? 0, dayMonth[0] ?? 0);
  }
  if (SHORT_YEAR.test(text)) return 'two-digit year is ambiguous';
  return 'not a year or a date';
}

function checkedYear(year: number, month: number, day: number): number | string {
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'not a valid date';
  return year;
}

export const AGE_BANDS = ['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const BAND_FLOORS = [18, 25, 35, 45, 55, 65] as const;

/**
 * The age band of someone born in `birthYear`, with age taken as `now`'s year minus the birth year:
 * without the birthday that is the age reached this year, one too many until then. The bands are
 * those of Eurostat and most European pollsters.
 */
export function ageBand(birthYear: number, now: Date): AgeBand {
  const age = now.getUTCFullYear() - birthYear;
  let band = 0;
  while (band < BAND_FLOORS.length && age >= (BAND_FLOORS[band] ?? Infinity)) band++;
  return AGE_BANDS[band] ?? 'under 18';
}

export type Gender = 'female' | 'male' | 'other';

const FEMALE = ['f', 'female', 'woman', 'w', 'mrs', 'ms', 'miss', 'femme', 'feminin', 'madame', 'mme', 'mlle', 'frau', 'weiblich', 'mujer', 'femenino', 'femenina', 'sra', 'senora', 'donna', 'femmina', 'femminile', 'signora', 'sig ra', 'vrouw', 'vrouwelijk', 'v', 'mevrouw', 'mevr', 'mw'];
const MALE = ['m', 'male', 'man', 'mr', 'homme', 'h', 'masculin', 'monsieur', 'herr', 'mannlich', 'hombre', 'masculino', 'varon', 'sr', 'senor', 'uomo', 'maschio', 'maschile', 'signor', 'signore', 'sig', 'mannelijk', 'meneer', 'dhr', 'heer'];
const OTHER = ['other', 'x', 'nonbinary', 'non binary', 'nb', 'enby', 'genderqueer', 'mx', 'autre', 'non binaire', 'divers', 'diverse', 'd', 'andere', 'otro', 'otra', 'no binario', 'altro', 'non binario', 'anders', 'overig', 'non binair'];
const GENDERS: ReadonlyMap<string, Gender> = new Map([
  ...FEMALE.map((word): [string, Gender] => [word, 'female']),
  ...MALE.map((word): [string, Gender] => [word, 'male']),
  ...OTHER.map((word): [string, Gender] => [word, 'other']),
]);
const GENDER_NOISE = /[\s.\-_]+/g;

/**
 * The gender from the common spellings, titles and one-letter codes of English, French, German,
 * Spanish, Italian and Dutch forms ("F", "Mme", "Frau", "mujer", "vrouw", "divers"…).
 * One letter is read the way most of these languages read it — "M" male, "H" (homme, hombre) male,
 * "F", "W" (weiblich), "V" (vrouw) female, "D" (divers), "X" other — except that with
 * `language` "es" an "M" is "mujer", as Spanish forms write H/M.
 *
 * @returns `null` for an empty value and for one not recognised ("prefer not to say", "?").
 */
export function normaliseGender(raw: string, language?: string): Gender | null {
  const word = foldText(raw.trim()).replace(GENDER_NOISE, ' ').trim();
  if (word === '') return null;
  if (word === 'm' && language === 'es') return 'female';
  return GENDERS.get(word) ?? GENDERS.get(word.replace(/ /g, '')) ?? null;
}

/** A support level, 1 … 5, or why not. */
export type NormalisedSupport = Normalised<{ readonly level: number }>;
const SUPPORT = /^[1-5](?:\.0+)?$/;

/**
 * A support level on the 1 (strong support) … 5 (strong opposition) canvassing scale, from a number
 * or a string of one ("3", "3.0").
 *
 * @returns `null` for an empty value; a reason for anything else.
 */
export function supportLevel(raw: string | number): NormalisedSupport | null {
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (text === '') return null;
  if (SUPPORT.test(text)) return { ok: true, level: Number(text) };
  const value = Number(text.replace(',', '.'));
  if (Number.isNaN(value)) return refused('support level is not a number');
  if (!Number.isInteger(value)) return refused('support level is not a whole number');
  if (value >= 1 && value <= 5) return refused('support level: expected one digit, 1 to 5');
  return refused('support level outside 1-5');
}
