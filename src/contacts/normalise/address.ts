import { foldWords } from './fold';

const SPACES = /\s+/g;
const DIGITS = /^\d+$/;
/**
 * Countries whose postcodes are all-digit with a fixed length: a spreadsheet that read them as
 * numbers dropped the leading zeros ("01000" Bourg-en-Bresse → 1000), which we put back.
 */
const NUMERIC_LENGTH: Readonly<Record<string, number>> = {
  FR: 5, DE: 5, IT: 5, ES: 5, FI: 5, EE: 5, HR: 5, GR: 5, US: 5, MC: 5,
  BE: 4, AT: 4, CH: 4, DK: 4, LU: 4, NO: 4, HU: 4, SI: 4, BG: 4, CY: 4, AU: 4,
};

/**
 * A postcode in its compared form: upper case, without spaces ("sw1a 1aa" → "SW1A1AA"), without a
 * leading country prefix ("F-75001", "D-10115", "FR-75001" → digits only) and, in countries with
 * fixed-length numeric postcodes, with the leading zeros a spreadsheet dropped put back.
 *
 * @param country ISO 3166-1 alpha-2 code of the address's country (case-insensitive).
 * @returns `null` for an empty or blank value.
 */
export function postcodeKey(postcode: string, country: string): string | null {
  let key = postcode.toUpperCase().replace(SPACES, '');
  if (key === '') return null;
  const code = country.toUpperCase();
  const dash = key.indexOf('-');
  if (dash > 0 && dash <= 2 && (key.slice(0, dash) === code || key.slice(0, dash) === code.charAt(0))) key = key.slice(dash + 1);
  const length = NUMERIC_LENGTH[code];
  if (length !== undefined && DIGITS.test(key) && key.length < length) key = key.padStart(length, '0');
  return key === '' ? null : key;
}

/**
 * Street-type words and their abbreviations, folded to one form each so that "12 r. St-Denis" and
 * "12 Rue Saint Denis" give one key. "st" serves for both "street" and "saint": as long as every
 * spelling folds the same way, the key does not need to know which one was meant.
 */
const WORD_FORMS: ReadonlyMap<string, string> = new Map([
  ...pairs('r', ['rue']),
  ...pairs('av', ['avenue', 'ave', 'avda', 'avenida']),
  ...pairs('bd', ['boulevard', 'boul', 'bld', 'blvd']),
  ...pairs('st', ['street', 'saint', 'sankt', 'san', 'santo']),
  ...pairs('ste', ['sainte', 'santa']),
  ...pairs('rd', ['road']),
  ...pairs('pl', ['place', 'plaza', 'piazza', 'platz']),
  ...pairs('ch', ['chemin']),
  ...pairs('imp', ['impasse']),
  ...pairs('all', ['allee']),
  ...pairs('ln', ['lane']),
  ...pairs('dr', ['drive']),
  ...pairs('sq', ['square']),
  ...pairs('fbg', ['faubourg']),
  ...pairs('str', ['strasse']),
  ...pairs('c', ['calle']),
  ...pairs('v', ['via']),
]);
const STRASSE = /(?:strasse|str)$/;
const CITY_NOISE = new Set(['cedex']);

function pairs(short: string, long: readonly string[]): [string, string][] {
  return long.map((word) => [word, short]);
}

function foldWord(word: string): string {
  const form = WORD_FORMS.get(word);
  if (form !== undefined) return form;
  // German compounds: "Hauptstraße" and "Hauptstr." are one street.
  return word.length > 6 && STRASSE.test(word) ? word.replace(STRASSE, 'str') : word;
}

/** The words of a street line as `addressKey` compares them, also used by the fuzzy matcher. */
export function streetWords(street: string): string[] {
  return foldWords(street).map(foldWord);
}

/**
 * A household key: street, postcode and city, each folded (lower case, accents stripped,
 * punctuation to spaces, street-type words and "saint" folded as in `WORD_FORMS`), joined by "|":
 * "12, Rue Saint-Denis", "75001", "PARIS CEDEX 01" → "12 r st denis|75001|paris".
 *
 * @param country optional ISO 3166-1 alpha-2 code, passed to `postcodeKey`.
 * @returns `null` when the street is blank: a postcode and a city alone do not make a household.
 */
export function addressKey(street: string, postcode: string, city: string, country = ''): string | null {
  const words = streetWords(street);
  if (words.length === 0) return null;
  const cityWords = foldWords(city).map(foldWord);
  const noise = cityWords.findIndex((word) => CITY_NOISE.has(word));
  const place = noise < 0 ? cityWords : cityWords.slice(0, noise);
  return `${words.join(' ')}|${postcodeKey(postcode, country) ?? ''}|${place.join(' ')}`;
}
