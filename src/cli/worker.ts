import { hostname } from 'node:os';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PostStore } from '../listen';
import { openClassifier } from '../listen/stage/stage';
import type { Redis } from 'ioredis';
import type { App } from '../app/open';
import { keyBeforeOpening } from '../app/key';
import { keySourceOf, storeKeyFingerprint } from '../app/open';
import type { Config } from '../core/config';
import { resolveConfig } from '../core/config';
import { UsageError } from '../core/errors';
import { Pseudonymiser } from '../core/pseudonym';
import { redactUrl, urlScheme } from '../store';
import type { StreamConfig, WorkerTotals } from '../listen/stream';
import { connectChecked, DEFAULT_WORKER_OPTIONS, foreignKey, keyMismatch, ListenWorker, reportOutages, streamConfig, waitingKeys } from '../listen/stream';
import type { GlobalFlags } from './context';
import { note, out, withApp } from './context';
import { n } from './format';
import type { StanceFlags } from './listen-options';
import { loadStance, stanceOptions } from './listen-options';
import { positiveInt } from './listen';
import { redisUrl } from './redis-url';
import { registerDead } from './dead';

/** Signals this close together are one request to stop (see the worker's signal handlers). */
const SAME_REQUEST_MS = 2000;

interface WorkerFlags extends StanceFlags {
  redis?: string;
  consumer?: string;
  readEntries: number;
  claimIdle: number;
  maxAttempts: number;
  exitWhenIdle?: boolean;
  json?: boolean;
}

function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 100) throw new InvalidArgumentError(`expected milliseconds (a whole number ≥ 100), found "${value}"`);
  return parsed;
}

/** `hustings worker listen`: one worker of the scale-out pipeline (README "Running on several machines"). */
export function registerWorker(program: Command): void {
  const worker = program.command('worker').description('workers of the scale-out pipeline (Redis Streams → PostgreSQL)');
  registerDead(worker);
  const listen = worker
    .command('listen')
    .description('read posts from the Redis stream, classify them, and store posts and rollups in PostgreSQL, given by --db postgres://… or DATABASE_URL (run as many as you like, on any machines)')
    .option('--redis <url>', 'the stream: redis://HOST:PORT[/DB][?stream=NAME] (default: $HUSTINGS_REDIS_URL)')
    .option('--consumer <name>', "this worker's name in the group, unique per worker (default: host-pid)")
    .option('--read-entries <n>', 'stream entries per transaction (each holds a few hundred posts)', positiveInt, DEFAULT_WORKER_OPTIONS.readEntries)
    .option('--claim-idle <ms>', "take over another worker's entries after they have been pending this long", milliseconds, DEFAULT_WORKER_OPTIONS.claimIdleMs)
    .option('--max-attempts <n>', 'deliveries after which an entry goes to the dead letters', positiveInt, DEFAULT_WORKER_OPTIONS.maxAttempts)
    .option('--exit-when-idle', 'stop once nothing is left to process and no producer is live (for batch jobs and benchmarks)')
    .option('--json', 'print the totals as JSON when done');
  stanceOptions(listen).action(async (flags: WorkerFlags, command: Command) => {
    const config = streamConfig(redisUrl(flags.redis, true)!);
    const store = workerStore(command);
    const stance = await loadStance(flags);
    const consumer = flags.consumer ?? `${hostname()}-${process.pid}`;
    const say = (m: string): void => note(`${new Date().toISOString()} ${consumer}: ${m}`);
    const redis = await connectChecked(config);
    let totals: WorkerTotals;
    try {
      // Before the store is opened: a worker with another key than the producers' touches nothing.
      await refuseForeignKey(redis, config, store, new Pseudonymiser(await keyBeforeOpening(store)).fingerprint);
      reportOutages(redis, config.label, say);
      totals = await withApp(command, (app) => runWorker(app, redis, config, stance, { ...flags, consumer }, say), { bindKey: 'later' });
    } finally {
      redis.disconnect();
    }
    if (flags.json) out(JSON.stringify({ consumer, ...totals }));
    else out(`${consumer}: ${n(totals.posts)} posts in ${n(totals.entries)} entries · stored ${n(totals.stored)} · duplicates ${n(totals.duplicates)} · failed attempts ${n(totals.failed)} · dead letters ${n(totals.deadLettered)}`);
  });
}

