import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { BusyError, ConfigError } from '../../core/errors';
import type { StreamConfig } from './config';

/**
 * A connection for the pipeline. Commands wait while Redis restarts (no retry limit), so that a
 * producer or a worker rides out a restart instead of failing; `status` asks for `failFast`.
 */
export function connect(config: StreamConfig, options: { failFast?: boolean } = {}): Redis {
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: options.failFast ? 1 : null,
    connectTimeout: 5000,
    retryStrategy: (times) => (options.failFast && times > 2 ? null : Math.min(times * 100, 2000)),
    lazyConnect: true,
  });
  // Connection errors surface in the commands that wait for Redis (retryTransient says so); the
  // client reconnects by itself, so the event itself needs no handling here.
  redis.on('error', () => undefined);
  return redis;
}

/** Connects now, so that a wrong address is a clear error at start rather than a hang. */
export async function connectChecked(config: StreamConfig, options: { failFast?: boolean } = {}): Promise<Redis> {
  const redis = connect(config, { failFast: true });
  let cause: Error | null = null;
  redis.on('error', (e: Error) => (cause = e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const why = (cause ?? (error as Error)).message;
    // Redis's own words for a missing password do not say what to do.
    if (/NOAUTH/.test(why)) throw new ConfigError(`Redis at ${config.label} asks for a password: give it in the URL, redis://:PASSWORD@host:port`);
    throw new ConfigError(`cannot connect to Redis at ${config.label}: ${why}`);
  }
  // The client selects the URL's database on connecting, and says nothing when Redis refuses it.
  try {
    await redis.select(config.db);
  } catch (error) {
    redis.disconnect();
    throw new ConfigError(`Redis at ${config.label}: database ${config.db} cannot be used (${(error as Error).message}); this server's databases are numbered from 0 (see its "databases" setting)`);
  }
  if (options.failFast) return redis;
  redis.disconnect();
  const patient = connect(config);
  await patient.connect();
  return patient;
}

/**
 * Errors that go away when Redis is back: a dropped connection, a restart, a transaction cut in
 * two. The client rejects the rest of a pipeline (or MULTI) whose replies stopped half-way with an
 * AbortError: sent again whole, the transaction either runs once or its entries are there twice,
 * which workers absorb.
 */
export function isTransient(error: unknown): boolean {
  const e = error as (Error & { code?: string }) | undefined;
  const message = e?.message ?? '';
  if (e?.name === 'MaxRetriesPerRequestError') return true;
  if (e?.name === 'AbortError') return /connection close/.test(message);
  if (e?.name === 'ReplyError') return /^(LOADING|EXECABORT|MASTERDOWN|READONLY|TRYAGAIN)|EXEC without MULTI|MULTI calls can not be nested/.test(message);
  return /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH)$/.test(e?.code ?? '') || /Connection is closed|Stream isn't writeable|connect ETIMEDOUT/.test(message);
}

/**
 * Runs `fn` until it succeeds or fails for a reason that is not transient; waits between tries
 * (100 ms doubling to 2 s) and says so through `onWait` the first time. `giveUp` ends the waiting
 * (the error goes to the caller) when the caller no longer wants the answer.
 */
export async function retryTransient<T>(fn: () => Promise<T>, onWait?: (error: Error) => void, giveUp?: () => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || giveUp?.()) throw error;
      if (attempt === 0) onWait?.(error as Error);
      await sleep(Math.min(100 * 2 ** attempt, 2000));
    }
  }
}

/**
 * A request that needs Redis now (a POST to queue posts, the admins' view) fails at once while
 * the connection is down, as 503 with Retry-After, instead of hanging until Redis is back: the
 * client's commands wait for a reconnection without end.
 */
export function requireReady(redis: Redis, label: string): void {
  if (redis.status !== 'ready') throw new BusyError(`Redis at ${label} is unavailable (connection ${redis.status}): try again later`, 5);
}

/**
 * Says when a long-lived connection goes down and when it is back (the client reconnects by
 * itself, and its commands wait meanwhile without a word).
 */
export function reportOutages(redis: Redis, label: string, say: (message: string) => void): void {
  let down = false;
  redis.on('reconnecting', () => {
    if (down) return;
    down = true;
    say(`Redis at ${label} is unavailable; waiting for it (SIGTERM stops this process)`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    say(`Redis at ${label} is back`);
  });
}
