import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import { ACCESS_FORMAT } from './access';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';

/**
 * Takes erased people out of the files the platform wrote. The convention of `export_lines`:
 * `line` is the 1-based physical line of the file that holds the person (a CSV's header is line 1,
 * so its first record is line 2), and an export writes one record per physical line.
 *
 * Each file is rewritten to a temporary file beside it, then the lines of the people left are
 * renumbered and the temporary file renamed over the original in one transaction (the rename
 * last: if it fails, the renumbering rolls back). Files are read whole: exports are lists for
 * people to use, megabytes at most. Bytes are handled as latin1, which round-trips any encoding.
 */

export interface ScrubbedFile {
  readonly exportId: number;
  /** What the platform wrote there: 'csv', 'audience-…', or 'access' (one person's access export). */
  readonly kind: string;
  readonly path: string;
  readonly removed: number;
  /**
   * 'missing': the file is gone (deleted by hand, another machine); its lines are forgotten.
   * 'changed': the file is not as the platform wrote it, and is left as it is: a line to remove
   * may hold someone else (edited or re-sorted since: a CSV line that does not begin with the
   * person's id, an audience file whose bytes are not those written; `line`: the first line that
   * was to go), or an access export's bytes are not those written (another file was put at its
   * path, or it was edited). Its lines stay registered, for a person to check (`reason`); once the
   * file is mended or moved away, the next erasure finishes it.
   * 'deleted': the file held only the erased person (an access export, as written) and is deleted whole.
   */
  readonly status: 'rewritten' | 'missing' | 'changed' | 'deleted';
  readonly line?: number;
  /** Why a 'changed' file was left as it is. */
  readonly reason?: string;
}

/** People who still have lines in export files but are no longer in the store (erased; their files are due a rewrite). */
export async function erasedWithExportLines(db: AnyDb): Promise<number[]> {
  const c = contactsDb(db);
  const rows = await c
    .selectFrom('export_lines as l')
    .select('l.person_id')
    .distinct()
    .where((eb) => eb.not(eb.exists(eb.selectFrom('people as p').select('p.id').whereRef('p.id', '=', 'l.person_id'))))
    .execute();
  return rows.map((r) => Number(r.person_id));
}

/** Removes the lines of `personIds` from every export file that has some; call after they are erased. */
export async function scrubExports(db: AnyDb, personIds: readonly number[]): Promise<ScrubbedFile[]> {
  const c = contactsDb(db);
  const exportIds = new Set<number>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await c.selectFrom('export_lines').select('export_id').distinct().where('person_id', 'in', personIds.slice(i, i + 500)).execute();
    for (const r of rows) exportIds.add(Number(r.export_id));
  }
  const out: ScrubbedFile[] = [];
  for (const id of [...exportIds].sort((a, b) => a - b)) out.push(await scrubExport(c, id, new Set(personIds)));
  return out;
}

