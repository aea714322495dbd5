import type { Pseudonymiser } from '../../core/pseudonym';
import { InputError } from '../../core/errors';
import { openInput } from '../../core/input';
import { contentKey, rawContentKey } from '../../core/source-key';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Selectable } from 'kysely';
import type { Store } from '../../store';
import { isUniqueViolation } from '../../store';
import { appendAudit } from '../audit';
import { addSource } from '../sources';
import type { SourceInput } from '../sources';
import { contactsDb } from '../tables';
import type { ContactTables } from '../tables';
import { reserveIds } from '../ids';
import type { BatchContext, BatchOutcome, ImportWriter } from './batch';
import type { Mapping } from './mapping';
import { checkMapping, checkUsable, guessMapping } from './mapping';
import type { Normaliser } from './normalise-pool';
import { defaultNormaliseThreads, inProcessNormaliser, NormalisePool } from './normalise-pool';
import { planOf } from './normalise-row';
import type { Plan } from './normalise-row';
import type { InputRecord } from './read';
import { PgImportWriter } from './pg-writer';
import { openRecords } from './read';
import type { Position } from './read';
import type { BadRow, PersonRow, RowResult } from './row';
import { importPragmas, SqliteImportWriter } from './sqlite-writer';
import type { TombstoneMatch } from './hashes';
import { loadHashes } from './hashes';
import { dropHolder, holderAlive, Lease, newHolder, runningError, takeOver } from './lease';

export interface ImportOptions {
  /** A CSV or JSON file, or rows given in memory (a sign-up form: nothing personal is written to a file). */
  readonly file: string | InlineRows;
  /** null: guessed from the header (the preview shows it). */
  readonly mapping: Mapping | null;
  /** Where the data came from; the label defaults to the file name. */
  readonly source: Omit<SourceInput, 'kind' | 'label'> & { readonly kind?: SourceInput['kind']; readonly label?: string };
  readonly actor: string;
  /** Import a file again that was imported completely before (its consents are appended again). */
  readonly again?: boolean;
  readonly batchRows?: number;
  /** Values (custom fields, consents, tags, contact points) per batch at most; see BATCH_VALUES. */
  readonly batchValues?: number;
  /** Worker threads normalising rows while batches are written; 0: in this thread. Default: by file size. */
  readonly normaliseThreads?: number;
  readonly onProgress?: (p: { bytes: number; size: number | null; rows: number }) => void;
}

/** What an import did with its rows: rows = created + merged + erased + bad. */
export interface ImportCounts {
  rows: number;
  created: number;
  /** Rows folded into someone known: stored before, or met earlier in the file (same email or phone). */
  merged: number;
  review: number;
  erased: number;
  bad: number;
}

export interface ImportSummary extends ImportCounts {
  readonly importId: number;
  /** What the bad rows' and resumedAfter's numbers count: lines (CSV, JSON lines) or records (a JSON array). */
  readonly position: Position;
  readonly sourceId: number;
  readonly mapping: Mapping;
  /** The first bad rows (line, column, reason; never values). */
  readonly badRows: readonly BadRow[];
  /** Line after which a crashed import of the same file resumed; null for a fresh one. */
  readonly resumedAfter: number | null;
  readonly seconds: number;
}

const MAX_BAD_KEPT = 1000;
/**
 * Rows per batch (one transaction). At a million people each batch dirties pages spread over the
 * whole of the indexes whose keys come in no order, and its commit writes them all: 100,000 rows
 * into a store of 985,354 people took 66.2–68.2 s in batches of 5,000, 58.6–59.2 s in batches of
 * 10,000 and 52.5–52.9 s in batches of 20,000. Not more: a batch holds SQLite's write lock
 * (~6 s at 10,000 rows at that size, ~10 s at 20,000), and other writers, such as a sign-up,
 * wait up to the store's busy timeout of 10 s.
 */
