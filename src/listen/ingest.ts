import { createHash } from 'node:crypto';
import { settledOrAborted } from '../core/abort';
import { InputError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import type { Pseudonymiser } from '../core/pseudonym';
import type { Classification } from './classify';
import type { FormatName } from './formats';
import type { Post } from './post';
import type { Question } from './questions';
import { DEFAULT_THREADS, StageRunner } from './stage/runner';
import type { StageResult, StageSetup } from './stage/stage';
import { Quarantine, quarantineEntry } from './quarantine';
import type { RawItem } from './read-items';
import { readItems } from './read-items';
import { sourceKey } from '../core/source-key';
import { tallyChunk } from './tally';
import type { BatchClasses, Checkpoint, IngestCounts } from './store';

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
  /** Worker threads that parse and classify; 0 or null: in-process. */
  readonly threads?: number | null | undefined;
  /** Aborted (SIGTERM, Ctrl-C): stop reading, commit what was read, and end as a stopped run. */
  readonly signal?: AbortSignal | undefined;
  /** When the input pauses this long with posts in hand (a slow stream on standard input), they are committed now, ms. */
  readonly idleFlushMs?: number | undefined;
}

/** The default of `idleFlushMs`: a slow stream's posts reach the store or the stream within about a second. */
export const IDLE_FLUSH_MS = 1000;

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { format: null, platform: 'generic', batchSize: 5000, maxBadShown: 20 };

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
  /** Stopped by a signal before the end of its input (a file not read to its end, or not begun): what was read is committed, a re-run of a file resumes. */
  readonly stopped?: boolean;
  /** Posts of this run dated more than FUTURE_MARGIN_MS after it started (a wrong clock or a misread date?), and the latest such time. */
  readonly future: FuturePosts;
}

export interface FuturePosts {
  posts: number;
  latest: number | null;
}

/** A post dated later than this after the run started is counted as from the future (time zones and clock skew stay under it). */
export const FUTURE_MARGIN_MS = 24 * 3600 * 1000;

/**
 * Where an ingest puts its posts: the store (`PostStore`), or a Redis stream that workers read
 * (`StreamSink`). Each batch goes with the checkpoint of the input it covers, atomically.
 */
export interface PostSink {
  /** Stores a batch with its checkpoint (counts before the batch); returns how many posts were new. */
  insertBatch(posts: readonly Post[], classes: BatchClasses | null, checkpoint: Checkpoint | null): Promise<number>;
  /** The checkpoint of an input, to resume an interrupted run. */
  checkpoint(sourceKey: string): Promise<Checkpoint | null>;
  /** Called once at the end of a run. */
  release(): Promise<void>;
}

export interface IngestDeps {
  readonly posts: PostSink;
  readonly pseudonymiser: Pseudonymiser;
  /** The question (and model) each post is classified for; stored with it and rolled up. Null: posts only. */
  readonly classify?: { readonly question: Question; readonly modelPath: string | null } | null | undefined;
}

/** Items parsed together: the unit in which results are applied and positions advance. */
const CHUNK_ITEMS = 1000;

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
  // What changes the stored posts is part of a file's checkpoint: a run with another platform, format
  // or question starts the file over instead of resuming it half one way and half the other.
  const meaning = JSON.stringify([options.platform, options.format, deps.classify?.question.id ?? null, deps.classify?.modelPath ?? null]);
  const plans = await Promise.all(paths.map(async (path) => plan(path, deps.posts, meaning)));
  const quarantine = options.quarantinePath ? new Quarantine(options.quarantinePath) : null;
  await quarantine?.start(new Map(plans.map((p) => [p.path, p.resumeAt])));
  const setup: StageSetup = {
    format: options.format,
    platform: options.platform,
    key: deps.pseudonymiser.exportKey(),
    question: deps.classify?.question ?? null,
    modelPath: deps.classify?.modelPath ?? null,
    output: 'posts',
  };
  const threads = options.threads ?? DEFAULT_THREADS;
  const runner = await StageRunner.open<ChunkTag>(setup, threads, (r, tag) => tag.run.apply(r, tag));
  const total = zero();
  const files: FileSummary[] = [];
  let cut = false;
  const badShown: BadItem[] = [];
  const future: FuturePosts & { after: number } = { posts: 0, latest: null, after: started + FUTURE_MARGIN_MS };
  try {
    for (const p of plans) {
      // Stopped: the files not begun are left for a re-run (each resumes from its checkpoint).
      if (options.signal?.aborted) break;
      const run = new FileRun(p, deps, runner, options, quarantine, badShown, future);
      const summary = await run.execute();
      cut ||= run.stopped;
      files.push(summary);
      add(total, summary);
    }
  } finally {
    await runner.close();
    await deps.posts.release();
  }
  return { ...total, files, badShown, failedFiles: files.filter((f) => f.error).length, elapsedMs: Date.now() - started, stopped: cut || files.length < plans.length, future: { posts: future.posts, latest: future.latest } };
}

