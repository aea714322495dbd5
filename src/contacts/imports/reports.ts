import { NotFoundError } from '../../core/errors';
import type { AnyDb } from '../../store';
import { contactsDb } from '../tables';
import { holderAlive } from './lease';
import type { ImportCounts } from './run';
import type { BadRow } from './row';

/**
 * The reports of file imports, as stored with each batch: what a client that lost its answer
 * (a closed browser tab, a dropped connection) or a later reader wants to know. Sign-ups, one
 * import a form, are left out. Nothing personal: the file's name, counts, and bad rows by line,
 * column and reason.
 */
export interface ImportReport {
  readonly id: number;
  readonly file: string;
  readonly sourceId: number;
  readonly actor: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** running: its run holds it now; interrupted: unfinished, and the next run of the file resumes it. */
  readonly state: 'finished' | 'running' | 'interrupted';
  /** The last line (or record) committed. */
  readonly doneLine: number;
  readonly counts: ImportCounts;
  /** The first bad rows (never their values); only in a single report. */
  readonly badRows?: readonly BadRow[];
}

export const MAX_REPORTS = 1000;

type Row = { id: number; file: string; source_id: number; actor: string; started_at: number; finished_at: number | null; done_line: number; counts: string; bad: string; held_by: string | null; held_until: number | null };

function reportOf(r: Row, now: number, withBad: boolean): ImportReport {
  const finishedAt = r.finished_at === null ? null : Number(r.finished_at);
  const state = finishedAt !== null ? 'finished' : holderAlive(r.held_by, r.held_until === null ? null : Number(r.held_until), now) ? 'running' : 'interrupted';
  const base = { id: Number(r.id), file: r.file, sourceId: Number(r.source_id), actor: r.actor, startedAt: Number(r.started_at), finishedAt, state, doneLine: Number(r.done_line), counts: JSON.parse(r.counts) as ImportCounts } as const;
  return withBad ? { ...base, badRows: JSON.parse(r.bad) as BadRow[] } : base;
}

const fileImports = (db: AnyDb) =>
  contactsDb(db)
    .selectFrom('contact_imports as i')
    .innerJoin('contact_sources as s', 's.id', 'i.source_id')
    .where('s.kind', '!=', 'signup')
    .select(['i.id', 'i.file', 'i.source_id', 'i.actor', 'i.started_at', 'i.finished_at', 'i.done_line', 'i.counts', 'i.bad', 'i.held_by', 'i.held_until']);

/** File imports, newest first; `before`: older than that id (the next page). */
export async function listImports(db: AnyDb, query: { limit?: number; before?: number } = {}, now = Date.now()): Promise<ImportReport[]> {
  let q = fileImports(db);
  if (query.before !== undefined) q = q.where('i.id', '<', query.before);
  const rows = await q.orderBy('i.id', 'desc').limit(Math.min(query.limit ?? 50, MAX_REPORTS)).execute();
  return rows.map((r) => reportOf(r as Row, now, false));
}

/** One import's report, with its bad rows. */
export async function importReport(db: AnyDb, id: number, now = Date.now()): Promise<ImportReport> {
  const row = await fileImports(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`import ${id}: no such file import`);
  return reportOf(row as Row, now, true);
}