const BATCH_ROWS = 10_000;
/**
 * Values per batch as well (a person's custom fields, consents, tags and contact points): a wide
 * file's rows carry hundreds each, and 10,000 of them held at once would not keep memory flat
 * (5,000 rows of 2,000 custom columns, 600 filled a row: in batches of rows alone, out of the
 * CLI's 256 MB heap; uncapped, 1.0 GB peak RSS). A row of the common kind carries about a
 * dozen, so its batches stay at 10,000 rows.
 */
const BATCH_VALUES = 200_000;

/** What a batch holds of a row: the person, and each value stored beside them. */
function valuesOf(row: PersonRow): number {
  return 1 + row.emails.length + row.phones.length + row.tags.length + row.fields.length + row.consents.length;
}

/** The filled cells of records read: what bounds the records read ahead, with their count. */
function cellsOf(records: readonly InputRecord[]): number {
  let n = 0;
  for (const r of records) if (r.kind === 'record') for (const v of r.values) if (v) n++;
  return n;
}
// Below this size a file imports in a few seconds: starting worker threads would not pay.
const POOL_MIN_BYTES = 8 << 20;

async function openNormaliser(options: ImportOptions, size: number | null, plan: Plan, now: number): Promise<Normaliser> {
  const threads = options.normaliseThreads ?? (size !== null && size >= POOL_MIN_BYTES ? defaultNormaliseThreads() : 0);
  return threads > 0 ? NormalisePool.open({ plan, now }, threads) : inProcessNormaliser({ plan, now });
}

/** A chunk of records read, and its rows being normalised (maybe in a worker thread). */
interface Chunk {
  readonly records: readonly InputRecord[];
  readonly results: Promise<RowResult[]>;
  /** Its records' filled cells. */
  readonly cells: number;
}

function submit(normaliser: Normaliser, records: readonly InputRecord[]): Chunk {
  const lines: number[] = [];
  const values: (string | undefined)[][] = [];
  for (const r of records) {
    if (r.kind !== 'record') continue;
    lines.push(r.line);
    values.push(r.values);
  }
  const results = normaliser.normalise(lines, values);
  // Awaited in order later; a failure meanwhile must not count as unhandled.
  results.catch(() => undefined);
  return { records, results, cells: cellsOf(records) };
}

export interface ImportDeps {
  readonly store: Store;
  readonly pseudonymiser: Pseudonymiser;
}

/**
 * Imports people from a CSV or JSON file: each row normalised, matched against the people known
 * (exact email/phone: merged; similar name and address: created and queued for review), linked to
 * the import's source and lawful basis, its consents appended to the ledger. Batches commit with
 * a checkpoint: an import of the same file after a crash resumes after the last committed line,
 * so nothing is lost or doubled. Bad rows are reported by line, column and reason and skipped.
 */
export async function importContacts(deps: ImportDeps, asked: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  // A blank notice version is none: a consent granted under it would cite no notice.
  const options: ImportOptions = { ...asked, source: { ...asked.source, noticeVersion: asked.source.noticeVersion?.trim() || null } };
  const input = typeof options.file === 'string' ? await openFile(options.file) : inlineInput(options.file);
  const { header } = input;
  // Refused before anything is recorded: a finished import of no row would be taken for the file's import.
  // (A header holding bare CRs is a whole file read as one line: checkUsable says so.)
  if (input.empty && !header.some((h) => h.includes('\r'))) throw new InputError(input.empty, typeof options.file === 'string' ? options.file : undefined);
  const given = checkMapping(options.mapping ?? guessMapping(header), header);
  checkUsable(given, header);
  const db = contactsDb(deps.store.db);
  const holder = newHolder();
  let job: Job;
  try {
    job = await startOrResume(deps, options, input.key, input.earlierKeys, given, started, holder);
  } catch (e) {
    dropHolder(holder);
    throw e;
  }
  const lease = new Lease(db, job.id, holder);
  lease.start();
  try {
    return await run(deps, options, input, job, lease, started);
  } catch (e) {
    await lease.release().catch(() => undefined);
    throw e;
  }
}

