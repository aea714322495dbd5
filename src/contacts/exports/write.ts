import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { InputError } from '../../core/errors';
import { outputFile } from '../../core/output';
import type { AnyDb, DialectName } from '../../store';
import { appendAudit } from '../audit';
import type { Actor } from '../errors';
import { requireAdmin } from '../errors';
import type { Use } from '../gate';
import { reserveIds } from '../ids';
import type { Scope } from '../scope';
import { scopeOf } from '../scope';
import type { ContactsDb } from '../tables';
import { contactsDb } from '../tables';
import type { ExportPerson } from './pages';
import { audiencePages, EXPORT_PAGE } from './pages';
import type { Target } from './target';
import { describeTarget, resolveTarget } from './target';

/** The store an export writes to: its handle, and the dialect the audit log needs. */
export interface ExportStore {
  readonly db: AnyDb;
  readonly dialect: DialectName;
}

export interface ExportRequest extends Target {
  readonly use: Use;
  /** Who exports: only admins may. */
  readonly actor: Actor;
  /** Whom the actor sees; by default the actor's own scope (everyone, for an admin). */
  readonly scope?: Scope | undefined;
  readonly path: string;
  /** Replace the file at `path` even if it is an earlier export edited since (never a file the platform did not export). */
  readonly overwrite?: boolean | undefined;
  readonly now?: number | undefined;
  /** Called after each page with the lines and people written so far. */
  readonly onProgress?: ((lines: number, people: number) => void) | undefined;
}

export interface ExportResult {
  readonly id: number;
  readonly path: string;
  /** Data lines written (a person with two emails has two). */
  readonly rows: number;
  readonly people: number;
}

/** What kind of file: its header, and the data lines of one person (none to leave them out). */
export interface ExportFormat {
  readonly kind: string;
  readonly header: string;
  lines(person: ExportPerson): string[];
}

const EOL = '\r\n';
const LINES_PER_INSERT = 1_000;

