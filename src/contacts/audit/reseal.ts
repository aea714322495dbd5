import { ConflictError, StoreError, UsageError } from '../../core/errors';
import type { AnyDb, DialectName } from '../../store';
import type { AuditHead } from './chain';
import { describeChain } from './chain';
import { appendAudit, ends, inTransaction, lockLog, SEALED_FROM_KEY, writeHead } from './log';
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
    if (!chain.ok && chain.problem !== 'missing head') throw new ConflictError(`cannot seal the audit log: the chain does not hold together: ${describeChain(chain)}`);
    // The chain checked, the log ends at the recorded head (or has none): its last entry is what is sealed.
    const { head, last } = await ends(trx);
    if (!last) return { sealedFrom: null, previous: 'sealed', entries: 0, pinnedTo };
    const entries = chain.ok ? chain.entries : last.seq;
    if (head?.seal !== undefined && sealMatches(key, head, head.seal)) return { sealedFrom: null, previous: 'sealed', entries, pinnedTo };
    if (pins.length === 0 && !options.asFound) {
      throw new UsageError('cannot seal the audit log without a pin: expected --pin SEQ:HASH kept from before (the chain must pass through it), or --as-found to take every entry as it is');
    }
    const previous = !head ? 'missing' : head.seal === undefined ? 'unsealed' : 'mismatch';
    await writeHead(trx, last, { key });
    const from = JSON.stringify({ seq: last.seq });
    await trx
      .insertInto('hustings_meta')
      .values({ key: SEALED_FROM_KEY, value: from })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: from }))
      .execute();
    await appendAudit(trx, dialect, { actor: options.actor, action: 'audit.seal', detail: { sealedFrom: last.seq, previous, pinnedTo } });
    return { sealedFrom: last.seq, previous, entries: entries + 1, pinnedTo };
  });
}

