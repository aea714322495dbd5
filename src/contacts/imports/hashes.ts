import type { Pseudonymiser } from '../../core/pseudonym';
import { HASH_SPACES, identityFrom, namedOtherThan } from '../hashing';
import type { SealedName } from '../normalise';
import type { ContactsDb } from '../tables';
import type { PersonRow } from './row';

/** The row's emails and phones as `kind:value` keys (as the planner knows them), with their keyed hashes. */
function pointHashes(row: PersonRow, p: Pseudonymiser): [key: string, hash: string][] {
  return [...row.emails.map((e) => [`email:${e}`, p.pseudonym(HASH_SPACES.email, e)] as [string, string]), ...row.phones.map((v) => [`phone:${v}`, p.pseudonym(HASH_SPACES.phone, v)] as [string, string])];
}

/**
 * How a row meets the tombstones of erased people: `erased` when it is taken for one of them (by
 * its identity, or by an email or phone whose erased holders' names do not all clearly differ
 * from its own: see namedOtherThan), and it is not imported; `{ shared }` when it shares only
 * emails or phones (`shared`, as `kind:value` keys) with erased people of clearly other names (a
 * housemate on the household's landline), and it is imported; null when it meets none.
 */
export type TombstoneMatch = 'erased' | { readonly shared: readonly string[] } | null;

/**
 * The tombstones and suppressed values, held in memory for one import (they are few). When
 * there are none, no row is hashed at all.
 */
export async function loadHashes(db: ContactsDb): Promise<{ erased: (row: PersonRow, p: Pseudonymiser) => TombstoneMatch; suppressedChannels: (row: PersonRow, p: Pseudonymiser) => string[] }> {
  const tombs = new Map<string, SealedName[] | null>();
  for (const r of await db.selectFrom('tombstones').select(['hash', 'names']).execute()) tombs.set(r.hash, r.names === null ? null : (JSON.parse(r.names) as SealedName[]));
  const suppressed = new Map<string, string[]>();
  for (const r of await db.selectFrom('suppressed_values').select(['hash', 'channel']).execute()) suppressed.set(r.hash, [...(suppressed.get(r.hash) ?? []), r.channel]);
  return {
    erased: (row, p) => {
      if (tombs.size === 0) return null;
      const id = identityFrom(row.given, row.family, row.birthYear, row.address?.postcode ?? null);
      if (id && tombs.has(p.pseudonym(HASH_SPACES.identity, id))) return 'erased';
      const shared: string[] = [];
      for (const [key, hash] of pointHashes(row, p)) {
        if (!tombs.has(hash)) continue;
        if (!namedOtherThan(p, hash, tombs.get(hash)!, row)) return 'erased';
        shared.push(key);
      }
      return shared.length ? { shared } : null;
    },
    suppressedChannels: (row, p) => {
      if (suppressed.size === 0) return [];
      const out = new Set<string>();
      for (const e of row.emails) for (const c of suppressed.get(p.pseudonym(HASH_SPACES.email, e)) ?? []) out.add(c);
      for (const v of row.phones) for (const c of suppressed.get(p.pseudonym(HASH_SPACES.phone, v)) ?? []) out.add(c);
      return [...out];
    },
  };
}
