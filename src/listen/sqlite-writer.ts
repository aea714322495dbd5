import { Worker } from 'node:worker_threads';
import { StoreError } from '../core/errors';

/** What the writer thread needs: the database file and the statements, compiled by Kysely. */
export interface SqliteWriterSetup {
  readonly path: string;
  readonly insertSql: string;
  readonly checkpointSql: string;
  /** Name of the value bound at each `?` of the checkpoint statement. */
  readonly checkpointFields: readonly string[];
  /** Insert of a post's classification (nothing when it is there) and upsert of a rollup cell. */
  readonly classSql: string;
  readonly rollupSql: string;
  /** Upsert of a term cell (listen_terms). */
  readonly termSql: string;
  /** The time a post is stored under (platform, post id), and a class row moved to it (created_at, question, platform, post id). */
  readonly storedTimeSql: string;
  readonly moveClassSql: string;
}

interface Reply {
  readonly id: number;
  readonly stored?: number;
  readonly error?: string;
}

/**
 * A thread that writes batches to SQLite while the main thread parses the next ones. Each batch
 * is one transaction there, exactly as in-process: a crash keeps whole batches or none.
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(setup: SqliteWriterSetup) {
    this.worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), { workerData: setup });
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`SQLite writer thread exited (code ${code})`)));
    // Idle, a forgotten writer must not keep the process alive; busy, it must.
    this.worker.unref();
  }

  /**
   * Writes rows, their classifications (each with the rollup cells, hour and term lines it adds when new) and the
   * checkpoint (counts before this batch) in one transaction, with `extra` statements (SQL and
   * parameters, e.g. watchlist matches); resolves to the new rows.
   */
  write(rows: unknown[][], classes: { question: string; rows: [unknown[], unknown[][], number, string][] } | null, checkpoint: object | null, now: number, extra: [string, readonly unknown[]][] = []): Promise<number> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows, classes, checkpoint, now, extra });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.error !== undefined) w.reject(new StoreError(`writing a batch of posts failed: ${reply.error}`));
    else w.resolve(reply.stored ?? 0);
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(new StoreError(`writing posts failed: ${error.message}`));
    this.waiting.clear();
  }
}
