import { addressKey } from '../../contacts/normalise';
import type { AddressField, Layout } from './columns';

/** One address point as stored in `field_addresses` (without the store's own id). */
export interface AddressRow {
  readonly line: number;
  readonly extId: string;
  readonly street: string | null;
  readonly number: string | null;
  readonly postcode: string | null;
  readonly city: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly doors: number;
  readonly station: string | null;
  readonly block: string | null;
  readonly household: string | null;
}

/** A line that was not stored: where, which column, and what was expected and found. */
export interface BadAddressLine {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}

export type ParsedAddress = { readonly ok: true; readonly row: AddressRow } | { readonly ok: false; readonly bad: BadAddressLine };

const FOUND_MAX = 40;

function shown(value: string): string {
  return value === '' ? 'nothing' : JSON.stringify(value.length > FOUND_MAX ? `${value.slice(0, FOUND_MAX)}…` : value);
}

/**
 * A decimal number written out ("48.8298", "-1.55"), also with a decimal comma ("48,8298", as French
 * spreadsheets write it); not an exponent, hexadecimal or anything else Number() would take ("1e1").
 */
/** A decimal as address and station files write it: digits, one '.' or ',' (no hexadecimal, no exponent); NaN otherwise. */
export function decimal(value: string): number {
  return /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
}

/** More households than this behind one address is a typo (the largest blocks of flats hold a few thousand). */
const MAX_DOORS = 10_000;

/** "12" + "bis" → "12 bis"; a one-letter suffix sticks to the number ("54" + "b" → "54B"), as it is written. */
export function houseNumber(numero: string, rep: string): string {
  if (rep === '') return numero;
  return rep.length === 1 ? `${numero}${rep.toUpperCase()}` : `${numero} ${rep}`;
}

/**
 * A header-ordered record of an address file, read with its layout. `country` (ISO alpha-2) is passed
 * to `addressKey` as contacts' imports do, so that a postcode a spreadsheet shortened keys the same.
 */
export function parseAddress(line: number, fields: readonly string[], layout: Layout, header: readonly string[], country = ''): ParsedAddress {
  const { columns } = layout;
  if (fields.length !== header.length) {
    return { ok: false, bad: { line, column: null, reason: `expected ${header.length} columns as in the header, found ${fields.length}` } };
  }
  const get = (f: AddressField): string => {
    const i = columns[f];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const name = (f: AddressField): string => header[columns[f]!]!;
  const fail = (f: AddressField, reason: string): ParsedAddress => ({ ok: false, bad: { line, column: name(f), reason } });
  const extId = get('id');
  if (extId === '') return fail('id', 'expected an address id, found nothing');
  const lat = decimal(get('lat'));
  if (!(lat >= -90 && lat <= 90)) return fail('lat', `expected a latitude in degrees (-90 to 90), found ${shown(get('lat'))}`);
  const lon = decimal(get('lon'));
  if (!(lon >= -180 && lon <= 180)) return fail('lon', `expected a longitude in degrees (-180 to 180), found ${shown(get('lon'))}`);
  // 0,0 is in the Gulf of Guinea: what exports write when they have no position.
  if (lat === 0 && lon === 0) return fail('lat', 'expected a position, found 0,0 (the placeholder of a missing one)');
  const doorsText = get('doors');
  const doors = doorsText === '' ? 1 : /^\d+$/.test(doorsText) ? Number(doorsText) : Number.NaN;
  if (!(doors >= 1 && doors <= MAX_DOORS)) return fail('doors', `expected a whole number of households from 1 to ${MAX_DOORS.toLocaleString('en')}, found ${shown(doorsText)}`);
  const street = get('street');
  const number = houseNumber(get('number'), get('rep'));
  const postcode = get('postcode');
  const city = get('city');
  // The postal name (the BAN's libelle_acheminement, "PARIS") is what people write on a letter,
  // not the commune's full name ("Paris 13e Arrondissement"): contacts' addresses key on it.
  const postalCity = get('postalCity') || city;
  const household = addressKey(number === '' ? street : `${number} ${street}`, postcode, postalCity, country);
  return {
    ok: true,
    row: { line, extId, street: street || null, number: number || null, postcode: postcode || null, city: city || null, lat, lon, doors, station: get('station') || null, block: get('block') || null, household },
  };
}
