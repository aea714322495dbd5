import { EventEmitter } from 'node:events';
import type { Pseudonymiser } from '../core/pseudonym';
import type { BadItem } from './ingest';
import type { Question } from './questions';
import { readItems } from './read-items';
import { cellParamsOf } from './rollup/cells';
import type { CellParams } from './rollup/sum.mjs';
import type { Stage, StageResult } from './stage/stage';
import { termParamsOf } from './terms/cells';
import type { TermParams } from './terms/sum.mjs';
import { openStage } from './stage/stage';
import type { PostStore } from './store';
import { tallyChunk } from './tally';

/** What one live batch did. */
export interface LiveBatchSummary {
  readonly read: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly bad: number;
  readonly skipped: number;
  /** With Redis: posts handed to the stream (the workers store them; stored and duplicates are then 0). */
  readonly queued?: number;
  /** The first bad items, with their line in the batch. */
  readonly badShown: readonly BadItem[];
}

const MAX_BAD_SHOWN = 20;

/**
 * Posts that arrive one batch at a time (the server's POST): parsed in any ingest format,
 * pseudonymised, classified for the question and stored with their rollups, exactly as `listen
 * ingest` stores a file. Emits `stored` after each batch that changed the store, with the rollup
 * and term cells it added when every post of the batch was new (else null: some were there
 * already, and which ones the store does not say), so that live views can update without a recount.
 */
/** The store's change mark before a live POST was stored, and after (see `PostStore.changeMark`). */
export interface StoredMarks {
  readonly before: string;
  readonly after: string;
}

/** The stage's results for a request body (JSON lines, a JSON array or CSV, in any ingest format), chunk by chunk. */
export async function* stagedBody(stage: Stage, body: Buffer, name: string): AsyncGenerator<StageResult> {
  const input = { path: name, size: body.length, gzip: false, bytesRead: () => body.length, chunks: async function* () { yield body; } };
  const { items } = await readItems(input, { format: null });
  for await (const batch of items) yield await stage(batch);
}

export interface LiveEvents {
  stored: [question: string, cells: CellParams[] | null, terms: TermParams[] | null, marks: StoredMarks];
}

/** What the server's POST of posts and its live views need: `LiveIngest`, or `StreamIntake` with Redis. */
export interface LiveIntake {
  readonly question: Question;
  /** Goes up by one with each change live views should show. */
  readonly version: number;
  ingest(body: Buffer, name?: string): Promise<LiveBatchSummary>;
  on(event: 'stored', listener: (...args: LiveEvents['stored']) => void): unknown;
  close?(): Promise<void>;
}

export class LiveIngest extends EventEmitter<LiveEvents> implements LiveIntake {
  /** Goes up by one with each batch that stored something. */
  version = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly stage: Stage,
    private readonly posts: PostStore,
    readonly question: Question,
  ) {
    super();
  }

  static async open(posts: PostStore, pseudonymiser: Pseudonymiser, question: Question, modelPath: string | null, platform = 'generic'): Promise<LiveIngest> {
    const stage = await openStage({ format: null, platform, key: pseudonymiser.exportKey(), question, modelPath, output: 'posts' });
    return new LiveIngest(stage, posts, question);
  }

  /** Stores one batch (JSON lines, a JSON array or CSV); batches are stored one after another. */
  ingest(body: Buffer, name = 'request'): Promise<LiveBatchSummary> {
    const run = this.queue.then(() => this.store(body, name));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async store(body: Buffer, name: string): Promise<LiveBatchSummary> {
    const summary = { read: 0, stored: 0, duplicates: 0, bad: 0, skipped: 0, badShown: [] as BadItem[] };
    // Caches add these cells only if they were read before this batch (else a reload may hold them already).
    const before = await this.posts.changeMark();
    let cells: CellParams[] | null = [];
    const terms: TermParams[] = [];
    for await (const r of stagedBody(this.stage, body, name)) {
      const stored = await this.posts.insertBatch(r.posts, r.classes ? { question: this.question.id, items: r.classes } : null, null);
      tallyChunk(summary, summary.badShown, MAX_BAD_SHOWN, name, r);
      summary.stored += stored;
      summary.duplicates += r.posts.length - stored;
      if (stored < r.posts.length || !r.classes) cells = null;
      else if (cells) r.posts.forEach((p, i) => {
        cells!.push(...cellParamsOf(this.question.id, p.createdAt, r.classes![i]!));
        terms.push(...termParamsOf(this.question.id, p.createdAt, p.text, r.classes![i]!));
      });
    }
    if (summary.stored > 0) {
      this.version++;
      this.emit('stored', this.question.id, cells, cells ? terms : null, { before, after: await this.posts.changeMark() });
    }
    return summary;
  }
}
