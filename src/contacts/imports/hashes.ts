import type { Pseudonymiser } from '../../core/pseudonym';
import { HASH_SPACES, identityFrom } from '../hashing';
import type { ContactsDb } from '../tables';
import type { PersonRow } from './row';

export function identityHashes(row: PersonRow, p: Pseudonymiser): string[] {
  const out = [...row.emails.map((e) => p.pseudonym(HASH_SPACES.email, e)), ...row.phones.map((v) => p.pseudonym(HASH_SPACES.phone, v))];
  const id = identityFrom(row.given, row.family, row.birthYear, row.address?.postcode ?? null);
  if (id) out.push(p.pseudonym(HASH_SPACES.identity, id));
  return out;
}

/**
 * The tombstones and suppressed values, held in memory for one import (they are few). When
 * there are none, no row is hashed at all.
 */
export async function loadHashes(db: ContactsDb): Promise<{ erased: (row: PersonRow, p: Pseudonymiser) => boolean; suppressedChannels: (row: PersonRow, p: Pseudonymiser) => string[] }> {
  const tombs = new Set((await db.selectFrom('tombstones').select('hash').execute()).map((r) => r.hash));
  const suppressed = new Map<string, string[]>();
  for (const r of await db.selectFrom('suppressed_values').select(['hash', 'channel']).execute()) suppressed.set(r.hash, [...(suppressed.get(r.hash) ?? []), r.channel]);
  return {
    erased: (row, p) => tombs.size > 0 && identityHashes(row, p).some((h) => tombs.has(h)),
    suppressedChannels: (row, p) => {
      if (suppressed.size === 0) return [];
      const out = new Set<string>();
      for (const e of row.emails) for (const c of suppressed.get(p.pseudonym(HASH_SPACES.email, e)) ?? []) out.add(c);
      for (const v of row.phones) for (const c of suppressed.get(p.pseudonym(HASH_SPACES.phone, v)) ?? []) out.add(c);
      return [...out];
    },
  };
}
