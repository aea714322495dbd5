import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { appendFile, rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { isUtf8 } from 'node:buffer';

/** One bad item as written to the quarantine file (JSON lines). */
export interface QuarantineEntry {
  readonly file: string;
  readonly line: number;
  /** Ordinal of the item in its file: what a resumed run uses to avoid writing it twice. */
  readonly item: number;
  readonly error: string;
  /** The bad input as text; `rawBase64` instead when it is not UTF-8. */
  readonly raw?: string;
  readonly rawBase64?: string;
  /** True when only the first bytes of a longer input are kept. */
  readonly truncated: boolean;
}

export const QUARANTINE_PREVIEW_BYTES = 64 * 1024;

/**
 * Entries held, or their bytes, past which the run commits early so that they are written: were
 * they held until a batch of posts fills, a file of bad lines only would hold all of them.
 */
const MAX_PENDING_ENTRIES = 5000;
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

export function quarantineEntry(file: string, line: number, item: number, error: string, raw: Buffer, truncated: boolean): QuarantineEntry {
  const body = isUtf8(raw) ? { raw: raw.toString('utf8') } : { rawBase64: raw.toString('base64') };
  return { file, line, item, error, ...body, truncated: truncated || raw.length >= QUARANTINE_PREVIEW_BYTES };
}

/**
 * Bad items, appended once their batch is committed. The file keeps what earlier runs put in it
 * about other files (a cron job's fixed bad.jsonl); entries about the files this run reads are
 * dropped first — all of them for a file read from its start, those past the last commit for a
 * file resumed — so that no entry is ever written twice.
 */
export class Quarantine {
  private pending: QuarantineEntry[] = [];
  private pendingBytes = 0;

  constructor(private readonly path: string) {}

  /** `files`: each file this run reads, and the item it resumes after (0: from its start). */
  async start(files: ReadonlyMap<string, number>): Promise<void> {
    const tmp = `${this.path}.tmp`;
    // Streamed: a file that grew over many runs is not held in memory.
    const out = createWriteStream(tmp, { mode: 0o600 });
    try {
      if (existsSync(this.path)) {
        const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
        for await (const line of lines) {
          if (keep(line, files) && !out.write(`${line}\n`)) await once(out, 'drain');
        }
      }
    } finally {
      out.end();
      await once(out, 'finish');
    }
    await rename(tmp, this.path);
  }

  add(entry: QuarantineEntry): void {
    this.pending.push(entry);
    this.pendingBytes += (entry.raw ?? entry.rawBase64 ?? '').length + entry.error.length;
  }

  /** True when enough entries are held that they should be committed and written now. */
  get full(): boolean {
    return this.pending.length >= MAX_PENDING_ENTRIES || this.pendingBytes >= MAX_PENDING_BYTES;
  }

  /** The entries added since the last call: those of the batch about to be written. */
  take(): QuarantineEntry[] {
    const entries = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return entries;
  }

  /** Call once the batch holding these entries is committed. */
  async append(entries: readonly QuarantineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await appendFile(this.path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
}

function keep(line: string, files: ReadonlyMap<string, number>): boolean {
  try {
    const e = JSON.parse(line) as QuarantineEntry;
    const upTo = files.get(e.file);
    return upTo === undefined || e.item <= upTo;
  } catch {
    return false;
  }
}
