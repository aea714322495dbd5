import { ConflictError, StoreError, UsageError } from '../../core/errors';
import type { AnyDb, DialectName } from '../../store';
import type { AuditHead } from './chain';
import { describeChain } from './chain';
import { contactsDb } from '../tables';
import type { RecordedHead } from './log';
import { appendAudit, inTransaction, lockLog, readHead, SEALED_FROM_KEY, writeHead } from './log';
import { verifyAudit } from './read';
import { sealKeyOf, sealMatches } from './seal';

export interface SealOptions {
  /** Who seals (an audit entry records it). */
  readonly actor: string;
  /** Entries' seqs and hashes kept outside the store: the chain must pass through them before it is sealed. */
  readonly pins?: readonly AuditHead[];
  /** Seal with no pin at all, every entry taken as found: only for a log checked some other way. */
  readonly asFound?: boolean;
}

export interface SealOutcome {
  /** The seq sealed as found; null when the head was sealed already and nothing changed. */
  readonly sealedFrom: number | null;
  /** What the head had: no seal (a store from before seals, or one taken away), one that does not match, or none recorded. */
  readonly previous: 'sealed' | 'unsealed' | 'mismatch' | 'missing';
  readonly entries: number;
  /** The last pinned seq the chain passed through (0: none): entries after it were taken as found. */
  readonly pinnedTo: number;
}

/**
 * Seals the log as it is found: the explicit step for a store whose head is not sealed (written by
 * a version from before seals) or whose seal no longer matches (rewritten, or written with another
 * key). Appends never do this on their own, so a seal taken away is not restored by the next append.
 * The chain must hold together and pass through the pins given; the seq sealed is recorded under
 * 'audit_sealed_from', and the act itself is the next audit entry, sealed.
 */
export async function sealAudit(db: AnyDb, dialect: DialectName, options: SealOptions): Promise<SealOutcome> {
  const key = sealKeyOf(db);
  if (!key) throw new StoreError('cannot seal the audit log: no seal key is bound to this store (open it with openApp, which derives the key from the pseudonym key)');
  const pins = options.pins ?? [];
  const pinnedTo = Math.max(0, ...pins.map((p) => p.seq));
  return inTransaction(db, async (trx) => {
    await lockLog(trx, dialect);
    const chain = await verifyAudit(trx, { sealKey: null, pins });
    // A head deleted: the log's own end is sealed, once the chain up to it holds.
    const missing = !chain.ok && chain.problem === 'missing head' ? await lastEntry(trx) : null;
    if (!chain.ok && !missing) throw new ConflictError(`cannot seal the audit log: the chain does not hold together: ${describeChain(chain)}`);
    const head = missing ?? (await readHead(trx));
    const entries = chain.ok ? chain.entries : head?.seq ?? 0;
    if (!head) return { sealedFrom: null, previous: 'sealed', entries: 0, pinnedTo };
    const recorded = missing ? null : (head as RecordedHead);
    if (recorded?.seal !== undefined && sealMatches(key, recorded, recorded.seal)) return { sealedFrom: null, previous: 'sealed', entries, pinnedTo };
    if (pins.length === 0 && !options.asFound) {
      throw new UsageError('cannot seal the audit log without a pin: expected --pin SEQ:HASH kept from before (the chain must pass through it), or --as-found to take every entry as it is');
    }
    const previous = missing ? 'missing' : recorded?.seal === undefined ? 'unsealed' : 'mismatch';
    await writeHead(trx, { seq: head.seq, hash: head.hash }, { key });
    const from = JSON.stringify({ seq: head.seq });
    await trx
      .insertInto('hustings_meta')
      .values({ key: SEALED_FROM_KEY, value: from })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: from }))
      .execute();
    await appendAudit(trx, dialect, { actor: options.actor, action: 'audit.seal', detail: { sealedFrom: head.seq, previous, pinnedTo } });
    return { sealedFrom: head.seq, previous, entries: entries + 1, pinnedTo };
  });
}

async function lastEntry(trx: AnyDb): Promise<AuditHead | null> {
  const last = await contactsDb(trx).selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: Number(last.seq), hash: last.hash } : null;
}
