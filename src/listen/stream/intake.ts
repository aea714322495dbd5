import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { BusyError } from '../../core/errors';
import type { Pseudonymiser } from '../../core/pseudonym';
import type { BadItem } from '../ingest';
import type { LiveBatchSummary, LiveEvents, LiveIntake } from '../live';
import { stagedBody } from '../live';
import type { Question } from '../questions';
import type { Stage } from '../stage/stage';
import { openStage } from '../stage/stage';
import { tallyChunk } from '../tally';
import type { StreamConfig } from './config';
import { connect, requireReady } from './redis';
import { DEFAULT_SINK_OPTIONS, StreamSink } from './sink';

const MAX_BAD_SHOWN = 20;
/** Dashboards reload the rollups at most this often while workers commit. */
const REFRESH_EVERY_MS = 2000;

/**
 * The server's POST of posts when the server runs with Redis: each batch is parsed and
 * pseudonymised here and appended to the stream (`queued`); the workers classify and store it.
 * A batch that would take the stream past `maxBacklog` unprocessed posts is refused (BusyError:
 * 503 with Retry-After) rather than held open while the workers catch up.
 * Workers announce their commits on a channel; this turns them into `stored` events (no cells:
 * views reload the rollups), at most one every two seconds.
 */
export class StreamIntake extends EventEmitter<LiveEvents> implements LiveIntake {
  version = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly stage: Stage,
    private readonly sink: StreamSink,
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    readonly question: Question,
    private readonly label: string,
  ) {
    super();
  }

  static async open(config: StreamConfig, redis: Redis, pseudonymiser: Pseudonymiser, question: Question, maxBacklog = DEFAULT_SINK_OPTIONS.maxBacklog, platform = 'generic'): Promise<StreamIntake> {
    const stage = await openStage({ format: null, platform, key: pseudonymiser.exportKey(), question: null, modelPath: null, output: 'posts' });
    const subscriber = connect(config);
    await subscriber.connect();
    const intake = new StreamIntake(stage, new StreamSink(redis, config, pseudonymiser.fingerprint, { ...DEFAULT_SINK_OPTIONS, maxBacklog, wait: false }), redis, subscriber, question, config.label);
    subscriber.on('message', (_channel: string, message: string) => intake.committed(message));
    await subscriber.subscribe(config.committed);
    return intake;
  }

  ingest(body: Buffer, name = 'request'): Promise<LiveBatchSummary> {
    requireReady(this.redis, this.label);
    const run = this.queue.then(() => this.append(body, name));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(body: Buffer, name: string): Promise<LiveBatchSummary> {
    const summary = { read: 0, stored: 0, duplicates: 0, queued: 0, bad: 0, skipped: 0, badShown: [] as BadItem[] };
    for await (const r of stagedBody(this.stage, body, name)) {
      tallyChunk(summary, summary.badShown, MAX_BAD_SHOWN, name, r);
      try {
        summary.queued += await this.sink.insertBatch(r.posts, null, null);
      } catch (error) {
        // Say how much of the request made it before Redis went away: sent again, those are not stored twice.
        if (error instanceof BusyError && summary.queued > 0) throw new BusyError(`${error.message}; ${summary.queued} posts of this request were queued before, the rest not: send it again (posts already queued are stored once)`, error.retryAfterSeconds);
        throw error;
      }
    }
    return summary;
  }

  private committed(message: string): void {
    let question: unknown;
    try {
      question = (JSON.parse(message) as { question?: unknown }).question;
    } catch {
      return;
    }
    if (question !== this.question.id || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.version++;
      this.emit('stored', this.question.id, null, null, { before: '', after: '' });
    }, REFRESH_EVERY_MS);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.subscriber.disconnect();
    this.redis.disconnect();
  }
}