interface FilePlan {
  readonly path: string;
  readonly key: string | null;
  readonly resumeAt: number;
  readonly counts: IngestCounts;
}

async function plan(path: string, posts: PostSink, meaning: string): Promise<FilePlan> {
  const file = await sourceKey(path);
  const key = file && `${file}|${createHash('sha256').update(meaning).digest('hex').slice(0, 12)}`;
  const cp = key ? await posts.checkpoint(key) : null;
  if (!key || !cp || cp.status === 'done') return { path, key, resumeAt: 0, counts: zero() };
  const { read, stored, duplicates, bad, skipped } = cp;
  return { path, key, resumeAt: cp.position, counts: { read, stored, duplicates, bad, skipped } };
}

/**
 * The next items, or 'idle' when none come within `idleMs` (null: wait), or 'stopped' when the
 * signal aborts; neither the timer nor the abort listener outlives the items' arrival.
 */
function nextOrPause<T>(next: Promise<T>, idleMs: number | null, signal: AbortSignal | undefined): Promise<T | 'idle' | 'stopped'> {
  return settledOrAborted(idleMs === null ? next : orIdle(next, idleMs), signal, () => 'stopped' as const);
}

/** `next`, or 'idle' when it has not come within `ms`. */
function orIdle<T>(next: Promise<T>, ms: number): Promise<T | 'idle'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('idle'), ms);
    next.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Which file a chunk belongs to, and which items (ordinals within the file) it holds. */
interface ChunkTag {
  readonly run: FileRun;
  readonly first: number;
  readonly last: number;
}

/**
 * One input file's run. Items are parsed and classified in chunks (on worker threads for large
 * inputs), applied in input order, and committed in batches; a checkpoint always marks a prefix
 * of the file.
 */
class FileRun {
  private readonly counts: IngestCounts;
  private readonly name: string;
  private batch: Post[] = [];
  private classes: Classification[] = [];
  private chunk: RawItem[] = [];
  private chunkFirst = 1;
  /** Ordinal of the last item read. */
  private position = 0;
  /** Ordinal of the last item whose chunk is applied: every item up to it is in a batch. */
  private applied: number;
  private container: string | null = null;
  private bytesRead: () => number = () => 0;
  private writing: Promise<void> = Promise.resolve();
  private size: number | null = null;
  /** Stopped by the signal before the end of the file (known once `execute` returns). */
  stopped = false;

  constructor(
    private readonly plan: FilePlan,
    private readonly deps: IngestDeps,
    private readonly runner: StageRunner<ChunkTag>,
    private readonly options: IngestOptions,
    private readonly quarantine: Quarantine | null,
    private readonly badShown: BadItem[],
    private readonly future: FuturePosts & { readonly after: number },
  ) {
    this.counts = { ...plan.counts };
    this.name = plan.path === '-' ? 'stdin' : plan.path;
    this.applied = plan.resumeAt;
  }

  async execute(): Promise<FileSummary> {
    let error: string | null = null;
    try {
      const input = await openInput(this.plan.path);
      this.bytesRead = input.bytesRead;
      this.size = input.size;
      const { container, items } = await readItems(input, { format: this.options.format });
      this.container = container;
      this.stopped = await this.readAll(items[Symbol.asyncIterator]());
      await this.finish(this.stopped ? 'running' : 'done');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      error = e.message;
      // Keep what was read before the input broke: parse it, apply it, commit it.
      await this.finish('running');
    }
    return { path: this.name, container: this.container, resumedAt: this.plan.resumeAt, error, ...this.counts };
  }

