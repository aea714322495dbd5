import type { Redis } from 'ioredis';
import type { PostClassifier } from '../stage/stage';
import type { PostStore } from '../store';
import type { BatchOutcome, RawEntry } from './batch';
import { processEntries } from './batch';
import type { StreamConfig } from './config';
import type { ClaimCursor } from './dead';
import { claimIdle, deadLetter, keepClaimed, recordFailure } from './dead';
import { ackEntries } from './queued';
import { retryTransient } from './redis';
import { unlessAborted } from '../../core/abort';
import type { WorkerTotals } from './report';
import { Reporter, zeroTotals } from './report';
import { FORGET_AFTER_MS, forgetGone } from './forget';
import { ensureGroup, explainWrongType, groups, trimProcessed } from './trim';
import { liveProducers } from './producers';
import { keyMismatch } from './key-check';

export interface WorkerOptions {
  /** This worker's name in the group: unique per running worker (default host-pid). */
  readonly consumer: string;
  /** Entries read at a time (each holds a few hundred posts): one transaction. */
  readonly readEntries: number;
  /** How long a read waits for new entries, ms. */
  readonly blockMs: number;
  /** An entry pending this long (its worker died or failed it) is claimed by another, ms. */
  readonly claimIdleMs: number;
  /** Deliveries after which an entry goes to the dead letters instead of being tried again. */
  readonly maxAttempts: number;
  /** Stop once the stream holds nothing unprocessed (benchmarks, tests, batch jobs). */
  readonly exitWhenIdle: boolean;
  /** Other workers gone this long (no pending entry, no report) are forgotten, ms (default FORGET_AFTER_MS, an hour). */
  readonly forgetAfterMs?: number;
  /** Progress and trouble, for the log: no personal data in these messages. */
  readonly onEvent?: ((message: string) => void) | undefined;
}

export const DEFAULT_WORKER_OPTIONS: Omit<WorkerOptions, 'consumer'> = { readEntries: 8, blockMs: 1000, claimIdleMs: 30_000, maxAttempts: 5, exitWhenIdle: false };

export interface WorkerDeps {
  readonly redis: Redis;
  readonly config: StreamConfig;
  readonly posts: PostStore;
  readonly classify: PostClassifier;
  readonly question: string;
  readonly keyFingerprint: string;
  /** Where the worker's key comes from, for messages (HUSTINGS_PSEUDONYM_KEY, a key file). */
  readonly keySource?: string | undefined;
  /**
   * For a store bound to no key at start (it holds no posts): binds it to the worker's key, which
   * the worker does at its first commit, once entries carrying that key show it to be the
   * producers'. Absent: the store is bound to the worker's key already.
   */
  readonly bindKey?: (() => Promise<void>) | undefined;
}

const MAINTAIN_EVERY_MS = 1000;
/** With `exitWhenIdle`, how long a read waits before the worker looks again whether all is done, ms. */
export const EXIT_POLL_MS = 100;
/** How often a worker looks for other workers gone (a few commands; any worker may do it). */
const FORGET_EVERY_MS = 60_000;


/**
 * A listening worker: reads entries with XREADGROUP in the workers' group, classifies their
 * posts, commits posts, classifications and rollups in one transaction, and acknowledges the
 * entries only after the commit. Delivery is at least once; the store's unique keys make a
 * second delivery store and count nothing. Entries left pending by a dead worker are claimed
 * after `claimIdleMs` (XAUTOCLAIM); an entry that fails `maxAttempts` times goes to the dead letters.
 * `stop()` finishes the batch in hand, acknowledges it, and returns.
 */
