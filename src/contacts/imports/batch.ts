import type { PersonRow } from './row';

/** What every batch of one import shares. */
export interface BatchContext {
  readonly importId: number;
  readonly sourceId: number;
  readonly actor: string;
  readonly noticeVersion: string | null;
  /** When the data was collected: the time of the consent entries. */
  readonly collectedAt: number;
  readonly now: number;
  /** Channels on which a row's person must be suppressed (its email or phone is on the do-not-contact list). */
  readonly suppressedChannels: (row: PersonRow) => readonly string[];
}

export interface BatchOutcome {
  /** New people. */
  readonly created: number;
  /**
   * Rows folded into someone already known: a stored person or an earlier row of the batch (same
   * email or phone). Every row of a batch is one or the other: created + merged = rows.
   */
  readonly merged: number;
  readonly review: number;
}

/** Where the import stands after a batch, saved in the batch's transaction: a crash resumes after `line`. */
export interface Checkpoint {
  readonly line: number;
  /** The import's counts (JSON) once this batch's outcome is added: saved with the batch. */
  readonly counts: (outcome: BatchOutcome) => string;
  readonly bad: string;
  /** The run's lease (see lease.ts): the batch commits only while the run holds it, and renews it. */
  readonly holder: string;
  readonly heldUntil: () => number;
}

/**
 * Writes batches of rows in one transaction each: looks up known people, plans, writes, records
 * the rows not imported because they match an erased person (`flagged`, line numbers only), and
 * the checkpoint.
 */
export interface ImportWriter {
  batch(rows: readonly PersonRow[], flagged: readonly number[], ctx: BatchContext, checkpoint: Checkpoint): Promise<BatchOutcome>;
}
