import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { BusyError } from '../../core/errors';
import type { PostSink } from '../ingest';
import type { Post } from '../post';
import type { BatchClasses, Checkpoint } from '../store';
import type { StreamConfig } from './config';
import { encodeEntry } from './codec';
import { isTransient, requireReady, retryTransient } from './redis';
import { queuedPosts } from './queued';
import { markProducer, markProducerIn, unmarkProducer } from './producers';
import { backlog, explainWrongType } from './trim';

export interface SinkOptions {
  /** Posts per stream entry. */
  readonly entryPosts: number;
  /** Posts the stream may hold unprocessed before the producer waits. */
  readonly maxBacklog: number;
  /** Told when the producer starts waiting for the workers, and when Redis is away. */
  readonly onWait?: ((why: string) => void) | undefined;
  /** False: refuse a batch that does not fit (BusyError) instead of waiting for room (the server's POST). */
  readonly wait?: boolean | undefined;
  /** This producer's name among the live ones (default host-pid). */
  readonly name?: string | undefined;
  /**
   * Aborted when the producer is asked to stop (SIGTERM, Ctrl-C): a wait for room ends at once, and
   * the posts in hand are appended over the bound, as a stop that did not wait would append them,
   * so that nothing read is lost (standard input cannot be read again).
   */
  readonly signal?: AbortSignal | undefined;
}

export const DEFAULT_SINK_OPTIONS: SinkOptions = { entryPosts: 250, maxBacklog: 200_000 };

/** How long a caller that does not wait (the server's POST) waits for Redis to answer, ms. */
export const NO_WAIT_MS = 5000;

/**
 * The producer's end of the pipeline: batches of pseudonymised posts appended to the stream, a
 * few hundred posts per entry. Each batch is one MULTI with the checkpoint of its input, so a
 * producer killed mid-way resumes where its last batch ended (as `listen ingest` into a store
 * does). When the workers fall behind by more than `maxBacklog` posts, `insertBatch` waits
 * (the input is not read meanwhile, so memory stays flat) instead of letting Redis grow.
 */
export class StreamSink implements PostSink {
  /** Milliseconds spent waiting for the workers. */
  waitedMs = 0;
  private readonly name: string;
  private marked = false;
  /** Stopping: batches go in without waiting for room. */
  private overBound = false;

  constructor(
    private readonly redis: Redis,
    private readonly config: StreamConfig,
    private readonly keyFingerprint: string,
    private readonly options: SinkOptions = DEFAULT_SINK_OPTIONS,
  ) {
    this.name = options.name ?? `${hostname()}-${process.pid}`;
  }

