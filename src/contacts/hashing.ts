import { nameKey } from './normalise';

/**
 * The keyed hashes (HMAC with the store's pseudonym key) kept of an erased person (tombstones) or
 * of a value not to contact (suppressed values), never the values. The import hashes each row it
 * reads in the same namespaces, so a re-imported erased person is flagged and a suppressed email
 * stays suppressed.
 */
export const HASH_SPACES = { email: 'contact:email', phone: 'contact:phone', identity: 'contact:identity' } as const;

/** The identity a person is recognised by without email or phone: name key, birth year and postcode, all three needed. */
export function identityOf(key: string | null, birthYear: number | null, postcode: string | null): string | null {
  return key && birthYear && postcode ? `${key}|${birthYear}|${postcode}` : null;
}

/** The identity of a person from their names, birth year and (normalised) postcode. */
export function identityFrom(given: string | null, family: string | null, birthYear: number | null, postcode: string | null): string | null {
  return identityOf(given || family ? nameKey(given ?? '', family ?? '') : null, birthYear, postcode);
}
