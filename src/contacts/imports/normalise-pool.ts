import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../../core/bundle.mjs';
import type { Plan } from './normalise-row';
import { normaliseRecord } from './normalise-row';
import type { RowResult } from './row';

export interface NormaliseSetup {
  readonly plan: Plan;
  readonly now: number;
}

/** Records of one chunk, by line (values in header order). */
export interface NormaliseJob {
  readonly id: number;
  readonly lines: readonly number[];
  readonly values: readonly (readonly (string | undefined)[])[];
}

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly results?: RowResult[];
  readonly error?: string;
}

/** Normalises chunks of records: in worker threads, or in this thread when it has none. */
export interface Normaliser {
  normalise(lines: readonly number[], values: readonly (readonly (string | undefined)[])[]): Promise<RowResult[]>;
  close(): Promise<void>;
}

/** Threads worth starting on this machine: one core stays with the reader and the writer. */
export function defaultNormaliseThreads(): number {
  return Math.min(3, Math.max(1, availableParallelism() - 1));
}

/** The in-process normaliser (small files, tests): no thread to start. */
export function inProcessNormaliser(setup: NormaliseSetup): Normaliser {
  return {
    normalise: async (lines, values) => lines.map((line, i) => normaliseRecord(values[i]!, line, setup.plan, setup.now)),
    close: async () => undefined,
  };
}

/**
 * Worker threads running `normaliseRecord` (pure: records in, rows out), so that parsing and
 * normalising the next chunks overlap the writes of the current batch. Results come back in the
 * order asked for, whatever thread ran them, so an import with the pool writes what one without it writes.
 */
export class NormalisePool implements Normaliser {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: RowResult[]) => void; reject: (e: Error) => void; worker: number }>();
  private readonly load: number[];
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    this.load = workers.map(() => 0);
  }

  static async open(setup: NormaliseSetup, threads = defaultNormaliseThreads()): Promise<NormalisePool> {
    const url = await workerUrl(new URL('./normalise-worker-main.ts', import.meta.url), new URL('./normalise-worker.mjs', import.meta.url));
    const workers = Array.from({ length: threads }, () => new Worker(url, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: 128 } }));
    const pool = new NormalisePool(workers);
    try {
      await Promise.all(workers.map((w, k) => pool.listen(w, k)));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private listen(worker: Worker, k: number): Promise<void> {
    return new Promise((ready, failed) => {
      const fail = (e: Error): void => {
        this.failure = e;
        failed(e);
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      };
      worker.on('message', (m: Reply) => {
        if (m.ready) return ready();
        const p = this.pending.get(m.id!);
        this.pending.delete(m.id!);
        this.load[k]!--;
        if (m.error !== undefined) p?.reject(new Error(`an import normalise worker failed: ${m.error}`));
        else p?.resolve(m.results!);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`an import normalise worker stopped (exit code ${code})`)));
    });
  }

  normalise(lines: readonly number[], values: readonly (readonly (string | undefined)[])[]): Promise<RowResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    let k = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[k]!) k = i;
    const id = this.next++;
    this.load[k]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: k });
      this.workers[k]!.postMessage({ id, lines, values } satisfies NormaliseJob);
    });
  }

  async close(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
