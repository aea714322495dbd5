import { z } from 'zod';
import { StoreError } from '../../core/errors';
import type { AnyDb } from '../../store';
import { contactsDb } from '../tables';
import type { AuditEntry, AuditHead, ChainResult, ChainState } from './chain';
import { CHAIN_START, checkEntry, checkHead, checkPin, isFailure } from './chain';
import type { RecordedHead } from './log';
import { readHead } from './log';
import { sealKeyOf, sealMatches } from './seal';

/** Reading the audit log back: a filtered listing, newest first, and a streaming verification of the whole chain. */

const entrySchema = z.object({
  seq: z.coerce.number().int(),
  at: z.coerce.number().int(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.string(),
  prev: z.string(),
  hash: z.string(),
});

function parseEntry(row: unknown): AuditEntry {
  const parsed = entrySchema.safeParse(row);
  if (!parsed.success) throw new StoreError(`audit_log: unexpected row ${JSON.stringify(row).slice(0, 200)}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** An entry for listing: its detail parsed. */
export interface AuditRecord extends Omit<AuditEntry, 'detail'> {
  readonly detail: Record<string, unknown>;
}

export interface AuditQuery {
  /** Only entries newer than this seq. */
  readonly after?: number | undefined;
  /** Only entries older than this seq (the next page of a listing: the last seq shown). */
  readonly before?: number | undefined;
  /** At most this many (default 100, at most 10,000). */
  readonly limit?: number | undefined;
  readonly subject?: string | undefined;
  readonly action?: string | undefined;
}

export const MAX_LIST = 10_000;

/** Entries matching the query, newest first. */
export async function readAudit(db: AnyDb, query: AuditQuery = {}): Promise<AuditRecord[]> {
  let q = contactsDb(db).selectFrom('audit_log').selectAll();
  if (query.after !== undefined) q = q.where('seq', '>', query.after);
  if (query.before !== undefined) q = q.where('seq', '<', query.before);
  if (query.subject !== undefined) q = q.where('subject', '=', query.subject);
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(Math.min(query.limit ?? 100, MAX_LIST))
    .execute();
  return rows.map((row) => {
    const e = parseEntry(row);
    return { ...e, detail: JSON.parse(e.detail) as Record<string, unknown> };
  });
}

export const VERIFY_PAGE = 10_000;

export interface VerifyOptions {
  /** Called after each page: entries checked so far, and how many the recorded head says there are. */
  readonly onProgress?: (checked: number, expected: number | null) => void;
  /** Hashes kept outside the store (see `checkPin`): the chain must pass through each. */
  readonly pins?: readonly AuditHead[];
  /** The key the head is sealed with (see seal.ts); null: the chain alone. Default: the key bound to the store. */
  readonly sealKey?: Buffer | null;
}

/**
 * Verifies the whole log against its chain and its recorded head, reading it in seq order, one
 * page of 10,000 at a time (memory stays flat however long the log). Entries appended while it
 * runs, after the head read at its start, are left for the next run; an entry past the head that
 * no append recorded (a row inserted by hand) is reported as a head mismatch.
 */
export async function verifyAudit(db: AnyDb, options: VerifyOptions = {}): Promise<ChainResult> {
  const head = await readHead(db);
  const pins = new Map((options.pins ?? []).map((p) => [p.seq, p]));
  let state: ChainState = CHAIN_START;
  for (;;) {
    let q = contactsDb(db).selectFrom('audit_log').selectAll().where('seq', '>', state.seq);
    if (head) q = q.where('seq', '<=', head.seq);
    const rows = await q.orderBy('seq').limit(VERIFY_PAGE).execute();
    for (const row of rows) {
      const next = checkEntry(state, parseEntry(row));
      if (isFailure(next)) return next;
      state = next;
      const pinned = pins.get(state.seq);
      if (pinned) {
        const checked = checkPin(state, pinned);
        if (isFailure(checked)) return checked;
      }
    }
    options.onProgress?.(state.entries, head?.seq ?? null);
    if (rows.length < VERIFY_PAGE) break;
  }
  // A pin past the end: the log was cut short of it.
  const beyond = [...pins.values()].find((p) => p.seq > state.seq);
  if (beyond) {
    const cut = checkPin(state, beyond);
    if (isFailure(cut)) return cut;
  }
  const result = checkHead(state, head);
  if (!result.ok || !head) return result;
  const key = options.sealKey === undefined ? sealKeyOf(db) : options.sealKey;
  const sealed = key ? checkSeal(key, head, state) : null;
  return sealed ?? beyondHead(db, result, head.seq);
}

/** The recorded head's seal against the key: a head rewritten without the key is found, with every entry it covers. */
function checkSeal(key: Buffer, head: RecordedHead, state: ChainState): ChainResult | null {
  const at = { seq: head.seq, entries: 0 };
  if (head.seal === undefined) return { ok: false, ...at, problem: 'unsealed head', expected: 'a head sealed with the key (appends seal it)', found: 'no seal: a store written before heads were sealed, or a head rewritten by something without the key; check the log against a pin you kept, then `hustings audit seal`' };
  if (sealMatches(key, head, head.seal)) return null;
  return { ok: false, ...at, problem: 'seal mismatch', expected: `a seal of seq ${head.seq} hash ${state.hash.slice(0, 16)}… under the key`, found: 'another: an entry up to here was rewritten and the chain recomputed, or the store was written with another key' };
}

/** Rows past the head read at the start are fine if an append recorded them since; otherwise they were inserted by hand. */
async function beyondHead(db: AnyDb, result: ChainResult, headSeq: number): Promise<ChainResult> {
  const max = await contactsDb(db).selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const maxSeq = Number(max?.seq ?? 0);
  if (maxSeq <= headSeq) return result;
  const now = await readHead(db);
  if (now && now.seq >= maxSeq) return result;
  const recorded = now?.seq ?? headSeq;
  return { ok: false, seq: recorded + 1, problem: 'head mismatch', expected: `the log to end at the recorded head, seq ${recorded}`, found: `entries up to seq ${maxSeq}`, entries: result.entries };
}
