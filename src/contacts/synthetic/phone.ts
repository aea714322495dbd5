import type { Random } from '../../core/random';
import { weightedPicker } from './pick';

/** How people and forms write a French number; `d` is the national form, ten digits starting with 0. */
const FORMATS = {
  spaced: 45,
  compact: 25,
  international: 15,
  dotted: 7,
  e164: 3,
  bare: 5,
} as const;
export type PhoneFormat = keyof typeof FORMATS;
export const PHONE_FORMATS = Object.keys(FORMATS) as readonly PhoneFormat[];

export function formatPhone(d: string, format: PhoneFormat): string {
  switch (format) {
    case 'spaced': return pairs(d, ' ');
    case 'compact': return d;
    case 'international': return `+33 ${d[1]} ${pairs(d, ' ').slice(3)}`;
    case 'dotted': return pairs(d, '.');
    case 'e164': return `+33${d.slice(1)}`;
    case 'bare': return `33${d.slice(1)}`;
  }
}

/** The ten digits in pairs: 06 12 34 56 78. */
function pairs(d: string, sep: string): string {
  return d.slice(0, 2) + sep + d.slice(2, 4) + sep + d.slice(4, 6) + sep + d.slice(6, 8) + sep + d.slice(8, 10);
}

export const randomPhoneFormat: (random: Random) => PhoneFormat = weightedPicker(FORMATS);

// Multipliers coprime to 10, so that serial ↦ (serial·A + B) mod 10^k is a bijection on k digits.
const MOBILE_A = 48_271_579;
const LANDLINE_A = 7_919;

/**
 * The national form of the number issued to the `serial`-th phone. Mobile numbers are unique for
 * every serial below 10^7; landlines (area prefix `landline`, e.g. '0467' or '0298') for serials
 * below 10^6, so two people share a number only by design (a duplicate), never by chance.
 */
export function phoneNumber(serial: number, mobile: '06' | '07' | null, landline: string): string {
  // Metropolitan mobile ranges only (06 1, 2, 4–8 and 07 3–9; 0639 and 069 are overseas, 070–072
  // are not issued), so that every number is valid; the last 7 digits alone are unique for serials below 10^7.
  const range = mobile === '06' ? '1245678'[serial % 7]! : String(3 + (serial % 7));
  if (mobile !== null) return mobile + range + String((serial * MOBILE_A + 31_415_926) % 1e7).padStart(7, '0');
  return landline + String((serial * LANDLINE_A + 123_457) % 1e6).padStart(6, '0');
}
