import type { Pseudonymiser } from '../../core/pseudonym';
import { HASH_SPACES, identityFrom, sealForTombstone } from '../hashing';
import type { SealedName } from '../normalise';
import type { ContactsDb } from '../tables';

export { HASH_SPACES, identityOf } from '../hashing';

export interface PersonHash {
  readonly personId: number;
  readonly kind: 'email' | 'phone' | 'identity';
  readonly hash: string;
  /** Of an email or phone: the person's name sealed for its tombstone (null: none that tells anyone apart); of an identity, null. */
  readonly name: SealedName | null;
}

/** The keyed hashes of the emails, phones and identity of `ids` (read before they are deleted), with their sealed names. */
export async function personHashes(trx: ContactsDb, p: Pseudonymiser, ids: readonly number[]): Promise<PersonHash[]> {
  if (ids.length === 0) return [];
  const people = await trx
    .selectFrom('people')
    .leftJoin('addresses', 'addresses.person_id', 'people.id')
    .select(['people.id', 'people.given_name', 'people.family_name', 'people.birth_year', 'addresses.postcode'])
    .where('people.id', 'in', ids)
    .execute();
  const names = new Map(people.map((r) => [Number(r.id), { given: r.given_name, family: r.family_name }]));
  const points = await trx.selectFrom('contact_points').select(['person_id', 'kind', 'value']).where('person_id', 'in', ids).execute();
  const out: PersonHash[] = [];
  for (const r of points) {
    if (r.kind !== 'email' && r.kind !== 'phone') continue;
    const hash = p.pseudonym(HASH_SPACES[r.kind], r.value);
    out.push({ personId: Number(r.person_id), kind: r.kind, hash, name: sealForTombstone(p, hash, names.get(Number(r.person_id)) ?? {}) });
  }
  for (const r of people) {
    const identity = identityFrom(r.given_name, r.family_name, r.birth_year === null ? null : Number(r.birth_year), r.postcode);
    if (identity) out.push({ personId: Number(r.id), kind: 'identity', hash: p.pseudonym(HASH_SPACES.identity, identity), name: null });
  }
  return out;
}