/** Reads, normalises and writes the rows of an import whose lease this run holds. */
async function run(deps: ImportDeps, options: ImportOptions, input: ImportInput, job: Job, lease: Lease, started: number): Promise<ImportSummary> {
  const { header, records } = input;
  const db = contactsDb(deps.store.db);
  // A resumed import goes on as it began: its mapping, and the date and notice its source records.
  const mapping = job.mapping;
  const plan = planOf(mapping, header, job.noticeVersion !== null);
  const hashes = await loadHashes(db);
  const writer: ImportWriter = deps.store.sqlite ? new SqliteImportWriter(deps.store.sqlite) : new PgImportWriter(deps.store.db);
  const counts: ImportCounts = { ...job.counts };
  const badRows: BadRow[] = [...job.bad];
  const ctx: BatchContext = {
    importId: job.id,
    sourceId: job.sourceId,
    actor: options.actor,
    noticeVersion: job.noticeVersion,
    collectedAt: job.collectedAt,
    now: started,
    // Its email or phone on the do-not-contact list, and the channels its own line objects to (`object:` columns).
    suppressedChannels: (row) => {
      const listed = hashes.suppressedChannels(row, deps.pseudonymiser);
      return row.objections.length === 0 ? listed : [...new Set([...listed, ...row.objections])];
    },
  };
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const batchValues = options.batchValues ?? BATCH_VALUES;
  let rows: PersonRow[] = [];
  let values = 0;
  let flagged: number[] = [];
  let lastLine = job.doneLine;
  const flush = async (): Promise<void> => {
    const withOutcome = (o: BatchOutcome): ImportCounts => ({ ...counts, created: counts.created + o.created, merged: counts.merged + o.merged, review: counts.review + o.review });
    const checkpoint = { line: lastLine, counts: (o: BatchOutcome) => JSON.stringify(withOutcome(o)), bad: JSON.stringify(badRows), holder: lease.holder, heldUntil: () => Lease.until() };
    const write = (): Promise<BatchOutcome> => writer.batch(rows, flagged, ctx, checkpoint);
    // SQLite has one connection: a batch written while another request's transaction is open would
    // be a savepoint inside it, and lost if that transaction rolls back. It waits for the connection.
    const outcome = deps.store.sqlite ? await deps.store.db.connection().execute(write) : await write();
    Object.assign(counts, withOutcome(outcome));
    rows = [];
    values = 0;
    flagged = [];
    options.onProgress?.({ bytes: input.bytesRead(), size: input.size, rows: counts.rows });
    // A turn for other work of the process (a server's requests): reading and normalising ahead can
    // otherwise chain promise after promise, and the next batch would follow without one.
    await yieldTurn();
  };
  const consume = async ({ records: chunk, results }: Chunk): Promise<void> => {
    const normalised = await results;
    let k = 0;
    let match: TombstoneMatch;
    for (const r of chunk) {
      lastLine = r.line;
      counts.rows++;
      const result = r.kind === 'bad' ? { ok: false as const, line: r.line, column: null, reason: r.reason } : normalised[k++]!;
      if (!result.ok) {
        counts.bad++;
        if (badRows.length < MAX_BAD_KEPT) badRows.push({ line: result.line, column: result.column, reason: result.reason });
      } else if ((match = hashes.erased(result.row, deps.pseudonymiser)) === 'erased') {
        counts.erased++;
        flagged.push(result.row.line);
      } else {
        rows.push(match === null ? result.row : { ...result.row, sharesErased: match.shared });
        values += valuesOf(result.row);
        // Checked at each row: a chunk of a wide file holds thousands of values.
        if (rows.length >= batchRows || values >= batchValues) await flush();
      }
    }
  };
  // Chunks are normalised ahead (up to two batches' worth, in rows and in cells) while the current batch is written.
  const normaliser = await openNormaliser(options, input.size, plan, started);
  const restorePragmas = deps.store.sqlite && typeof options.file === 'string' ? importPragmas(deps.store.sqlite) : null;
  try {
    const ahead: Chunk[] = [];
    let aheadRows = 0;
    let aheadCells = 0;
    for await (const batch of records) {
      const todo = job.doneLine > 0 ? batch.filter((r) => r.line > job.doneLine) : batch;
      const chunk = submit(normaliser, todo);
      ahead.push(chunk);
      aheadRows += todo.length;
      aheadCells += chunk.cells;
      while (aheadRows > 2 * batchRows || (ahead.length > 1 && aheadCells > 2 * batchValues)) {
        const c = ahead.shift()!;
        aheadRows -= c.records.length;
        aheadCells -= c.cells;
        await consume(c);
      }
    }
    for (const c of ahead) await consume(c);
    await flush();
  } finally {
    restorePragmas?.();
    await normaliser.close();
  }
  await lease.finish(Date.now());
  await appendAudit(deps.store.db, deps.store.dialect, { actor: options.actor, action: 'contacts.import', subject: `import:${job.id}`, detail: { source: job.sourceId, ...counts } });
  return { ...counts, importId: job.id, sourceId: job.sourceId, position: input.position, mapping, badRows, resumedAfter: job.doneLine > 0 ? job.doneLine : null, seconds: (Date.now() - started) / 1000 };
}

