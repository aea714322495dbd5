import { sql } from 'kysely';
import { z } from 'zod';
import { MAX_INTEGER } from '../store';
import type { ContactsDb } from './tables';

/** A stored id as a request gives it: a whole number that an integer column can hold (PostgreSQL refuses a larger one outright). */
export const idNumber = z.number().int().positive().max(MAX_INTEGER, `expected an id (a whole number from 1 to ${MAX_INTEGER})`);

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
