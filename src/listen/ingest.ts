import { InputError, RecordError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import type { Pseudonymiser } from '../core/pseudonym';
import type { FormatContext, FormatName, Parsed } from './formats';
import { parseRecord } from './formats';
import type { Post } from './post';
import { Quarantine, quarantineEntry } from './quarantine';
import type { RawItem } from './read-items';
import { readItems } from './read-items';
import { sourceKey } from './source-key';
import type { Checkpoint, IngestCounts, PostStore } from './store';

export interface IngestOptions {
  /** Force one format; null detects it record by record. */
  readonly format: FormatName | null;
  /** Platform name for generic and CSV records that carry none. */
  readonly platform: string;
  readonly batchSize: number;
  /** Write every bad item here (JSON lines). */
  readonly quarantinePath?: string | undefined;
  /** How many bad items the summary lists (all are counted). */
  readonly maxBadShown: number;
  readonly onProgress?: ((p: IngestProgress) => void) | undefined;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { format: null, platform: 'generic', batchSize: 2000, maxBadShown: 20 };

export interface IngestProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly size: number | null;
  readonly counts: IngestCounts;
}

export interface BadItem {
  readonly file: string;
  readonly line: number;
  readonly error: string;
}

export interface FileSummary extends IngestCounts {
  readonly path: string;
  readonly container: string | null;
  /** Items skipped because an interrupted earlier run had committed them. */
  readonly resumedAt: number;
  readonly error: string | null;
}

export interface IngestSummary extends IngestCounts {
  readonly files: FileSummary[];
  readonly badShown: BadItem[];
  /** Files that could not be read to the end (their committed posts are kept). */
  readonly failedFiles: number;
  readonly elapsedMs: number;
}

export interface IngestDeps {
  readonly posts: PostStore;
  readonly pseudonymiser: Pseudonymiser;
}

function zero(): IngestCounts {
  return { read: 0, stored: 0, duplicates: 0, bad: 0, skipped: 0 };
}

function add(total: IngestCounts, part: IngestCounts): void {
  total.read += part.read;
  total.stored += part.stored;
  total.duplicates += part.duplicates;
  total.bad += part.bad;
  total.skipped += part.skipped;
}

/**
 * Reads inputs, turns every record into pseudonymised posts, and stores them in batches, each in
 * one transaction with the file's checkpoint. Re-running the same file stores nothing twice; a
 * run killed mid-way continues from its last committed batch. Bad items are counted, reported
 * and quarantined, and never stop the run.
 */
export async function ingestFiles(paths: readonly string[], deps: IngestDeps, options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  for (const path of paths) await checkReadable(path);
  const plans = await Promise.all(paths.map(async (path) => plan(path, deps.posts)));
  const quarantine = options.quarantinePath ? new Quarantine(options.quarantinePath) : null;
  await quarantine?.start(new Map(plans.filter((p) => p.resumeAt > 0).map((p) => [p.path, p.resumeAt])));
  const total = zero();
  const files: FileSummary[] = [];
  const badShown: BadItem[] = [];
  for (const p of plans) {
    const run = new FileRun(p, deps, options, quarantine, badShown);
    const summary = await run.execute();
    files.push(summary);
    add(total, summary);
  }
  return { ...total, files, badShown, failedFiles: files.filter((f) => f.error).length, elapsedMs: Date.now() - started };
}

interface FilePlan {
  readonly path: string;
  readonly key: string | null;
  readonly resumeAt: number;
  readonly counts: IngestCounts;
}

async function plan(path: string, posts: PostStore): Promise<FilePlan> {
  const key = await sourceKey(path);
  const cp = key ? await posts.checkpoint(key) : null;
  if (!key || !cp || cp.status === 'done') return { path, key, resumeAt: 0, counts: zero() };
  const { read, stored, duplicates, bad, skipped } = cp;
  return { path, key, resumeAt: cp.position, counts: { read, stored, duplicates, bad, skipped } };
}

/** "truncated" when the parser ran out of input, which is what a cut-off line looks like. */
export function jsonError(error: Error, text: string): string {
  const m = error.message;
  const at = /at position (\d+)/.exec(m);
  const atEnd = at !== null && Number(at[1]) >= text.trimEnd().length;
  if (atEnd || /Unexpected end of JSON input|Unterminated string/i.test(m)) return `truncated JSON (${m})`;
  return `not valid JSON (${m})`;
}

/** One input file's run: items in, batches out, counts and checkpoint kept together. */
class FileRun {
  private readonly counts: IngestCounts;
  private readonly ctx: FormatContext;
  private readonly name: string;
  private batch: Post[] = [];
  private position = 0;
  private container: string | null = null;
  private bytesRead: () => number = () => 0;
  private size: number | null = null;

  constructor(
    private readonly plan: FilePlan,
    private readonly deps: IngestDeps,
    private readonly options: IngestOptions,
    private readonly quarantine: Quarantine | null,
    private readonly badShown: BadItem[],
  ) {
    this.counts = { ...plan.counts };
    this.name = plan.path === '-' ? 'stdin' : plan.path;
    this.ctx = { pseudonym: (platform, value) => deps.pseudonymiser.pseudonym(platform, value), platform: options.platform };
  }

  async execute(): Promise<FileSummary> {
    let error: string | null = null;
    try {
      const input = await openInput(this.plan.path);
      this.bytesRead = input.bytesRead;
      this.size = input.size;
      const { container, items } = await readItems(input, { format: this.options.format });
      this.container = container;
      for await (const batch of items) await this.consume(batch);
      await this.flush('done');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      error = e.message;
      await this.flush('running');
    }
    return { path: this.name, container: this.container, resumedAt: this.plan.resumeAt, error, ...this.counts };
  }

  private async consume(items: readonly RawItem[]): Promise<void> {
    for (const item of items) {
      this.position++;
      if (this.position <= this.plan.resumeAt) continue;
      this.handle(item);
      if (this.batch.length >= this.options.batchSize) await this.flush('running');
    }
    this.options.onProgress?.({ file: this.name, bytesRead: this.bytesRead(), size: this.size, counts: this.counts });
  }

  private handle(item: RawItem): void {
    if (item.kind === 'bad') {
      this.reject(item.line, item.reason, item.preview, true);
      return;
    }
    let value: unknown;
    if (item.kind === 'row') value = item.record;
    else {
      try {
        value = JSON.parse(item.text);
      } catch (e) {
        this.reject(item.line, jsonError(e as Error, item.text), Buffer.from(item.text.slice(0, 65536)), item.text.length > 65536);
        return;
      }
    }
    let parsed: Parsed;
    try {
      parsed = parseRecord(value, item.kind === 'row' ? 'csv' : this.options.format, this.ctx);
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      this.reject(item.line, e.message, Buffer.from(item.kind === 'row' ? JSON.stringify(item.record) : item.text), false);
      return;
    }
    this.counts.read += parsed.posts.length + parsed.skipped;
    this.counts.skipped += parsed.skipped;
    for (const post of parsed.posts) this.batch.push(post);
    for (const message of parsed.errors) this.reject(item.line, message, Buffer.alloc(0), false);
  }

  private reject(line: number, error: string, raw: Buffer, truncated: boolean): void {
    this.counts.read++;
    this.counts.bad++;
    if (this.badShown.length < this.options.maxBadShown) this.badShown.push({ file: this.name, line, error });
    this.quarantine?.add(quarantineEntry(this.plan.path, line, this.position, error, raw.subarray(0, 65536), truncated));
  }

  private async flush(status: Checkpoint['status']): Promise<void> {
    const posts = this.batch;
    this.batch = [];
    const key = this.plan.key;
    const stored = await this.deps.posts.insertBatch(posts, (storedNow) => {
      this.counts.stored += storedNow;
      this.counts.duplicates += posts.length - storedNow;
      return key ? { sourceKey: key, path: this.plan.path, position: this.position, status, ...this.counts } : null;
    });
    void stored;
    await this.quarantine?.flush();
  }
}
