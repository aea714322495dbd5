import { sql } from 'kysely';
import type { AnyDb } from '../store';

/**
 * PostgreSQL only: `posts` and `post_classes` are partitioned by the month (UTC) of `created_at`
 * (epoch milliseconds). A month's partitions are made on demand, for any month a post carries
 * (a 2016 archive as well as today's stream), and a few months ahead, so that the live stream
 * finds them made. Times outside the window below (a zero or garbled timestamp, a year 2100 typo)
 * land in two catch-all partitions made by the migration, not in one partition per stray month.
 */
export const PARTITIONED_TABLES = ['posts', 'post_classes'] as const;

/** Months are counted as year × 12 + month index (0-11). */
const FIRST_MONTH = 1990 * 12;
const END_MONTH = 2100 * 12;

/** Both ends of the monthly window, in epoch milliseconds. */
export const WINDOW_FROM = Date.UTC(1990, 0, 1);
export const WINDOW_TO = Date.UTC(2100, 0, 1);

/** The month of an epoch-millisecond time, or null outside the window (or not a time at all). */
export function monthOf(ms: number): number | null {
  const d = new Date(ms);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth();
  return m >= FIRST_MONTH && m < END_MONTH ? m : null;
}

/** The first millisecond of a month. */
export function monthStart(m: number): number {
  return Date.UTC(Math.floor(m / 12), m % 12, 1);
}

/** `posts_p2016_06`: sorts by time, and says which month it holds. */
export function partitionName(table: string, m: number): string {
  return `${table}_p${Math.floor(m / 12)}_${String((m % 12) + 1).padStart(2, '0')}`;
}

/** Months whose partitions this process has seen made, by database handle. */
const known = new WeakMap<AnyDb, Set<number>>();

/**
 * Makes the missing monthly partitions for these times, in a short transaction of its own (so
 * the lock is held only while partitions are made, and a month is remembered only once its
 * partitions are committed). The months this process has seen made are remembered, so a batch
 * whose months exist costs a lookup per post and no query.
 */
export async function ensurePartitions(db: AnyDb, createdAts: Iterable<number>): Promise<void> {
  let have = known.get(db);
  if (!have) known.set(db, (have = new Set()));
  const missing = new Set<number>();
  for (const ms of createdAts) {
    const m = monthOf(ms);
    if (m !== null && !have.has(m)) missing.add(m);
  }
  if (missing.size === 0) return;
  await db.transaction().execute((trx) => createMonths(trx, [...missing]));
  for (const m of missing) have.add(m);
}

/** The current month and the `ahead` months after it, so that the live stream never waits for one. */
export async function ensureMonthsAhead(db: AnyDb, now = Date.now(), ahead = 3): Promise<void> {
  const first = monthOf(now);
  if (first === null) return;
  await ensurePartitions(db, Array.from({ length: ahead + 1 }, (_, i) => monthStart(first + i)));
}

/**
 * Makes what is missing of these months' partitions, in the caller's transaction. Workers on
 * several machines may race for the same new month: the transaction-level advisory lock lets
 * one make it while the others wait, then find it made (without the lock, two concurrent
 * CREATE TABLE IF NOT EXISTS of one name can fail on the catalog's unique index).
 */
export async function createMonths(trx: AnyDb, months: readonly number[]): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('hustings.partitions'))`.execute(trx);
  for (const m of months) for (const table of PARTITIONED_TABLES) await attachMonth(trx, table, m);
}

/**
 * Creates the partition apart and attaches it, rather than CREATE TABLE … PARTITION OF: attaching
 * takes only a SHARE UPDATE EXCLUSIVE lock on the parent, so inserts and dashboard reads of the
 * table go on meanwhile (PARTITION OF would take ACCESS EXCLUSIVE, queueing every read behind
 * running writes). The parent's indexes and primary key are made on the empty table as it is attached.
 */
async function attachMonth(trx: AnyDb, table: string, m: number): Promise<void> {
  const name = partitionName(table, m);
  const found = await sql<{ r: string | null }>`SELECT to_regclass(${name}::text)::text AS r`.execute(trx);
  if (found.rows[0]?.r) return;
  await sql`CREATE TABLE ${sql.id(name)} (LIKE ${sql.id(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(trx);
  const [from, to] = [sql.lit(monthStart(m)), sql.lit(monthStart(m + 1))];
  await sql`ALTER TABLE ${sql.id(table)} ATTACH PARTITION ${sql.id(name)} FOR VALUES FROM (${from}) TO (${to})`.execute(trx);
}

/** The catch-all partitions either side of the window; made once, by the migration. */
export async function createOuterPartitions(trx: AnyDb, table: string): Promise<void> {
  await sql`CREATE TABLE ${sql.id(`${table}_before_1990`)} PARTITION OF ${sql.id(table)} FOR VALUES FROM (MINVALUE) TO (${sql.lit(WINDOW_FROM)})`.execute(trx);
  await sql`CREATE TABLE ${sql.id(`${table}_from_2100`)} PARTITION OF ${sql.id(table)} FOR VALUES FROM (${sql.lit(WINDOW_TO)}) TO (MAXVALUE)`.execute(trx);
}
