import { availableParallelism } from 'node:os';
import type { RawItem } from '../read-items';
import { StagePool } from './pool';
import type { Stage, StageResult, StageSetup } from './stage';
import { openStage } from './stage';

/**
 * Worker threads by default for ingest and train: none (classify and report: `autoThreads`). Each thread holds its own classifiers, memo tables and
 * pseudonym cache (~150 MB at 1.5 M posts, ~15 MB more if it has to detect languages), and on
 * a two-core machine the reading, the store's writer thread and one classifying thread already
 * keep both cores busy (measured in docs/benchmarks.md); \`--threads N\` adds threads where
 * there are more cores.
 */
export const DEFAULT_THREADS = 0;

/** From this much input on, classifying on threads repays their start-up (~1 s from bundles, ~2 s on the sources). */
export const THREADS_FROM_BYTES = 32 * 1024 * 1024;

/**
 * Threads for classifying `inputBytes` of posts when none are asked for: 2 on a machine with 2
 * cores or more (the measured gain on 2 cores is ~2×, see docs/benchmarks.md; at ~140 MB a
 * thread, 64 MB of it young generation, 2 keep the run under 500 MB), none for small inputs or on one core.
 */
export function autoThreads(inputBytes: number, cores = availableParallelism()): number {
  return inputBytes >= THREADS_FROM_BYTES && cores >= 2 ? 2 : 0;
}

/**
 * Runs the stage on chunks and hands each result back in the order the chunks were given,
 * with the tag given with it. With threads, up to two chunks per thread are in flight while
 * the caller reads on; with none, each chunk runs at once, in-process.
 */
export class StageRunner<Tag> {
  private readonly inFlight: { result: Promise<StageResult>; tag: Tag }[] = [];

  private constructor(
    private readonly stage: Stage | null,
    private readonly pool: StagePool | null,
    private readonly depth: number,
    private readonly onResult: (r: StageResult, tag: Tag) => Promise<void> | void,
  ) {}

  static async open<Tag>(setup: StageSetup, threads: number, onResult: (r: StageResult, tag: Tag) => Promise<void> | void): Promise<StageRunner<Tag>> {
    if (threads <= 0) return new StageRunner(await openStage(setup), null, 0, onResult);
    return new StageRunner(null, await StagePool.open(setup, threads), 2 * threads, onResult);
  }

  async submit(items: readonly RawItem[], tag: Tag): Promise<void> {
    if (this.stage) return this.onResult(await this.stage(items), tag);
    const result = this.pool!.run(items);
    // Handled in order below; never left unhandled meanwhile.
    result.catch(() => undefined);
    this.inFlight.push({ result, tag });
    while (this.inFlight.length >= this.depth) await this.takeOldest();
  }

  /** Waits for every chunk given so far and hands its result back. */
  async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.takeOldest();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  private async takeOldest(): Promise<void> {
    const { result, tag } = this.inFlight.shift()!;
    await this.onResult(await result, tag);
  }
}
