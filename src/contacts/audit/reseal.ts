import { ConflictError, StoreError } from '../../core/errors';
import type { AnyDb, DialectName } from '../../store';
import type { AuditHead } from './chain';
import { describeChain } from './chain';
import { appendAudit, inTransaction, lockLog, readHead, SEALED_FROM_KEY, writeHead } from './log';
import { verifyAudit } from './read';
import { sealKeyOf, sealMatches } from './seal';

export interface SealOptions {
  /** Who seals (an audit entry records it). */
  readonly actor: string;
  /** Entries' seqs and hashes kept outside the store: the chain must pass through them before it is sealed. */
  readonly pins?: readonly AuditHead[];
}

export interface SealOutcome {
  /** The seq sealed as found; null when the head was sealed already and nothing changed. */
  readonly sealedFrom: number | null;
  /** What the head had: no seal (a store from before seals, or one taken away) or one that does not match. */
  readonly previous: 'sealed' | 'unsealed' | 'mismatch';
  readonly entries: number;
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
  return inTransaction(db, async (trx) => {
    await lockLog(trx, dialect);
    const chain = await verifyAudit(trx, { sealKey: null, pins: options.pins ?? [] });
    if (!chain.ok) throw new ConflictError(`cannot seal the audit log: the chain does not hold together: ${describeChain(chain)}`);
    const head = await readHead(trx);
    if (!head) return { sealedFrom: null, previous: 'sealed', entries: 0 };
    if (head.seal !== undefined && sealMatches(key, head, head.seal)) return { sealedFrom: null, previous: 'sealed', entries: chain.entries };
    const previous = head.seal === undefined ? 'unsealed' : 'mismatch';
    await writeHead(trx, head, { key });
    await trx
      .insertInto('hustings_meta')
      .values({ key: SEALED_FROM_KEY, value: JSON.stringify({ seq: head.seq }) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ seq: head.seq }) }))
      .execute();
    await appendAudit(trx, dialect, { actor: options.actor, action: 'audit.seal', detail: { sealedFrom: head.seq, previous, pins: options.pins?.length ?? 0 } });
    return { sealedFrom: head.seq, previous, entries: chain.entries + 1 };
  });
}
