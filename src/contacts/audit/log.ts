import { sql } from 'kysely';
import { z } from 'zod';
import { StoreError } from '../../core/errors';
import type { AnyDb, DialectName } from '../../store';
import { contactsDb } from '../tables';
import type { AuditEntry, AuditHead } from './chain';
import { entryHash, GENESIS } from './chain';
import { assertNoPersonalData } from './guard';
import { sealKeyOf, sealMatches, sealOf } from './seal';

/**
 * Appending to the audit log. Appends are serialised so that the chain stays one line: on
 * PostgreSQL by a transaction-scoped advisory lock, on SQLite by taking the write lock before
 * reading the last entry. The head (last seq and hash) is upserted into `hustings_meta` under
 * 'audit_head' in the same transaction, so that a log cut short shows on verification.
 * Pass the caller's transaction to audit an action atomically with it; given a plain handle,
 * these open their own transaction.
 */

export interface AuditInput {
  /** Who: a user name, or 'system:…' for the platform itself. */
  readonly actor: string;
  /** What, as a dotted verb such as 'person.erase'. */
  readonly action: string;
  /** Whom, by id only: 'person:123'. */
  readonly subject?: string | null;
  /** Ids, counts, codes, reasons: never personal data (see guard.ts, which refuses emails and phone numbers). */
  readonly detail?: Record<string, unknown>;
}

export const HEAD_KEY = 'audit_head';
const ROWS_PER_INSERT = 500;

const headSchema = z.object({ seq: z.number().int().nonnegative(), hash: z.string(), seal: z.string().optional() });

/** The head as recorded: with its seal (see seal.ts) when the store was written with the key. */
export type RecordedHead = AuditHead & { readonly seal?: string };

/** The head recorded beside the log, or null when none is. */
export async function readHead(db: AnyDb): Promise<RecordedHead | null> {
  const row = (await db.selectFrom('hustings_meta').select('value').where('key', '=', HEAD_KEY).executeTakeFirst()) as { value: string } | undefined;
  if (!row) return null;
  try {
    return headSchema.parse(JSON.parse(row.value));
  } catch {
    throw new StoreError(`hustings_meta ${HEAD_KEY}: expected {"seq": n, "hash": "…"}, found ${JSON.stringify(row.value.slice(0, 200))}`);
  }
}

export async function lockLog(trx: AnyDb, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext('hustings.audit'))`.execute(trx);
  } else {
    // A write statement takes SQLite's write lock even when it changes no row: another process's
    // append waits here (busy_timeout) instead of failing after reading a tail that then moves.
    await trx.updateTable('hustings_meta').set({ value: sql`value` }).where('key', '=', HEAD_KEY).execute();
  }
}

/** The recorded head and the log's last entry, as they are before an append. */
interface Ends {
  readonly head: RecordedHead | null;
  readonly last: AuditHead | null;
}

export async function ends(trx: AnyDb): Promise<Ends> {
  const last = await contactsDb(trx).selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return { head: await readHead(trx), last: last ? { seq: Number(last.seq), hash: last.hash } : null };
}

/**
 * Where the next entry chains from: the later of the recorded head and the log's last entry.
 * Chaining from the head after a truncation leaves the gap in place for verification to find.
 */
function tail({ head, last }: Ends): AuditHead {
  const fromLog = last ?? { seq: 0, hash: GENESIS };
  return head && head.seq > fromLog.seq ? head : fromLog;
}

/**
 * The seal of the head an append records. A new seal only when the log ended where a head sealed
 * under the key says (or nothing was written yet): an append must not seal over a chain that was
 * rewritten, a seal that was taken away, or a head that was deleted. Otherwise the old head's seal
 * (or none) is carried over, and verification goes on finding what was wrong until someone who
 * checked the log against a pin seals it again (`hustings audit seal`).
 */
export function nextSeal(key: Buffer | null, { head, last }: Ends): { readonly key: Buffer } | { readonly carried: string | undefined } {
  // No key at hand (a process opened without it): the seal found stays, matching or not.
  if (!key) return { carried: head?.seal };
  if (!head && !last) return { key };
  const intact = head && last && head.seal !== undefined && head.seq === last.seq && head.hash === last.hash && sealMatches(key, head, head.seal);
  return intact ? { key } : { carried: head?.seal };
}

function chain(from: AuditHead, inputs: readonly AuditInput[], now: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let { seq, hash: prev } = from;
  for (const input of inputs) {
    const subject = input.subject ?? null;
    const fields = { seq: ++seq, at: now, actor: input.actor, action: input.action, subject, detail: JSON.stringify(input.detail ?? {}) };
    const hash = entryHash(prev, fields);
    entries.push({ ...fields, prev, hash });
    prev = hash;
  }
  return entries;
}

async function write(trx: AnyDb, dialect: DialectName, inputs: readonly AuditInput[], now: number): Promise<number[]> {
  await lockLog(trx, dialect);
  const before = await ends(trx);
  const entries = chain(tail(before), inputs, now);
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    await contactsDb(trx).insertInto('audit_log').values(entries.slice(i, i + ROWS_PER_INSERT)).execute();
  }
  const last = entries.at(-1);
  if (last) await writeHead(trx, { seq: last.seq, hash: last.hash }, nextSeal(sealKeyOf(trx), before));
  return entries.map((e) => e.seq);
}

/** Records the head: sealed with the key, or with the seal carried over (see nextSeal). */
export async function writeHead(trx: AnyDb, head: AuditHead, seal: ReturnType<typeof nextSeal>): Promise<void> {
  const sealText = 'key' in seal ? sealOf(seal.key, head) : seal.carried;
  const value = sealText === undefined ? { seq: head.seq, hash: head.hash } : { seq: head.seq, hash: head.hash, seal: sealText };
  await trx
    .insertInto('hustings_meta')
    .values({ key: HEAD_KEY, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
    .execute();
}

/** Where `hustings audit seal` last sealed the log as found: {"seq": n}. */
export const SEALED_FROM_KEY = 'audit_sealed_from';

export function inTransaction<T>(db: AnyDb, fn: (trx: AnyDb) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Appends one entry and returns its seq. Inside the caller's transaction (`db` is a `trx`), the
 * entry commits or rolls back with the caller's work, and appends from other connections wait
 * until it ends; given a plain handle, it opens its own transaction. Throws an InputError naming
 * the key when the detail holds what looks like an email or a phone number.
 */
export async function appendAudit(db: AnyDb, dialect: DialectName, entry: AuditInput, now = Date.now()): Promise<number> {
  assertNoPersonalData(entry.detail ?? {}, entry.subject ?? null);
  const [seq] = await inTransaction(db, (trx) => write(trx, dialect, [entry], now));
  return seq!;
}

/**
 * Appends many entries at once (e.g. one per person erased by a retention run), chained in
 * memory and inserted in chunks; returns their seqs in order. All or none: one entry with
 * personal data refuses the whole batch before anything is written.
 */
export async function appendAuditMany(db: AnyDb, dialect: DialectName, entries: readonly AuditInput[], now = Date.now()): Promise<number[]> {
  for (const e of entries) assertNoPersonalData(e.detail ?? {}, e.subject ?? null);
  if (entries.length === 0) return [];
  return inTransaction(db, (trx) => write(trx, dialect, entries, now));
}