  /**
   * A Redis call: retried while Redis restarts; for a caller that does not wait (the server's
   * POST), refused with a BusyError once Redis is away longer than NO_WAIT_MS, instead of holding
   * the request until it is back (the call may still go through later: workers absorb a batch sent twice).
   */
  private call<T>(fn: () => Promise<T>, onWait?: (e: Error) => void): Promise<T> {
    if (this.options.wait !== false) return retryTransient(fn, onWait);
    requireReady(this.redis, this.config.label);
    let timer: NodeJS.Timeout | undefined;
    const away = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BusyError(`Redis at ${this.config.label} did not answer within ${NO_WAIT_MS / 1000} s (connection ${this.redis.status}): try again later`, 5)), NO_WAIT_MS);
    });
    // Cut off mid-call (a restart, a dropped connection), the request is refused as for Redis away.
    const once = fn().catch((error: unknown) => {
      throw isTransient(error) ? new BusyError(`Redis at ${this.config.label} went away during the request (${(error as Error).message}): try again later`, 5) : error;
    });
    return Promise.race([once, away]).finally(() => clearTimeout(timer));
  }

  async insertBatch(posts: readonly Post[], classes: BatchClasses | null, checkpoint: Checkpoint | null): Promise<number> {
    try {
      return await this.append(posts, classes, checkpoint);
    } catch (error) {
      return explainWrongType(this.redis, this.config, error);
    }
  }

  private async append(posts: readonly Post[], _classes: BatchClasses | null, checkpoint: Checkpoint | null): Promise<number> {
    const entries: string[][] = [];
    for (let i = 0; i < posts.length; i += this.options.entryPosts) entries.push(encodeEntry(posts.slice(i, i + this.options.entryPosts), this.keyFingerprint));
    if (entries.length === 0 && !checkpoint) return 0;
    // A checkpoint alone (the end of a file) adds nothing to the backlog: it waits for no room.
    if (entries.length > 0) await this.room(posts.length);
    const saved = checkpoint ? JSON.stringify({ ...checkpoint, stored: checkpoint.stored + posts.length }) : null;
    await this.call(
      async () => {
        const m = this.redis.multi();
        for (const fields of entries) m.xadd(this.config.stream, '*', ...fields);
        if (posts.length > 0) m.incrby(this.config.queued, posts.length);
        if (checkpoint && saved) m.hset(this.config.checkpoints, checkpoint.sourceKey, saved);
        markProducerIn(m, this.config, this.name);
        const results = await m.exec();
        // A transaction cut by a restart is sent again whole: at worst its entries are there twice, which workers absorb.
        if (!results) throw Object.assign(new Error('EXECABORT transaction discarded'), { name: 'ReplyError' });
        for (const [error] of results) if (error) throw error;
        this.marked = true;
      },
      (e) => this.options.onWait?.(`Redis unavailable (${e.message}); retrying`),
    );
    return posts.length;
  }

  /**
   * Waits until the stream has room for `posts` more posts (or is empty): the bound is in posts,
   * counted as they are appended and acknowledged, whatever the entries' sizes. A stream made
   * before that count was kept is judged by its entries, as full ones.
   */
  private async room(posts: number): Promise<void> {
    const started = Date.now();
    let slept = false;
    for (let attempt = 0; ; attempt++) {
      if (this.stopping(posts)) break;
      const length = await this.call(() => this.redis.xlen(this.config.stream));
      if (length === 0) break;
      const counted = await this.call(() => queuedPosts(this.redis, this.config));
      const queued = counted ?? (await this.call(() => backlog(this.redis, this.config))) * this.options.entryPosts;
      if (queued === 0 || queued + posts <= this.options.maxBacklog) break;
      if (this.options.wait === false) {
        throw new BusyError(`the stream holds ~${queued} unprocessed posts; this batch of ${posts} would take it past its bound of ${this.options.maxBacklog}: the workers are behind; try again shortly`, 5);
      }
      // Waiting, this producer is still live: batch workers do not stop under it.
      await this.call(() => markProducer(this.redis, this.config, this.name));
      this.marked = true;
      if (attempt === 0) this.options.onWait?.(`backlog of ~${queued.toLocaleString('en')} posts, with this batch over the bound of ${this.options.maxBacklog.toLocaleString('en')}: waiting for the workers`);
      // A stop ends the sleep at once (the loop then sees it).
      await sleep(Math.min(50 * 2 ** attempt, 1000), undefined, { signal: this.options.signal }).catch(() => undefined);
      slept = true;
    }
    if (slept) this.waitedMs += Date.now() - started;
  }

  /** True once the producer is asked to stop: the batch of `posts` goes in without waiting for room (said once). */
  private stopping(posts: number): boolean {
    if (!this.options.signal?.aborted) return false;
    if (!this.overBound) this.options.onWait?.(`stopping: the ${posts.toLocaleString('en')} posts in hand are queued without waiting for room (past the bound of ${this.options.maxBacklog.toLocaleString('en')} if the workers are behind)`);
    this.overBound = true;
    return true;
  }

  async checkpoint(sourceKey: string): Promise<Checkpoint | null> {
    const raw = await retryTransient(() => this.redis.hget(this.config.checkpoints, sourceKey));
    return raw ? (JSON.parse(raw) as Checkpoint) : null;
  }

  /** Nothing buffered (every batch is in Redis when insertBatch returns): the producer says it is done. */
  async release(): Promise<void> {
    if (!this.marked || this.redis.status !== 'ready') return;
    await unmarkProducer(this.redis, this.config, this.name).catch(() => undefined);
  }
}