/**
 * The worker's store: PostgreSQL, which every worker of the pipeline shares (README "Running on
 * several machines"). Without one (no --db, no DATABASE_URL) or given an SQLite file, the worker
 * is refused rather than writing into a file of its own, where neither the other workers nor the
 * server would see the posts.
 */
function workerStore(command: Command): Config {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const config = resolveConfig({ db: flags.db, dataDir: flags.dataDir });
  if (config.databaseUrl) return config;
  const expected = 'give --db postgres://USER:PASSWORD@HOST:PORT/DATABASE (or set DATABASE_URL), the PostgreSQL database that every worker and the server share';
  if (flags.db !== undefined && urlScheme(flags.db)) throw new UsageError(`--db ${redactUrl(flags.db)}: a worker stores into PostgreSQL only; ${expected}`);
  if (flags.db !== undefined) throw new UsageError(`--db ${flags.db}: a worker stores into PostgreSQL, not an SQLite file; ${expected}`);
  if (process.env.HUSTINGS_DB) throw new UsageError(`HUSTINGS_DB names an SQLite file (${process.env.HUSTINGS_DB}), but a worker stores into PostgreSQL; ${expected}`);
  throw new UsageError(`no database given: a worker stores into PostgreSQL; ${expected}`);
}

/**
 * Stops a worker whose pseudonym key is not the producers' before it reads any entry: the entries
 * waiting carry another key, none its own, and the store is not bound to its key (read, not
 * opened: a store that holds no posts is not bound to the wrong key). A store bound to the
 * worker's key shows the entries to be at fault instead: they go to the dead letters as poison.
 */
async function refuseForeignKey(redis: Redis, config: StreamConfig, store: Config, mine: string): Promise<void> {
  const found = foreignKey(await waitingKeys(redis, config), mine);
  if (found === null || (await storeKeyFingerprint(store)) === mine) return;
  throw keyMismatch(config, found, mine, keySourceOf(store));
}

interface RunFlags extends WorkerFlags {
  readonly consumer: string;
}

/** Runs one worker on an open store until it is drained (--exit-when-idle) or signalled to stop. */
async function runWorker(app: App, redis: Redis, config: StreamConfig, stance: Awaited<ReturnType<typeof loadStance>>, flags: RunFlags, say: (m: string) => void): Promise<WorkerTotals> {
  const { consumer } = flags;
  const posts = new PostStore(app.store);
  const classify = await openClassifier(stance.question, stance.modelPath, app.pseudonymiser.exportKey());
  const deps = { redis, config, posts, classify, question: stance.question.id, keyFingerprint: app.pseudonymiser.fingerprint, keySource: keySourceOf(app.config), bindKey: app.keyBound ? undefined : () => app.bindKey() };
  const w = new ListenWorker(deps, { ...DEFAULT_WORKER_OPTIONS, consumer, readEntries: flags.readEntries, claimIdleMs: flags.claimIdle, maxAttempts: flags.maxAttempts, exitWhenIdle: flags.exitWhenIdle ?? false, onEvent: say });
  const handlers = stopHandlers(consumer, w);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  note(`${consumer}: reading ${config.stream} at ${config.label} into ${app.store.label} (question ${stance.question.id})`);
  try {
    return await w.run();
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await posts.release();
  }
}

/**
 * The first signal stops after the batch in hand; a second does not wait, unless it is the same
 * request: systemd (its whole unit) and `pkill -f` signal the launcher and the worker it started
 * (src/core/relaunch.mjs) at once.
 */
function stopHandlers(consumer: string, w: ListenWorker): (readonly [NodeJS.Signals, () => void])[] {
  let stoppingSince = 0;
  const onSignal = (code: number) => (): void => {
    if (stoppingSince === 0) {
      stoppingSince = Date.now();
      note(`${consumer}: signalled; stopping after the batch in hand…`);
      w.stop();
    } else if (Date.now() - stoppingSince >= SAME_REQUEST_MS) process.exit(code);
  };
  return [['SIGTERM', onSignal(143)], ['SIGINT', onSignal(130)]];
}