async function scrubExport(c: ContactsDb, exportId: number, erased: ReadonlySet<number>): Promise<ScrubbedFile> {
  const e = await c.selectFrom('contact_exports').select(['path', 'kind', 'digest']).where('id', '=', exportId).executeTakeFirstOrThrow();
  const lines = await c.selectFrom('export_lines').select(['line', 'person_id', 'written_id']).where('export_id', '=', exportId).execute();
  const gone = lines.filter((l) => erased.has(Number(l.person_id))).map((l) => Number(l.line)).sort((a, b) => a - b);
  const text = await readFile(e.path, 'latin1').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const at = { exportId, kind: e.kind, path: e.path };
  if (text === null) {
    await c.transaction().execute((trx) => forget(trx, exportId, gone));
    return { ...at, removed: 0, status: 'missing' };
  }
  if (e.kind === 'access') {
    // Only the file the platform wrote goes: another put at its path since is someone's own.
    const owner = Number(lines[0]?.written_id ?? lines[0]?.person_id);
    if (!isAccessFileAsWritten(text, e.digest, owner)) return { ...at, removed: 0, status: 'changed', reason: ACCESS_CHANGED };
    return deleteWhole(c, at, gone);
  }
  const all = text.split('\n');
  // A CSV export's lines begin with the person's id (its header with person_id): one that does not is not removed blindly.
  if (e.kind === 'csv' && (all[0] ?? '').startsWith('person_id,')) {
    // The id written on the line: the person's, or that of someone merged into them since.
    const owner = new Map(lines.map((l) => [Number(l.line), Number(l.written_id ?? l.person_id)]));
    const wrong = gone.find((n) => !(all[n - 1] ?? '').startsWith(`${owner.get(n)},`));
    if (wrong !== undefined) return { ...at, removed: 0, status: 'changed', line: wrong, reason: `line ${wrong} no longer holds the person it held when written (the file was edited or re-sorted)` };
  } else if (e.digest !== null && sha256(text) !== e.digest && gone.length > 0) {
    // An audience file's lines are hashes that say nothing of whom they hold: only the file as written can be trusted.
    return { ...at, removed: 0, status: 'changed', line: gone[0]!, reason: `its bytes are not those written (the file was edited or re-sorted), and its hashes do not say whom line ${gone[0]!} now holds` };
  }
  const drop = new Set(gone);
  const kept = all.filter((_, i) => !drop.has(i + 1)).join('\n');
  const temp = `${e.path}.${randomBytes(6).toString('hex')}.tmp`;
  const mode = (await stat(e.path)).mode & 0o777;
  await writeFile(temp, kept, { encoding: 'latin1', mode, flush: true });
  try {
    await c.transaction().execute(async (trx) => {
      await forget(trx, exportId, gone);
      await renumber(trx, exportId, gone);
      // The file as the platform now wrote it, for the next erasure to check against.
      if (e.digest !== null) await trx.updateTable('contact_exports').set({ digest: sha256(kept) }).where('id', '=', exportId).execute();
      await rename(temp, e.path);
    });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { ...at, removed: gone.length, status: 'rewritten' };
}

/** The SHA-256 (hex) of a file's bytes, given as latin1 text (one character per byte). */
function sha256(latin1: string): string {
  return createHash('sha256').update(latin1, 'latin1').digest('hex');
}

const ACCESS_CHANGED = 'its bytes are not those of the access export written there (another file was put at its path, or it was edited)';

/**
 * Whether an access export's file is still the one written: its bytes are those recorded
 * (`digest`), or, for one written before digests were recorded, it is an access export of the
 * person (its format and id).
 */
function isAccessFileAsWritten(latin1: string, digest: string | null, personId: number): boolean {
  if (digest !== null) return sha256(latin1) === digest;
  try {
    const x = JSON.parse(Buffer.from(latin1, 'latin1').toString('utf8')) as { format?: unknown; person?: { id?: unknown } };
    return x.format === ACCESS_FORMAT && x.person?.id === personId;
  } catch {
    return false;
  }
}

/** An access export is about its person alone: the file goes, then its registration (a crash between the two finds it 'missing' next time). */
async function deleteWhole(c: ContactsDb, at: Pick<ScrubbedFile, 'exportId' | 'kind' | 'path'>, gone: readonly number[]): Promise<ScrubbedFile> {
  await rm(at.path, { force: true });
  await c.transaction().execute((trx) => forget(trx, at.exportId, gone));
  return { ...at, removed: gone.length, status: 'deleted' };
}

async function forget(trx: ContactsDb, exportId: number, gone: readonly number[]): Promise<void> {
  for (let i = 0; i < gone.length; i += 500) {
    await trx.deleteFrom('export_lines').where('export_id', '=', exportId).where('line', 'in', gone.slice(i, i + 500)).execute();
  }
  await trx
    .updateTable('contact_exports')
    .set({ rows: sql`(SELECT count(*) FROM export_lines WHERE export_id = ${exportId})` })
    .where('id', '=', exportId)
    .execute();
}

/**
 * Moves each line after a removed one up by the number removed before it. Lines go through
 * their negative first: (export_id, line) is unique, and one UPDATE shifting rows onto each
 * other's numbers would trip that check half-way on PostgreSQL.
 */
async function renumber(trx: ContactsDb, exportId: number, gone: readonly number[]): Promise<void> {
  if (gone.length === 0) return;
  for (let k = 0; k < gone.length; k++) {
    const from = gone[k]!;
    const to = gone[k + 1];
    let q = trx
      .updateTable('export_lines')
      .set({ line: sql`-(line - ${k + 1})` })
      .where('export_id', '=', exportId)
      .where('line', '>', from);
    if (to !== undefined) q = q.where('line', '<', to);
    await q.execute();
  }
  await trx.updateTable('export_lines').set({ line: sql`-line` }).where('export_id', '=', exportId).where('line', '<', 0).execute();
}
