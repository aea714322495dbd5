import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Command } from 'commander';
import { scheduleRetention } from '../contacts/retention';
import { UsageError } from '../core/errors';
import { PostStore } from '../listen';
import type { Question } from '../listen/questions';
import type { Redis } from 'ioredis';
import type { LiveIntake } from '../listen/live';
import { LiveIngest } from '../listen/live';
import type { StreamConfig } from '../listen/stream';
import { connectChecked, ensureGroup, StreamIntake, streamConfig } from '../listen/stream';
import { builtinModelPath, loadQuestion } from '../listen/questions';
import { ReportCache } from '../listen/report/cache';
import { createServerApp, HypeWebhook, UserStore, WEB_ROOT } from '../server';
import { EVENT_STREAM_PATHS } from '../server/routes/live';
import type { App } from '../app/open';
import { note, withApp } from './context';
import { redisUrl } from './redis-url';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly questions: ReadonlyMap<string, Question>;
  readonly secureCookies: boolean;
  readonly hypeWebhook: string | null;
  readonly version: string;
  /** Append POSTed posts to this Redis stream (workers store them) instead of storing them here. */
  readonly redis?: string | null | undefined;
  /** Called once the server listens, with its base URL (the demo prints its login link there). */
  readonly onListening?: (url: string) => void | Promise<void>;
}

/** Serves the API and the dashboard over an open app until SIGINT or SIGTERM. */
export async function runServer(app: App, o: ServerOptions): Promise<void> {
  const users = new UserStore(app.store);
  if ((await users.list()).length === 0) note('No users yet: add one with `hustings users add NAME --role admin` (every endpoint but /health needs a login).');
  if (!existsSync(WEB_ROOT)) note(`The dashboard is not built (${WEB_ROOT} is missing): run \`npm run build:web\`. Serving the API only.`);
  const posts = new PostStore(app.store);
  const first = [...o.questions.values()][0]!;
  const pipeline = o.redis ? await openPipeline(o.redis) : null;
  const live: LiveIntake = pipeline
    ? await StreamIntake.open(pipeline.config, pipeline.redis, app.pseudonymiser, first)
    : await LiveIngest.open(posts, app.pseudonymiser, first, builtinModelPath(first.id));
  if (pipeline) note(`POSTed posts go to ${pipeline.config.stream} at ${pipeline.config.label}; run \`hustings worker listen\` to store them`);
  const reports = new ReportCache(posts);
  const hook = o.hypeWebhook ? new HypeWebhook(reports, first, o.hypeWebhook) : null;
  await hook?.start();
  // Retention policies run daily while the server runs (and by cron: `hustings contacts retention --run`).
  const stopRetention = scheduleRetention(app, { everyMs: 86_400_000, onRun: (r) => r.erased > 0 && note(`retention: ${r.erased} people past their retention period were erased`), onError: (e) => note(`retention run failed: ${(e as Error).message}`) });
  const api = createServerApp({ users, posts, questions: o.questions, live, reports, secureCookies: o.secureCookies, version: o.version, webRoot: WEB_ROOT, pseudonymiser: app.pseudonymiser, pipeline, store: app.store });
  // Loaded here, not at the top: the CLI's bundle would load it (and node:http2) for every command.
  const { serve } = await import('@hono/node-server');
  await new Promise<void>((resolve, reject) => {
    const server = serve({ fetch: api.fetch, hostname: o.host, port: o.port }, (info) => {
      const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
      note(`Listening on ${url} (Ctrl-C stops)`);
      void Promise.resolve(o.onListening?.(url)).catch(reject);
    });
    server.on('error', reject);
    // Event streams (dashboards) never end by themselves: they are ended at once on stopping.
    const streams = new Set<ServerResponse>();
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!EVENT_STREAM_PATHS.includes((req.url ?? '').split('?')[0]!)) return;
      streams.add(res);
      res.on('close', () => streams.delete(res));
    });
    const stop = (): void => {
      note('Stopping…');
      server.close(() => resolve());
      if (!('closeIdleConnections' in server)) return;
      // Requests in progress (a POST of posts) finish and are answered; idle connections and event streams close now.
      server.closeIdleConnections();
      for (const res of streams) res.destroy();
      // A connection whose request ends now turns idle: closed as it does.
      setInterval(() => server.closeIdleConnections(), 100).unref();
      setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  hook?.stop();
  await stopRetention();
  await live.close?.();
  pipeline?.redis.disconnect();
  await posts.release();
}

/** How long requests in progress may take to finish once the server is told to stop, ms. */
const STOP_GRACE_MS = 10_000;

async function openPipeline(url: string): Promise<{ redis: Redis; config: StreamConfig }> {
  const config = streamConfig(url);
  // One connection: it makes sure of the consumer group, then serves the intake's appends and the
  // admins' status, and is closed when the server stops (the intake closes its own subscriber).
  const redis = await connectChecked(config);
  try {
    await ensureGroup(redis, config);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return { redis, config };
}

interface ServeFlags {
  host: string;
  port: string;
  question: string[];
  secureCookies?: boolean;
  hypeWebhook?: string;
  redis?: string;
}

/** `hustings serve`: the HTTP API over the store, for logged-in users only; bound to 127.0.0.1 unless told otherwise. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (authentication required; see `hustings users add`)')
    .option('--host <host>', 'address to listen on (default: loopback only)', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--question <id|file>', 'a question to report on (repeatable; default: brexit)', (v: string, all: string[]) => [...all, v], [])
    .option('--secure-cookies', 'mark the session cookie Secure (when users reach the server over HTTPS)')
    .option('--hype-webhook <url>', "POST each new hype alert of the first question to this URL as JSON {question, alert}")
    .option('--redis <url>', 'append POSTed posts to this Redis stream for `hustings worker listen` (default: $HUSTINGS_REDIS_URL; none: store them here)')
    .action(async (flags: ServeFlags, command: Command) => {
      if (flags.hypeWebhook !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.hypeWebhook)) throw new UsageError(`--hype-webhook: expected an http:// or https:// URL, found ${JSON.stringify(flags.hypeWebhook)}`);
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0–65535, found ${JSON.stringify(flags.port)}`);
      const questions = new Map<string, Question>();
      for (const q of flags.question.length > 0 ? flags.question : ['brexit']) {
        const question = await loadQuestion(q);
        questions.set(question.id, question);
      }
      await withApp(command, (app) => runServer(app, { host: flags.host, port, questions, secureCookies: flags.secureCookies ?? false, hypeWebhook: flags.hypeWebhook ?? null, version: program.version() ?? '0', redis: redisUrl(flags.redis, false) }));
    });
}