export class ListenWorker {
  readonly totals: WorkerTotals = zeroTotals();
  private stopping = false;
  /** Stopped while Redis was away: nothing more can be said to it, and no command waited on is awaited any longer. */
  private abandoned = false;
  private readonly abandon = new AbortController();
  private readonly reporter: Reporter;
  private lastClaim = 0;
  private lastMaintain = 0;
  private lastForget = 0;
  private readonly cursor: ClaimCursor = { next: '0-0' };
  private keyBound: boolean;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options: WorkerOptions,
  ) {
    this.reporter = new Reporter(deps.redis, deps.config, options.consumer, deps.question);
    this.keyBound = deps.bindKey === undefined;
  }

  stop(): void {
    this.stopping = true;
    // Waiting on Redis, the batch in hand cannot be acknowledged anyway: stop waiting and exit;
    // its entries stay pending, and go to the other workers.
    if (this.deps.redis.status !== 'ready') {
      this.abandoned = true;
      this.abandon.abort();
    }
  }

  private async loop(): Promise<WorkerTotals> {
    const { redis, config } = this.deps;
    await this.redisCall(() => ensureGroup(redis, config));
    await this.recoverOwn();
    while (!this.stopping) {
      if (Date.now() - this.lastClaim >= this.options.claimIdleMs / 4 || this.cursor.next !== '0-0') await this.claimIdle();
      const entries = await this.read('>');
      if (entries.length > 0) await this.handle(entries);
      else if (this.options.exitWhenIdle && (await this.drained())) break;
      if (Date.now() - this.lastMaintain >= MAINTAIN_EVERY_MS) await this.maintain('running');
    }
    await this.maintain('stopped');
    return this.totals;
  }

  /**
   * Runs the worker; stopped while Redis is away, it returns what it did without reporting to Redis.
   * A key of the pipeline that another program took meanwhile is named (a ConfigError), whichever command met it.
   * Stopped by an error (a pseudonym key that is not the producers', say), it reports itself stopped if it can.
   */
  async run(): Promise<WorkerTotals> {
    try {
      return await this.loop();
    } catch (error) {
      if (this.abandoned) return this.totals;
      if (this.deps.redis.status === 'ready') await this.reporter.report(this.totals, 'stopped').catch(() => undefined);
      return explainWrongType(this.deps.redis, this.deps.config, error);
    }
  }

  private async bindKey(): Promise<void> {
    await this.deps.bindKey?.();
    this.keyBound = true;
  }

  private redisCall<T>(fn: () => Promise<T>): Promise<T> {
    // The client holds commands until Redis is back, so a waiting command is given up when the worker is abandoned.
    const work = retryTransient(fn, (e) => this.options.onEvent?.(`Redis unavailable (${e.message}); waiting`), () => this.abandoned);
    return unlessAborted(work, this.abandon.signal, () => new Error('stopped while Redis was unavailable'));
  }

  /** New entries (`>`), or this consumer's own pending ones after `id`. */
  private async read(id: string): Promise<RawEntry[]> {
    const { redis, config } = this.deps;
    const { consumer, readEntries, exitWhenIdle } = this.options;
    // A batch job stops soon after the stream is drained, not a whole read's wait later.
    const blockMs = exitWhenIdle ? Math.min(this.options.blockMs, EXIT_POLL_MS) : this.options.blockMs;
    const reply = await this.redisCall(async () => {
      try {
        const r = id === '>'
          ? await redis.xreadgroup('GROUP', config.group, consumer, 'COUNT', readEntries, 'BLOCK', blockMs, 'STREAMS', config.stream, id)
          : await redis.xreadgroup('GROUP', config.group, consumer, 'COUNT', readEntries, 'STREAMS', config.stream, id);
        return r as [string, RawEntry[]][] | null;
      } catch (error) {
        // The group is gone only if Redis lost its data, or the stream was deleted (a blocked read
        // then ends with UNBLOCKED); make it again and carry on.
        if (!/NOGROUP|UNBLOCKED/.test((error as Error).message)) throw error;
        this.options.onEvent?.('the stream or its consumer group is missing (Redis lost its data, or the stream was deleted?); creating them again');
        await ensureGroup(redis, config);
        return null;
      }
    });
    return reply?.[0]?.[1] ?? [];
  }

  /** Entries this consumer held when it last ran under the same name (e.g. before a restart). */
  private async recoverOwn(): Promise<void> {
    for (let after = '0'; !this.stopping; ) {
      const entries = await this.read(after);
      if (entries.length === 0) return;
      await this.handle(entries);
      after = entries[entries.length - 1]![0];
    }
  }

  private async handle(entries: RawEntry[]): Promise<void> {
    const { redis, config } = this.deps;
    const held = this.holding(entries.map(([id]) => id));
    let outcome: BatchOutcome;
    try {
      const onWait = (why: string): void => {
        held.waiting();
        this.options.onEvent?.(why);
      };
      outcome = await processEntries(entries, { ...this.deps, keyBound: () => this.keyBound, bindKey: () => this.bindKey(), stopping: () => this.stopping, onWait });
    } finally {
      held.release();
    }
    // This worker's key is not the producers': a fault of its configuration, not of the entries.
    // It stops with them unacknowledged and unfailed; other workers claim them after the idle timeout.
    if (outcome.foreignKey) throw keyMismatch(config, outcome.foreignKey, this.deps.keyFingerprint, this.deps.keySource ?? 'its configuration');
    const ids = outcome.committed.map((e) => e.id);
    if (ids.length > 0) {
      // Acknowledged, an entry is off the queued count, and no longer failing: its last error goes with it (one round trip).
      await this.redisCall(() => ackEntries(redis, config, outcome.committed.map((e) => ({ id: e.id, posts: e.posts.length }))));
      const posts = outcome.committed.reduce((s, e) => s + e.posts.length, 0);
      this.totals.entries += ids.length;
      this.totals.posts += posts;
      this.totals.stored += outcome.stored;
      this.totals.duplicates += posts - outcome.stored;
      if (outcome.stored > 0) await this.redisCall(() => redis.publish(config.committed, JSON.stringify({ question: this.deps.question, stored: outcome.stored })));
    }
    for (const f of outcome.failed) {
      this.totals.failed++;
      this.options.onEvent?.(`entry failed, left pending to be tried again: ${f.error}`);
      await this.redisCall(() => recordFailure(redis, config, f.id, f.error));
    }
  }

  /**
   * Once a batch waits for the store, its entries are kept claimed by this worker (keepClaimed) a few
   * times within each claim timeout, until the batch is done.
   */
  private holding(ids: readonly string[]): { waiting: () => void; release: () => void } {
    const { redis, config } = this.deps;
    let timer: NodeJS.Timeout | null = null;
    const keep = (): void => {
      // Redis away: the entries cannot be claimed by anyone meanwhile, and commands would only queue up.
      if (redis.status === 'ready') void keepClaimed(redis, config, this.options.consumer, ids).catch(() => undefined);
    };
    return {
      waiting: () => {
        if (timer) return;
        keep();
        timer = setInterval(keep, Math.max(50, Math.floor(this.options.claimIdleMs / 3)));
      },
      release: () => {
        if (timer) clearInterval(timer);
      },
    };
  }

  /** Claims entries idle too long; those delivered more than `maxAttempts` times go to the dead letters. */
  private async claimIdle(): Promise<void> {
    const { redis, config } = this.deps;
    this.lastClaim = Date.now();
    const claimed = await this.redisCall(() => claimIdle(redis, config, this.options.consumer, this.options.claimIdleMs, this.options.readEntries, this.cursor));
    const retry: RawEntry[] = [];
    for (const { entry, deliveries } of claimed) {
      if (deliveries <= this.options.maxAttempts) retry.push(entry);
      else {
        await this.redisCall(() => deadLetter(redis, config, entry, deliveries - 1));
        this.totals.deadLettered++;
        this.options.onEvent?.(`entry ${entry[0]} moved to the dead letters after ${deliveries - 1} attempts`);
      }
    }
    if (retry.length > 0) {
      this.options.onEvent?.(`claimed ${retry.length} entries left pending too long`);
      await this.handle(retry);
    }
  }

  /** Nothing left, nor coming: every entry delivered, none pending (this worker's or another's), and no producer live. */
  private async drained(): Promise<boolean> {
    return (await this.streamDrained()) && (await this.redisCall(() => liveProducers(this.deps.redis, this.deps.config))) === 0;
  }

  private async streamDrained(): Promise<boolean> {
    const { redis, config } = this.deps;
    const g = (await this.redisCall(() => groups(redis, config))).find((x) => x.name === config.group);
    if (!g || g.pending > 0) return false;
    if (g.lag === 0) return true;
    // Lag unknown, or stale (Redis 7.0 keeps reporting one after the stream was trimmed past the group by hand): the newest entry tells.
    const last = (await this.redisCall(() => redis.xrevrange(config.stream, '+', '-', 'COUNT', 1))) as [string, string[]][];
    return last.length === 0 || last[0]![0] === g.lastDeliveredId;
  }

  /** Trims what every group has processed, and reports this worker's totals and state. */
  private async maintain(state: 'running' | 'stopped'): Promise<void> {
    this.lastMaintain = Date.now();
    const { redis, config } = this.deps;
    await this.redisCall(() => trimProcessed(redis, config));
    await this.redisCall(() => this.reporter.report(this.totals, state));
    if (this.lastMaintain - this.lastForget >= FORGET_EVERY_MS) {
      this.lastForget = this.lastMaintain;
      const after = this.options.forgetAfterMs ?? FORGET_AFTER_MS;
      const gone = await this.redisCall(() => forgetGone(redis, config, this.options.consumer, after));
      const names = [...new Set([...gone.consumers, ...gone.reports])];
      if (names.length) this.options.onEvent?.(`forgot ${names.length} worker(s) gone for ${Math.round(after / 60_000)} min or more: ${names.join(', ')}`);
    }
  }
}