interface Job {
  readonly id: number;
  readonly sourceId: number;
  readonly mapping: Mapping;
  /** What the source records, for every consent entry of the import (the first run's, when resumed). */
  readonly collectedAt: number;
  readonly noticeVersion: string | null;
  readonly doneLine: number;
  readonly counts: ImportCounts;
  readonly bad: BadRow[];
}

/** Whether an import's counts show rows stored (created or merged into someone). */
function tookRows(counts: string): boolean {
  const c = JSON.parse(counts) as Partial<ImportCounts>;
  return (c.created ?? 0) + (c.merged ?? 0) > 0;
}

/** The import's name: the source's label, else the file's name. */
const label = (options: ImportOptions): string => options.source.label ?? (typeof options.file === 'string' ? options.file.split('/').pop()! : options.file.label);

async function startOrResume(deps: ImportDeps, options: ImportOptions, fileKey: string | null, earlierKeys: readonly string[], mapping: Mapping, now: number, holder: string): Promise<Job> {
  const db = contactsDb(deps.store.db);
  const imports = fileKey === null ? null : db.selectFrom('contact_imports').selectAll().where('file_key', 'in', [fileKey, ...earlierKeys]);
  // At most one unfinished import of a file (a unique index): it is resumed, or refused while it runs.
  const unfinished = await imports?.where('finished_at', 'is', null).executeTakeFirst();
  if (unfinished) return resume(deps, options, unfinished, now, holder);
  const previous = await imports?.orderBy('id', 'desc').executeTakeFirst();
  // An import that took no row (every one bad: a wrong mapping, say) did not import the file: it may be run again, mended.
  if (previous && !options.again && tookRows(previous.counts)) {
    const same = previous.file === label(options) ? '' : `, from ${previous.file}: the same content`;
    throw new InputError(`${String(options.file)} was imported already (import #${previous.id}, ${new Date(Number(previous.finished_at)).toISOString()}${same}; its report: \`hustings contacts imports show ${previous.id}\`, GET /api/contacts/imports/${previous.id}); to import it again, say so (--again)`, String(options.file));
  }
  const counts: ImportCounts = { rows: 0, created: 0, merged: 0, review: 0, erased: 0, bad: 0 };
  try {
    return await db.transaction().execute(async (trx) => {
      const source = await addSource(trx, { ...options.source, kind: options.source.kind ?? 'import', label: label(options), collector: options.source.collector || options.actor }, now);
      const id = await reserveIds(trx, 'contact_imports', 1);
      await trx
        .insertInto('contact_imports')
        // The file's key is kept with --again too, so that an interrupted --again import resumes rather than starts over.
        .values({ id, source_id: source.id, file: label(options), file_key: fileKey, done_line: 0, mapping: JSON.stringify(mapping), actor: options.actor, counts: JSON.stringify(counts), bad: '[]', started_at: now, finished_at: null, held_by: holder, held_until: Lease.until(now) })
        .execute();
      return { id, sourceId: source.id, mapping, collectedAt: options.source.collectedAt, noticeVersion: options.source.noticeVersion ?? null, doneLine: 0, counts, bad: [] };
    });
  } catch (e) {
    // Another run of the same file started its import between the lookup and the insert (one unfinished import per file).
    if (fileKey && isUniqueViolation(e)) return startOrResume(deps, options, fileKey, earlierKeys, mapping, now, holder);
    throw e;
  }
}

