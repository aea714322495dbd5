import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AnyDb } from '../../store';
import type { AuditHead } from './chain';

/**
 * The head's seal: an HMAC of the last entry's seq and hash under a key derived from the
 * pseudonym key, which lives outside the store (HUSTINGS_PSEUDONYM_KEY or the key file). The
 * chain's own hashes are unkeyed, so someone who can write the store could rewrite an entry and
 * recompute every later hash and the head; without the key they cannot seal the new head, and
 * `audit verify` finds the seal wrong. As the last hash commits to the whole chain, sealing the
 * head seals every entry.
 *
 * The key reaches every append without passing through its callers: it is bound to the store's
 * query executor's adapter, which the store's handle, its transactions and its typed views share.
 */

/** What the pseudonym key is derived into for the seal (see Pseudonymiser.derive). */
export const SEAL_PURPOSE = 'hustings audit head seal v1';

const keys = new WeakMap<object, Buffer>();

/** Seals the heads written through this store (its handle and its transactions) with the key. */
export function bindSealKey(db: AnyDb, key: Buffer): void {
  keys.set(db.getExecutor().adapter, key);
}

/** The seal key bound to the store this handle (or transaction) belongs to, if any. */
export function sealKeyOf(db: AnyDb): Buffer | null {
  return keys.get(db.getExecutor().adapter) ?? null;
}

/** HMAC-SHA256 (hex) of the head's seq and hash. */
export function sealOf(key: Buffer, head: AuditHead): string {
  return createHmac('sha256', key).update(JSON.stringify([head.seq, head.hash]), 'utf8').digest('hex');
}

export function sealMatches(key: Buffer, head: AuditHead, seal: string): boolean {
  const want = Buffer.from(sealOf(key, head), 'hex');
  const found = Buffer.from(seal, 'hex');
  return found.length === want.length && timingSafeEqual(found, want);
}
