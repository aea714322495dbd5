import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { UsageError } from '../core/errors';
import { PostStore } from '../listen';
import type { Question } from '../listen/questions';
import { LiveIngest } from '../listen/live';
import { builtinModelPath, loadQuestion } from '../listen/questions';
import { ReportCache } from '../listen/report/cache';
import { createServerApp, HypeWebhook, UserStore } from '../server';
import { note, withApp } from './context';

interface ServeFlags {
  host: string;
  port: string;
  question: string[];
  secureCookies?: boolean;
  hypeWebhook?: string;
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
    .action(async (flags: ServeFlags, command: Command) => {
      if (flags.hypeWebhook !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.hypeWebhook)) throw new UsageError(`--hype-webhook: expected an http:// or https:// URL, found ${JSON.stringify(flags.hypeWebhook)}`);
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0–65535, found ${JSON.stringify(flags.port)}`);
      const questions = new Map<string, Question>();
      for (const q of flags.question.length > 0 ? flags.question : ['brexit']) {
        const question = await loadQuestion(q);
        questions.set(question.id, question);
      }
      await withApp(command, async (app) => {
        const users = new UserStore(app.store);
        if ((await users.list()).length === 0) note('No users yet: add one with `hustings users add NAME --role admin` (every endpoint but /health needs a login).');
        const posts = new PostStore(app.store);
        const first = [...questions.values()][0]!;
        const live = await LiveIngest.open(posts, app.pseudonymiser, first, builtinModelPath(first.id));
        const reports = new ReportCache(posts);
        const hook = flags.hypeWebhook ? new HypeWebhook(reports, first, flags.hypeWebhook) : null;
        await hook?.start();
        const api = createServerApp({ users, posts, questions, live, reports, secureCookies: flags.secureCookies ?? false, version: program.version() ?? '0' });
        await new Promise<void>((resolve, reject) => {
          const server = serve({ fetch: api.fetch, hostname: flags.host, port }, (info) => note(`Listening on http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port} (Ctrl-C stops)`));
          server.on('error', reject);
          const stop = (): void => {
            note('Stopping…');
            server.close(() => resolve());
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        hook?.stop();
        await posts.release();
      });
    });
}
