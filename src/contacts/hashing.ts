import { createHmac } from 'node:crypto';
import type { Pseudonymiser } from '../core/pseudonym';
import type { Named, SealedName } from './normalise';
import { differsFromSealed, nameKey, sealName } from './normalise';

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

/**
 * The name of an erased person who held an email or phone, sealed for that value's tombstone
 * (`pointHash`): its words' HMACs under a key derived from the pseudonym key for names alone,
 * within that tombstone, so that the same name sealed for two tombstones shares no hash. Null
 * when it could tell no one apart (no full given name).
 */
export function sealForTombstone(p: Pseudonymiser, pointHash: string, name: Named): SealedName | null {
  return sealName(name, nameSeal(p, pointHash));
}

/**
 * Whether a row sharing a tombstone's email or phone is clearly someone other than everyone
 * erased who held it (namesDiffer, asked of their sealed names): false when the tombstone knows
 * no names (`null`: one of them had none, or it is older than the names).
 */
export function namedOtherThan(p: Pseudonymiser, pointHash: string, names: readonly SealedName[] | null, row: Named): boolean {
  if (names === null || names.length === 0) return false;
  const seal = nameSeal(p, pointHash);
  return names.every((n) => differsFromSealed(row, n, seal));
}

const nameKeys = new WeakMap<Pseudonymiser, Buffer>();

/**
 * The seal of names within one tombstone. Not `pseudonym()`: its cache would keep the erased
 * person's name, in plain, in the memory of a server for as long as it runs.
 */
function nameSeal(p: Pseudonymiser, pointHash: string): (text: string) => string {
  let key = nameKeys.get(p);
  if (!key) nameKeys.set(p, (key = p.derive('contacts tombstone names')));
  return (text) => createHmac('sha256', key).update(`${pointHash}\u0000${text}`).digest('hex').slice(0, 16);
}
