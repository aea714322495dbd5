import { ParseError, parsePhoneNumberWithError, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { refused, type Normalised } from './result';

export type { CountryCode };

/** A phone number in E.164 ("+33612345678"), or why not. */
export type NormalisedPhone = Normalised<{ readonly e164: string }>;

const HAS_DIGIT = /\d/;

/**
 * Normalises a phone number to E.164 with libphonenumber's full ("max") metadata, which checks the
 * number against the numbering plan of its region, not only its length. A national number is read in
 * `defaultRegion`; a number with `+` or an international prefix (00, 011…) keeps its own country.
 * `extract: false` refuses text around the number ("call 06…") instead of guessing.
 *
 * @returns `null` for an empty or blank value; otherwise the E.164 form or a reason naming the
 * region ("too short for FR", "invalid number for region GB"), never the number.
 */
export function normalisePhone(raw: string, defaultRegion: CountryCode): NormalisedPhone | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!HAS_DIGIT.test(text)) return refused('not a phone number');
  try {
    const number = parsePhoneNumberWithError(text, { defaultCountry: defaultRegion, extract: false });
    if (number.isValid()) return { ok: true, e164: number.number };
    const region = number.country ?? (number.countryCallingCode === undefined ? defaultRegion : `+${number.countryCallingCode}`);
    const length = validatePhoneNumberLength(text, { defaultCountry: defaultRegion });
    return refused(length === undefined ? `invalid number for region ${region}` : lengthReason(length, region));
  } catch (error) {
    if (error instanceof ParseError) return refused(parseReason(error.message, defaultRegion));
    throw error;
  }
}

function lengthReason(code: string, region: string): string {
  if (code === 'TOO_SHORT' || code === 'NOT_A_NUMBER') return `too short for ${region}`;
  if (code === 'TOO_LONG') return `too long for ${region}`;
  return `invalid number for region ${region}`;
}

function parseReason(code: string, region: string): string {
  if (code === 'INVALID_COUNTRY') return 'unknown country calling code';
  if (code === 'TOO_SHORT') return `too short for ${region}`;
  if (code === 'TOO_LONG') return `too long for ${region}`;
  return 'not a phone number';
}