  /**
   * Reads every item; while the input pauses with posts in hand, commits them (a slow stream is
   * not held until a batch fills). Returns true when stopped by the signal before the end: the
   * item being waited for is not read, and the input is left to its owner to close.
   */
  private async readAll(it: AsyncIterator<readonly RawItem[]>): Promise<boolean> {
    let next = it.next();
    for (;;) {
      const pending = this.chunk.length > 0 || this.batch.length > 0;
      const r = await nextOrPause(next, pending ? (this.options.idleFlushMs ?? IDLE_FLUSH_MS) : null, this.options.signal);
      if (r === 'stopped') return true;
      if (r === 'idle') {
        await this.commitNow();
        continue;
      }
      if (r.done) return false;
      await this.consume(r.value);
      next = it.next();
    }
  }

  /** Commits every item read so far, and waits for it (the input is paused). */
  private async commitNow(): Promise<void> {
    await this.submit();
    await this.runner.drain();
    await this.flush('running');
    await this.writing;
  }

  private async consume(items: readonly RawItem[]): Promise<void> {
    for (const item of items) {
      this.position++;
      if (this.position <= this.plan.resumeAt) continue;
      if (this.chunk.length === 0) this.chunkFirst = this.position;
      this.chunk.push(item);
      if (this.chunk.length >= CHUNK_ITEMS) await this.submit();
    }
    this.options.onProgress?.({ file: this.name, bytesRead: this.bytesRead(), size: this.size, counts: this.counts });
  }

  private async submit(): Promise<void> {
    if (this.chunk.length === 0) return;
    const items = this.chunk;
    this.chunk = [];
    await this.runner.submit(items, { run: this, first: this.chunkFirst, last: this.position });
  }

  /** Submits what is left, waits for every chunk, commits the last batch and waits for it. */
  private async finish(status: Checkpoint['status']): Promise<void> {
    await this.submit();
    await this.runner.drain();
    await this.flush(status);
    await this.writing;
  }

  /** Applies a chunk's result, in input order: counts, posts and classifications, bad items. */
  async apply(r: StageResult, tag: ChunkTag): Promise<void> {
    tallyChunk(this.counts, this.badShown, this.options.maxBadShown, this.name, r);
    for (const post of r.posts) {
      this.batch.push(post);
      if (post.createdAt > this.future.after) {
        this.future.posts++;
        this.future.latest = Math.max(this.future.latest ?? 0, post.createdAt);
      }
    }
    if (r.classes) for (const c of r.classes) this.classes.push(c);
    for (const x of r.rejects) this.quarantine?.add(quarantineEntry(this.plan.path, x.line, tag.first + x.index, x.error, Buffer.from(x.raw), x.truncated));
    this.applied = tag.last;
    // Bad items are committed (and written) as they pile up too, posts or not: memory stays flat.
    if (this.batch.length >= this.options.batchSize || this.quarantine?.full) await this.flush('running');
  }

  /**
   * Hands the batch to the store and returns without waiting for it, so that the next batch is
   * parsed while this one is written. One write at a time: each checkpoint carries the counts of
   * every batch before it. Quarantine entries are appended once their batch is committed.
   */
  private async flush(status: Checkpoint['status']): Promise<void> {
    await this.writing;
    const posts = this.batch;
    const items = this.classes;
    this.batch = [];
    this.classes = [];
    const question = this.deps.classify?.question.id;
    const classes = question ? { question, items } : null;
    const entries = this.quarantine?.take() ?? [];
    const key = this.plan.key;
    const base = key ? { sourceKey: key, path: this.plan.path, position: this.applied, status, ...this.counts } : null;
    this.writing = this.deps.posts.insertBatch(posts, classes, base).then(async (stored) => {
      this.counts.stored += stored;
      this.counts.duplicates += posts.length - stored;
      await this.quarantine?.append(entries);
    });
    // Awaited before the next write, or at the end of the file; never left unhandled meanwhile.
    this.writing.catch(() => undefined);
  }
}