async function writeChunk(stream: WriteStream, digest: Hash, text: string): Promise<void> {
  digest.update(text, 'utf8');
  if (!stream.write(text)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

interface Pass {
  readonly exportId: number;
  readonly stream: WriteStream;
  /** Of every byte written: the file's SHA-256 once complete. */
  readonly digest: Hash;
  readonly format: ExportFormat;
}

/** The SHA-256 (hex) of the file's bytes, read as a stream; null when there is no file. */
async function fileSha256(path: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}

/** What a new export at a path replaced. */
export interface Replaced {
  /** The latest export registered at the path, whose file the new one replaces; null when there was none. */
  readonly export: number | null;
  /** Whether that file was no longer as written (or, written before digests, could not be told) and was replaced as asked. */
  readonly changed: boolean;
}

const KIND_NAMES: Readonly<Record<string, string>> = { access: 'access export', csv: 'CSV export' };

/** What an export's kind is called in messages: 'access export', 'CSV export', 'audience file'. */
function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? (kind.startsWith('audience-') ? 'audience file' : `${kind} export`);
}

/**
 * Earlier exports registered at `path`, whose file a new export replaces: their line registry goes
 * (the export rows stay, as history). A file there that the platform did not export (the store
 * itself, its key, a spreadsheet someone keeps) is refused instead: only its own exports are
 * replaced, whatever `overwrite` says. So is the latest export's file when its bytes are no longer
 * those written (recorded in `digest`, and kept up to date by erasures' rewrites): someone edited
 * it, or put their own file there, and an erasure may have left it in place; and one written before
 * digests were recorded, which cannot be told from an edited one. Those two are replaced only when
 * the caller says so (`overwrite`: the CLI's --overwrite). A missing file stands in no one's way.
 */
export async function retireExportsAt(trx: ContactsDb, path: string, option: string, overwrite = false): Promise<Replaced> {
  const earlier = await trx.selectFrom('contact_exports').select(['id', 'kind', 'digest']).where('path', '=', path).orderBy('id', 'desc').execute();
  if (earlier.length === 0) {
    if (existsSync(path)) throw new InputError(`${option} ${path}: a file is there that hustings did not export (it replaces only its own earlier exports); choose another path, or move that file first`, path);
    return { export: null, changed: false };
  }
  const latest = earlier[0]!;
  const found = await fileSha256(path);
  const changed = found !== null && found !== latest.digest;
  if (changed && !overwrite) {
    const what = kindName(latest.kind);
    const why = latest.digest === null ? `is a ${what} written before hustings recorded the bytes of its exports, so whether it was edited since cannot be told` : `is not the ${what} hustings wrote (its bytes differ: it was edited, or another file was put there)`;
    throw new InputError(`${option} ${path}: the file there ${why}; choose another path, move that file first, or pass --overwrite to replace it`, path);
  }
  const ids = earlier.map((e) => Number(e.id));
  await trx.deleteFrom('export_lines').where('export_id', 'in', ids).execute();
  await trx.updateTable('contact_exports').set({ rows: 0 }).where('id', 'in', ids).execute();
  return { export: Number(latest.id), changed };
}

/** What the audit entry of an export says of the file it replaced: the earlier export, and `forced` when that file had changed since (replaced as asked). */
export function replacedDetail(replaced: Replaced): Record<string, unknown> {
  if (replaced.export === null) return {};
  return replaced.changed ? { replaces: replaced.export, forced: true } : { replaces: replaced.export };
}

/** Streams the audience into the file page by page, recording which line holds whom. */
async function writeLines(trx: ContactsDb, pass: Pass, pages: AsyncGenerator<ExportPerson[]>, onProgress: ExportRequest['onProgress']): Promise<{ rows: number; people: number }> {
  // Line numbers are the file's: the header is line 1, so an erasure can rewrite exactly the lines of a person.
  let line = 1;
  let people = 0;
  for await (const page of pages) {
    const records: { export_id: number; line: number; person_id: number }[] = [];
    let text = '';
    for (const person of page) {
      const lines = pass.format.lines(person);
      if (lines.length) people++;
      for (const l of lines) {
        records.push({ export_id: pass.exportId, line: ++line, person_id: person.id });
        text += l + EOL;
      }
    }
    await writeChunk(pass.stream, pass.digest, text);
    for (let i = 0; i < records.length; i += LINES_PER_INSERT) await trx.insertInto('export_lines').values(records.slice(i, i + LINES_PER_INSERT)).execute();
    onProgress?.(line - 1, people);
  }
  return { rows: line - 1, people };
}

/**
 * Writes an export: checks the actor is an admin, selects the audience through the gate
 * (`audienceQuery`, via `audiencePages`), writes the file (owner-readable only, renamed into
 * place when complete), and in one transaction registers it in `contact_exports`, every data
 * line in `export_lines`, and an audit entry without personal data. On failure nothing is kept.
 */
export async function writeExport(store: ExportStore, req: ExportRequest, format: ExportFormat): Promise<ExportResult> {
  requireAdmin(req.actor, `contacts export ${format.kind}`);
  const now = req.now ?? Date.now();
  // Registered by its absolute path, so that erasure finds it again from any folder.
  const path = outputFile(req.path, 'export file');
  const partial = `${path}.partial`;
  const db = contactsDb(store.db);
  let renamed = false;
  try {
    return await db.transaction().execute(async (trx) => {
      const scope = req.scope ?? (await scopeOf(trx, req.actor, now));
      const input = await resolveTarget(trx, req, req.use, scope, now);
      // The file at this path is about to be replaced: the lines of earlier exports written there no longer exist (erasure must not look for them).
      const replaced = await retireExportsAt(trx, path, 'export file', req.overwrite ?? false);
      const exportId = await reserveIds(trx, 'contact_exports', 1);
      const base = { id: exportId, kind: format.kind, path, purpose: req.use.purpose, channel: req.use.channel, created_by: req.actor.name, created_at: now };
      await trx.insertInto('contact_exports').values({ ...base, rows: 0 }).execute();
      const stream = createWriteStream(partial, { mode: 0o600 });
      const digest = createHash('sha256');
      let counts: { rows: number; people: number };
      try {
        await writeChunk(stream, digest, format.header + EOL);
        counts = await writeLines(trx, { exportId, stream, digest, format }, audiencePages(trx, input, EXPORT_PAGE), req.onProgress);
      } finally {
        await closeStream(stream);
      }
      await trx.updateTable('contact_exports').set({ rows: counts.rows, digest: digest.digest('hex') }).where('id', '=', exportId).execute();
      const detail = { export: exportId, kind: format.kind, purpose: req.use.purpose, channel: req.use.channel, rows: counts.rows, people: counts.people, ...describeTarget(req), ...replacedDetail(replaced) };
      await appendAudit(trx, store.dialect, { actor: req.actor.name, action: 'contacts.export', subject: null, detail }, now);
      renameSync(partial, path);
      renamed = true;
      return { id: exportId, path, ...counts };
    });
  } catch (error) {
    // A file with personal data must not outlive a failed registration: erasure could not find it.
    rmSync(renamed ? path : partial, { force: true });
    throw error;
  }
}
