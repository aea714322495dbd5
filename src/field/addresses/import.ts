import { InputError } from '../../core/errors';
import { sourceKey } from '../../core/source-key';
import type { AnyDb } from '../../store';
import { reserveIds } from '../../contacts/ids';
import { contactsDb } from '../../contacts/tables';
import { refreshAreaIds } from '../areas/link';
import { fieldDb } from '../tables';
import type { FieldDb } from '../tables';
import type { AddressFormat } from './columns';
import type { AddressRow, BadAddressLine } from './parse';
import { readAddresses } from './read';
import { SeenIds } from './seen';
import { upsertAddresses } from './write';

export interface AddressImportOptions {
  readonly format?: AddressFormat;
  readonly country?: string;
  readonly actor?: string;
  /** Rows per transaction (default 5,000). */
  readonly batchRows?: number;
  readonly onProgress?: (p: { bytes: number; size: number | null; read: number }) => void;
  /**
   * Called inside each batch's transaction, after its rows are written and before it commits (the
   * batch number counts from 1 in this run). Throwing rolls the batch back: tests simulate a crash.
   */
  readonly onBatch?: (batch: number) => void | Promise<void>;
}

export interface AddressImportCounts {
  /** Lines read (good and bad), across a resumed import's runs. */
  read: number;
  /** Rows new to the store. */
  stored: number;
  /** Rows whose id was held already, updated in place. */
  updated: number;
  bad: number;
}

export interface AddressImportSummary extends AddressImportCounts {
  readonly importId: number;
  readonly format: AddressFormat;
  readonly encoding: string;
  /** The first bad lines: line, column, what was expected and found. */
  readonly badLines: readonly BadAddressLine[];
  /** Line after which an interrupted import of the same file went on; null for a fresh one. */
  readonly resumedAfter: number | null;
  readonly seconds: number;
}

const MAX_BAD_KEPT = 1000;

interface Job {
  readonly id: number;
  readonly doneLine: number;
  readonly counts: AddressImportCounts;
  readonly bad: BadAddressLine[];
}

async function startOrResume(db: FieldDb, file: string, fileKey: string | null, format: AddressFormat, actor: string, now: number): Promise<Job> {
  const previous = fileKey ? await db.selectFrom('field_imports').selectAll().where('file_key', '=', fileKey).orderBy('id', 'desc').executeTakeFirst() : undefined;
  if (previous && previous.finished_at === null) {
    return { id: Number(previous.id), doneLine: Number(previous.done_line), counts: JSON.parse(previous.counts) as AddressImportCounts, bad: JSON.parse(previous.bad) as BadAddressLine[] };
  }
  const counts: AddressImportCounts = { read: 0, stored: 0, updated: 0, bad: 0 };
  return db.transaction().execute(async (trx) => {
    const id = await reserveIds(contactsDb(trx), 'field_imports', 1);
    const label = file.split('/').pop()!;
    await trx.insertInto('field_imports').values({ id, file: label, format, actor, counts: JSON.stringify(counts), file_key: fileKey, done_line: 0, bad: '[]', started_at: now, finished_at: null }).execute();
    return { id, doneLine: 0, counts, bad: [] };
  });
}

/**
 * Imports address points into `field_addresses`, in batches of one transaction each that also
 * records the import's progress (`field_imports.done_line`, counts, bad lines). Importing the same
 * file after a crash resumes after the last committed line; importing a file again updates its
 * rows in place (matched on `ext_id`): nothing is lost or doubled. Bad lines are reported and
 * skipped; a file with no readable line is an InputError.
 */
export async function importAddresses(store: { readonly db: AnyDb }, file: string, options: AddressImportOptions = {}): Promise<AddressImportSummary> {
  const started = Date.now();
  const db = fieldDb(store.db);
  const source = await readAddresses(file, options);
  const job = await startOrResume(db, file, await sourceKey(file), source.layout.format, options.actor ?? 'cli', started);
  const counts: AddressImportCounts = { ...job.counts };
  const bad = [...job.bad];
  const batchRows = options.batchRows ?? 5000;
  let rows: AddressRow[] = [];
  let lastLine = job.doneLine;
  let batch = 0;
  // Every id given so far (those of lines a resumed import skips included): a repeat in a later batch is told even when the first was unchanged.
  const seen = new SeenIds();
  const flush = async (): Promise<void> => {
    batch++;
    await db.transaction().execute(async (trx) => {
      const written = await upsertAddresses(trx, rows, job.id, started, seen);
      counts.stored += written.stored;
      counts.updated += written.updated;
      for (const r of written.repeated) {
        counts.bad++;
        const first = r.firstLine === null ? 'earlier in this file' : `on line ${r.firstLine}`;
        if (bad.length < MAX_BAD_KEPT) bad.push({ line: r.row.line, column: 'id', reason: `expected each address id once, found ${r.row.extId} given already ${first}; this line is skipped` });
      }
      bad.sort((a, b) => a.line - b.line);
      await options.onBatch?.(batch);
      await trx.updateTable('field_imports').set({ done_line: lastLine, counts: JSON.stringify(counts), bad: JSON.stringify(bad) }).where('id', '=', job.id).execute();
    });
    rows = [];
    options.onProgress?.({ bytes: source.bytesRead(), size: source.size, read: counts.read });
  };
  for await (const p of source.lines) {
    const line = p.ok ? p.row.line : p.bad.line;
    if (line <= job.doneLine) {
      if (p.ok) seen.add(p.row.extId);
      continue;
    }
    lastLine = line;
    counts.read++;
    if (p.ok) rows.push(p.row);
    else {
      counts.bad++;
      if (bad.length < MAX_BAD_KEPT) bad.push(p.bad);
    }
    if (rows.length >= batchRows) await flush();
  }
  if (counts.stored + counts.updated + rows.length === 0) {
    await db.updateTable('field_imports').set({ finished_at: Date.now(), counts: JSON.stringify(counts), bad: JSON.stringify(bad) }).where('id', '=', job.id).execute();
    throw new InputError(`${file}: no readable address line (${counts.bad} bad${bad[0] ? `; line ${bad[0].line}: ${bad[0].reason}` : ''})`, file);
  }
  await flush();
  await refreshAreaIds(db);
  await db.updateTable('field_imports').set({ finished_at: Date.now() }).where('id', '=', job.id).execute();
  return { ...counts, importId: job.id, format: source.layout.format, encoding: source.encoding, badLines: bad, resumedAfter: job.doneLine > 0 ? job.doneLine : null, seconds: (Date.now() - started) / 1000 };
}
