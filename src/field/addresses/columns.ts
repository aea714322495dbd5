import { InputError } from '../../core/errors';

/** The two address layouts: any CSV with recognisable column names, and the French Base Adresse Nationale. */
export const ADDRESS_FORMATS = ['generic', 'ban'] as const;
export type AddressFormat = (typeof ADDRESS_FORMATS)[number];

/** What a column of an address file can hold. */
export type AddressField = 'id' | 'street' | 'number' | 'rep' | 'postcode' | 'city' | 'postalCity' | 'lat' | 'lon' | 'doors' | 'station' | 'block' | 'insee';

/**
 * Header names each field is recognised by, compared case-insensitively without accents, spaces,
 * dashes or underscores ("Code postal", "code_postal" and "CODE-POSTAL" are one name).
 */
const ALIASES: Readonly<Record<AddressField, readonly string[]>> = {
  // cle_interop: the Base Adresse Locale's key (its uid_adresse is often empty).
  id: ['id', 'ext_id', 'address_id', 'identifiant', 'uid', 'cle_interop'],
  street: ['street', 'rue', 'nom_voie', 'voie_nom', 'voie', 'street_name', 'road', 'address', 'adresse'],
  number: ['number', 'numero', 'num', 'house_number', 'housenumber', 'no', 'n'],
  rep: ['rep', 'suffixe', 'suffix', 'indice_repetition'],
  postcode: ['postcode', 'code_postal', 'cp', 'zip', 'zipcode', 'postal_code', 'post_code'],
  city: ['city', 'commune', 'nom_commune', 'commune_nom', 'ville', 'town', 'locality'],
  postalCity: ['libelle_acheminement'],
  lat: ['lat', 'latitude', 'y_wgs84'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x_wgs84'],
  doors: ['doors', 'households', 'logements', 'foyers', 'nb_logements', 'dwellings', 'units'],
  station: ['station', 'bureau', 'code_bv', 'bureau_vote', 'polling_station', 'bv'],
  block: ['block', 'ilot', 'barrier_block'],
  insee: ['code_insee', 'commune_insee', 'insee'],
};

/** The BAN's own names: a BAN file is read by these only (its x/y are Lambert-93, not degrees). */
const BAN_NAMES: Readonly<Partial<Record<AddressField, readonly string[]>>> = {
  id: ['id'],
  number: ['numero'],
  rep: ['rep'],
  street: ['nom_voie'],
  postcode: ['code_postal'],
  city: ['nom_commune'],
  postalCity: ['libelle_acheminement'],
  lat: ['lat'],
  lon: ['lon'],
  insee: ['code_insee'],
};

/** Columns only the BAN has: a header with all of them is read as BAN. */
const BAN_MARKS = ['numero', 'nom_voie', 'code_postal', 'code_insee', 'nom_commune'];

/** Where each field is in a record (absent: the file has no such column). */
export type ColumnMap = Readonly<Partial<Record<AddressField, number>>>;

export interface Layout {
  readonly format: AddressFormat;
  readonly columns: ColumnMap;
}

export function headerKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^\uFEFF/, '')
    .replace(/[\s_\-.]+/g, '');
}

/** The format a header announces: BAN when it has the BAN's own column names. */
export function detectFormat(header: readonly string[]): AddressFormat {
  const keys = new Set(header.map(headerKey));
  return BAN_MARKS.every((m) => keys.has(headerKey(m))) ? 'ban' : 'generic';
}

const REQUIRED: Readonly<Record<AddressFormat, readonly AddressField[]>> = {
  generic: ['id', 'street', 'lat', 'lon'],
  ban: ['id', 'number', 'street', 'postcode', 'city', 'lat', 'lon'],
};

/**
 * Finds each field's column by header name (first match wins), in either format. A missing
 * required column is an InputError naming the names it would accept and the header found.
 */
export function layoutOf(header: readonly string[], forced: AddressFormat | undefined, path: string): Layout {
  const format = forced ?? detectFormat(header);
  const keys = header.map(headerKey);
  const columns: Partial<Record<AddressField, number>> = {};
  const aliases = format === 'ban' ? BAN_NAMES : ALIASES;
  for (const [field, names] of Object.entries(aliases) as [AddressField, readonly string[]][]) {
    const i = keys.findIndex((k) => names.some((n) => headerKey(n) === k));
    if (i >= 0) columns[field] = i;
  }
  const missing = REQUIRED[format].filter((f) => columns[f] === undefined);
  if (missing.length > 0) {
    const wanted = missing.map((f) => `${f} (${(aliases[f] ?? []).join(' / ')})`).join('; ');
    // The first line may be a data row (a file without a header): say what it holds, not all of it.
    const found = header.slice(0, 30).map((h) => JSON.stringify(h.slice(0, 40))).join(', ');
    throw new InputError(`${path}: the header of a ${format} address file needs the column(s) ${wanted}; found ${found}${header.length > 30 ? `, … (${header.length} columns)` : ''}`, path);
  }
  return { format, columns };
}
