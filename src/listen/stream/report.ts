import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { StreamConfig } from './config';

/** What a worker has done since it started. */
export interface WorkerTotals {
  /** Entries committed and acknowledged. */
  entries: number;
  /** Posts in them. */
  posts: number;
  /** Posts new to the store (the rest were there already: delivered twice). */
  stored: number;
  duplicates: number;
  /** Attempts that failed (the entry stays pending and is tried again). */
  failed: number;
  deadLettered: number;
}

/** A worker's last report, as `hustings status` reads it. */
export interface WorkerReport extends WorkerTotals {
  readonly consumer: string;
  readonly host: string;
  readonly pid: number;
  readonly question: string;
  /** As the worker reported it; `hustings status` calls a running worker that has not reported for 30 s silent. */
  readonly state: 'running' | 'stopped' | 'silent';
  /** Posts per second over the last reporting interval. */
  readonly rate: number;
  readonly startedAt: string;
  readonly at: string;
}

export function zeroTotals(): WorkerTotals {
  return { entries: 0, posts: 0, stored: 0, duplicates: 0, failed: 0, deadLettered: 0 };
}

/** Keeps the worker's report in Redis, with its rate since the previous report. */
export class Reporter {
  private last = { at: Date.now(), posts: 0 };
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly redis: Redis,
    private readonly config: StreamConfig,
    private readonly consumer: string,
    private readonly question: string,
  ) {}

  report(totals: WorkerTotals, state: WorkerReport['state']): Promise<unknown> {
    const now = Date.now();
    const rate = now > this.last.at ? ((totals.posts - this.last.posts) * 1000) / (now - this.last.at) : 0;
    this.last = { at: now, posts: totals.posts };
    const r: WorkerReport = { ...totals, consumer: this.consumer, host: hostname(), pid: process.pid, question: this.question, state, rate: Math.round(rate), startedAt: this.startedAt, at: new Date(now).toISOString() };
    return this.redis.hset(this.config.workers, this.consumer, JSON.stringify(r));
  }
}
