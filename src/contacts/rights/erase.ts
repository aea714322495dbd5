import { InputError, NotFoundError, StoreError } from '../../core/errors';
import type { AuditInput } from '../audit';
import { appendAudit, appendAuditMany } from '../audit';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import type { EraseCounts } from './erase-rows';
import { deletePeopleRows } from './erase-rows';
import type { ScrubbedFile } from './exports-scrub';
import { erasedWithExportLines, scrubExports } from './exports-scrub';
import { personHashes } from './identity';
import { keepTombstones } from './tombstones';
import type { RightsApp } from './requests';
import type { Flushed } from './scrub-store';
import { flushDeleted, withSecureDelete } from './scrub-store';

/**
 * Erasure (GDPR art. 17): a person's rows go from every table that holds them, in one transaction,
 * and their lines from every file the platform wrote.
 *
 * The consent ledger is append-only everywhere else: a withdrawal is a new entry, never an edit,
 * so that the history proves what the person agreed to and when. Erasure is the one exception: the
 * ledger entries are personal data about a political opinion, and art. 17 requires them gone once
 * the person asks (or once they are no longer needed); keeping them "as proof" would keep the very
 * data the person asked to erase. What stays is the audit entry, which records that N ledger
 * entries were removed, by whom and when, without any of their content.
 *
 * A tombstone (keyed hash of each email, phone and name/birth-year/postcode identity) is kept so
 * that a later import of the same person is flagged for review instead of silently restoring them
 * (art. 17 and 19); an email's or phone's carries the person's name sealed (keyed hashes of its
 * words, see SealedName), so that a housemate's row with the household's phone is not taken for
 * them. A retention run passes `tombstone: false`, since nobody asked for that.
 */

export interface EraseOptions {
  readonly actor: string;
  /** The rights request this answers: it is closed as done in the same transaction. */
  readonly requestId?: number | null;
  readonly tombstone?: boolean;
  readonly now?: number;
}

export interface Erasure {
  readonly personId: number;
  /** Rows deleted, per table (list_removals: rows added). */
  readonly counts: EraseCounts;
  readonly tombstones: number;
  readonly files: readonly ScrubbedFile[];
  readonly flushed: Flushed;
}

/** Erases one person; throws a NotFoundError when there is no such person. */
export async function erase(app: RightsApp, personId: number, options: EraseOptions): Promise<Erasure> {
  const now = options.now ?? Date.now();
  const result = await erasePeople(app, [personId], {
    tombstone: options.tombstone ?? true,
    requestId: options.requestId ?? null,
    now,
    audit: (counts, tombstones) => [
      {
        actor: options.actor,
        action: 'contacts.erase',
        subject: `person:${personId}`,
        detail: { request: options.requestId ?? null, tombstones, deleted: counts, consentEntriesRemoved: counts.consents ?? 0 },
      },
    ],
  });
  // Already erased, with export files left to rewrite (an earlier run stopped at them): those are done now.
  if (result.counts.people === 0 && result.files.length === 0) throw new NotFoundError(`person ${personId}: no such person (already erased?)`);
  const flushed = await flushDeleted(app.store);
  return { personId, counts: result.counts, tombstones: result.tombstones, files: result.files, flushed };
}

export interface ErasePeopleOptions {
  readonly tombstone: boolean;
  readonly requestId: number | null;
  readonly now: number;
  /** The audit entries to append in the erasing transaction, given what it deleted. */
  readonly audit: (counts: EraseCounts, tombstones: number) => readonly AuditInput[];
}

/**
 * Erases `ids` in one transaction (people not found count 0) and then scrubs the export files
 * that held them. Does not flush the store's files: callers erasing in chunks flush once at the
 * end (`flushDeleted`). With a `requestId` and one id, rolls back unless the request is an open
 * erasure request of that person (or of nobody yet), and unless that person is found and erased.
 */
export async function erasePeople(app: RightsApp, ids: readonly number[], options: ErasePeopleOptions): Promise<{ counts: EraseCounts; tombstones: number; files: ScrubbedFile[] }> {
  return withSecureDelete(app.store, async () => {
    const done = await contactsDb(app.store.db)
      .transaction()
      .execute(async (trx) => {
        if (options.requestId !== null) await closeErasureRequest(trx, options.requestId, ids, options.now);
        const hashes = options.tombstone ? await personHashes(trx, app.pseudonymiser, ids) : [];
        const counts = await deletePeopleRows(trx, ids, options.now);
        if (counts.people === 0) {
          // A request is closed only by the erasure of its person: with nobody erased, it stays open.
          if (options.requestId !== null) throw new NotFoundError(`person ${ids.join(', ')}: no such person (already erased?); request ${options.requestId} stays open`);
          return { counts, tombstones: 0 };
        }
        const tombstones = await keepTombstones(trx, hashes, options.requestId, options.now);
        const entries = options.audit(counts, tombstones);
        if (entries.length === 1) await appendAudit(trx, app.store.dialect, entries[0]!, options.now);
        else await appendAuditMany(trx, app.store.dialect, entries, options.now);
        return { counts, tombstones };
      });
    // Everyone with export lines but no longer a person: this erasure's people, and any an earlier
    // erasure left behind when it stopped between its transaction and the rewrite of the files
    // (run again for the same person, it finishes them).
    const left = await erasedWithExportLines(app.store.db);
    try {
      return { ...done, files: left.length ? await scrubExports(app.store.db, left) : [] };
    } catch (error) {
      throw new StoreError(`${(done.counts.people ?? 0) > 0 ? 'erased from the database, but ' : ''}an export file could not be rewritten: ${(error as Error).message}; mend that and run the erasure again to finish the files`);
    }
  });
}

async function closeErasureRequest(trx: ContactsDb, requestId: number, ids: readonly number[], now: number): Promise<void> {
  const r = await trx.selectFrom('rights_requests').select(['kind', 'status', 'person_id']).where('id', '=', requestId).executeTakeFirst();
  if (!r) throw new NotFoundError(`request ${requestId}: no such request`);
  if (r.kind !== 'erasure') throw new InputError(`request ${requestId}: is a request for ${r.kind}, not erasure`);
  if (r.status !== 'open') throw new InputError(`request ${requestId}: already closed`);
  if (ids.length !== 1 || (r.person_id !== null && Number(r.person_id) !== ids[0])) throw new InputError(`request ${requestId}: is about person ${r.person_id}, not ${ids.join(', ')}`);
  const closed = await trx.updateTable('rights_requests').set({ status: 'closed', closed_at: now, outcome: 'done', person_id: ids[0]! }).where('id', '=', requestId).where('status', '=', 'open').executeTakeFirst();
  if (Number(closed.numUpdatedRows) === 0) throw new InputError(`request ${requestId}: already closed`);
}