/** Takes over an unfinished import whose runner is gone; refuses one that is running. */
async function resume(deps: ImportDeps, options: ImportOptions, found: Selectable<ContactTables['contact_imports']>, now: number, holder: string): Promise<Job> {
  const db = contactsDb(deps.store.db);
  const held = { id: Number(found.id), file: found.file, doneLine: Number(found.done_line), startedAt: Number(found.started_at), heldUntil: found.held_until === null ? null : Number(found.held_until) };
  if (holderAlive(found.held_by, held.heldUntil, now)) throw runningError(held, String(options.file));
  // Taken only as it was read: of two runs that found it left behind, one gets it.
  const previous = await takeOver(db, found, holder, now);
  if (!previous) throw runningError(held, String(options.file));
  const source = await db.selectFrom('contact_sources').select(['collected_at', 'notice_version']).where('id', '=', previous.source_id).executeTakeFirstOrThrow();
  return {
    id: Number(previous.id),
    sourceId: Number(previous.source_id),
    mapping: JSON.parse(previous.mapping) as Mapping,
    collectedAt: Number(source.collected_at),
    noticeVersion: source.notice_version,
    doneLine: Number(previous.done_line),
    counts: JSON.parse(previous.counts) as ImportCounts,
    bad: JSON.parse(previous.bad) as BadRow[],
  };
}

/** Rows held in memory: a header and records of strings, as a CSV would give them. */
export interface InlineRows {
  readonly label: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

interface ImportInput {
  readonly header: readonly string[];
  readonly position: Position;
  readonly records: AsyncIterable<InputRecord[]>;
  /** Why the input is refused when it holds no record (a header line alone), else null. */
  readonly empty: string | null;
  /** The file's identity (its content's, decompressed), for resuming; null in memory. */
  readonly key: string | null;
  /** Keys imports of the file recorded before: a gzip file's was of its compressed bytes. */
  readonly earlierKeys: readonly string[];
  readonly size: number | null;
  bytesRead(): number;
}

async function openFile(path: string): Promise<ImportInput> {
  const input = await openInput(path);
  // By content: the same file copied, downloaded again, touched, gzipped or unzipped is the same import.
  const key = await contentKey(path);
  const earlierKeys = input.gzip ? [await rawContentKey(path)] : [];
  const opened = await openRecords(input);
  const records = await fromFirstRecord(opened.records);
  const empty = records ? null : opened.container === 'csv' ? `${path}: the file has a header line and no rows under it: nothing to import` : `${path}: the file holds no records: nothing to import`;
  return { header: opened.header, records: records ?? opened.records, empty, position: opened.position, key, earlierKeys, size: input.size, bytesRead: () => input.bytesRead() };
}

/** The records from the first one on (batches may come empty before it), or null when there is none. */
async function fromFirstRecord(records: AsyncIterable<InputRecord[]>): Promise<AsyncIterable<InputRecord[]> | null> {
  const it = records[Symbol.asyncIterator]();
  let n = await it.next();
  while (!n.done && n.value.length === 0) n = await it.next();
  if (n.done) return null;
  const first = n.value;
  return {
    async *[Symbol.asyncIterator]() {
      yield first;
      for (let m = await it.next(); !m.done; m = await it.next()) yield m.value;
    },
  };
}

function inlineInput(inline: InlineRows): ImportInput {
  async function* records(): AsyncGenerator<InputRecord[]> {
    yield inline.rows.map((values, i) => ({ kind: 'record' as const, line: i + 2, values: [...values] }));
  }
  return { header: inline.header, records: records(), empty: inline.rows.length ? null : `${inline.label}: no rows: nothing to import`, position: 'line', key: null, earlierKeys: [], size: null, bytesRead: () => 0 };
}
