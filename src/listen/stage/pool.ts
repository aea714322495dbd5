import { Worker } from 'node:worker_threads';
import { workerUrl } from '../../core/bundle.mjs';
import type { RawItem } from '../read-items';
import type { StanceModel } from '../stance/model';
import { loadModel, sharedModel } from '../stance/model';
import type { StageResult, StageSetup } from './stage';

/**
 * Entries of each memo table in a worker thread (in-process: 100,000). Each thread holds its own
 * tables, about fourteen for six languages. Measured on 1.5 M posts with 2 threads: 100,000
 * entries, a thread's heap grew to ~130 MB and the run's RSS to 637 MB; 25,000, 497 MB; 15,000,
 * 475 MB, at the same speed within the machine's noise. Since the classes of repeated texts are
 * remembered (`createClassifier`), the word tables serve only the texts not seen lately: 6,000
 * entries, alternated with 10,000 on 1.5 M posts, gave 40,746 and 50,413 posts/s against
 * 33,192 and 31,884 (fewer entries promoted to the old generation for the collector to trace).
 */
export const WORKER_MEMO_ENTRIES = 6_000;

/**
 * A worker's heap. V8 sizes each semi-space of the young generation at a third of this limit,
 * rounded up to a power of two: 32 and 48 MB both give 16 MB semi-spaces, 56 and 64 MB give
 * 32 MB. Fewer scavenges, less promoted: on 1.5 M posts, runs alternated, 16 → 32 MB limits went
 * from 41,114 and 42,450 to 46,646 and 59,328 posts/s; 32 → 64 MB from 52,424, 46,256 and 55,814
 * to 54,903, 58,020 and 55,632 posts/s (53.8–65.0 s of CPU to 51.8–54.5 s), for ~90 MB more:
 * 463–468 MB at 1.5 M posts against 371–380, and 457–478 MB on posts that need language
 * detection. (Started from bundles, the workers left room for it: see core/bundle.mjs.)
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 64 };

interface Pending {
  readonly resolve: (r: StageResult) => void;
  readonly reject: (e: Error) => void;
}

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly result?: StageResult;
  readonly error?: string;
}

/** One worker thread running the stage, and the chunks it has been sent. */
class StageWorker {
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  private readonly worker: Worker;

  constructor(url: URL, setup: StageSetup, model: StanceModel | null) {
    this.worker = new Worker(url, { workerData: { setup, memoEntries: WORKER_MEMO_ENTRIES, model }, resourceLimits: WORKER_HEAP });
    let started: () => void = () => undefined;
    let failed: (e: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    this.worker.on('message', (m: Reply) => {
      if (m.ready) return started();
      const p = this.pending.get(m.id!);
      this.pending.delete(m.id!);
      if (m.error !== undefined) p?.reject(new Error(`a listening worker failed: ${m.error}`));
      else p?.resolve(m.result!);
    });
    const fail = (e: Error): void => {
      failed(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a listening worker stopped (exit code ${code})`)));
  }

  run(id: number, items: readonly RawItem[]): Promise<StageResult> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Blocks of lines own their bytes (see LineBlock): they are handed over, not copied.
      const blocks = items.flatMap((item) => (item.kind === 'block' ? [item.bytes.buffer as ArrayBuffer] : []));
      this.worker.postMessage({ id, items }, blocks);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/** Worker threads that run the stage on chunks, each chunk on the least busy thread. */
export class StagePool {
  private next = 0;

  private constructor(private readonly workers: StageWorker[]) {}

  static async open(setup: StageSetup, threads: number): Promise<StagePool> {
    const url = await workerUrl(new URL('./worker-main.ts', import.meta.url), new URL('./worker.mjs', import.meta.url));
    // Read once here and shared: each worker would otherwise parse the model file itself.
    const model = setup.question && setup.modelPath ? sharedModel(await loadModel(setup.modelPath)) : null;
    const workers = Array.from({ length: threads }, () => new StageWorker(url, setup, model));
    const pool = new StagePool(workers);
    try {
      await Promise.all(workers.map((w) => w.ready));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  run(items: readonly RawItem[]): Promise<StageResult> {
    const w = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return w.run(this.next++, items);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
