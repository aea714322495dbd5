import { sql } from 'kysely';
import type { ContactsDb } from './tables';

/**
 * Reserves `n` consecutive ids of a sequence (`people`, `consents`, …) and returns the first.
 * Ids are never reused, even after an erasure, so that a list removal or a tombstone can name
 * an id without it ever meaning someone else. Run inside the caller's transaction: the upsert
 * locks the counter's row until it commits, so concurrent writers get disjoint ranges.
 */
export async function reserveIds(trx: ContactsDb, name: string, n: number): Promise<number> {
  if (n <= 0) return 0;
  const r = await sql<{ next: number }>`INSERT INTO contact_counters (name, next) VALUES (${name}, ${n + 1})
    ON CONFLICT (name) DO UPDATE SET next = contact_counters.next + ${n} RETURNING next`.execute(trx);
  return Number(r.rows[0]!.next) - n;
}
