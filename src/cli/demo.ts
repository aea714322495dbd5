import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors';
import { UserStore } from '../server';
import { runServer } from './serve';
import type { Command } from 'commander';
import { ingestFiles, PostStore } from '../listen';
import { writeDemoFiles } from '../listen/demo';
import { createProgress } from '../core/progress';
import { note, out, withApp } from './context';
import { importDemoContacts } from './demo-contacts';
import { importDemoElection } from './demo-elections';
import { importDemoField } from './demo-field';
import { n } from './format';
import { positiveInt, printSummary, summaryJson } from './listen';
import { builtinModelPath, loadQuestion } from '../listen/questions';
import { formatReport } from '../listen/report/format';

interface DemoFlags {
  posts: number;
  seed: number;
  out: string;
  json?: boolean;
  serve: boolean;
  port: string;
}

/** The dashboard on the demo store, opened by a one-time login link for a local admin `demo` (made with a random password nobody sees). */
async function serveDemo(command: Command, program: Command, portFlag: string): Promise<void> {
  const port = Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0–65535, found ${JSON.stringify(portFlag)}`);
  const question = await loadQuestion('brexit');
  await withApp(command, async (app) => {
    const users = new UserStore(app.store);
    if (!(await users.find('demo'))) await users.add('demo', 'admin', randomBytes(24).toString('base64url'));
    const token = await users.issueLoginLink('demo');
    await runServer(app, {
      host: '127.0.0.1',
      port,
      questions: new Map([[question.id, question]]),
      secureCookies: false,
      hypeWebhook: null,
      version: program.version() ?? '0',
      onListening: (url) => {
        out('');
        out(`The listening room is open. Log in once with this link (valid 15 min, one use): ${url}/login/link?token=${token}`);
        out(`Election results by polling station: ${url}/elections`);
        out(`Contacts (SYNTHETIC people), consent and rights: ${url}/contacts`);
        out(`Door-to-door (SYNTHETIC town): ${url}/field for organisers, ${url}/canvass/ for the phone app`);
        out('More logins: `npx hustings users add NAME --role viewer`. Ctrl-C stops the server.');
      },
    });
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate a SYNTHETIC multilingual corpus about an EU referendum, in every supported format, and ingest it')
    .option('--posts <n>', 'how many posts to generate', positiveInt, 20_000)
    .option('--seed <n>', 'random seed: the same seed makes the same corpus', positiveInt, 2016)
    .option('--out <dir>', 'folder for the generated files', './hustings-demo')
    .option('--json', 'print the ingest summary as JSON (and do not serve)')
    .option('--no-serve', 'stop after the report instead of opening the dashboard')
    .option('--port <port>', 'port of the dashboard (on 127.0.0.1)', '8080')
    .action(async (flags: DemoFlags, command: Command) => {
      const dir = resolve(flags.out);
      if (!flags.json) note(`Generating ${n(flags.posts)} SYNTHETIC posts (seed ${flags.seed}) in ${dir} …`);
      const files = await writeDemoFiles(dir, flags.posts, flags.seed);
      const result = await withApp(command, async (app) => {
        const progress = createProgress(!flags.json, 'ingest');
        try {
          const posts = new PostStore(app.store);
          const question = await loadQuestion('brexit');
          const classify = { question, modelPath: builtinModelPath('brexit') };
          const summary = await ingestFiles(files.files, { posts, pseudonymiser: app.pseudonymiser, classify }, {
            format: null,
            platform: 'generic',
            batchSize: 5000,
            maxBadShown: 20,
            onProgress: (p) => progress.update(p.bytesRead, p.size, p.file),
          });
          const { reportFromStore } = await import('../listen/report/build');
          const report = await reportFromStore(posts, question);
          const elections = await importDemoElection(app.store.db);
          const contacts = await importDemoContacts(app, dir);
          const field = await importDemoField(app, dir);
          return { summary, report, elections, contacts, field, status: await posts.summary(), store: app.store.label, keyCreated: app.keyCreated };
        } finally {
          progress.stop();
        }
      });
      if (flags.json) {
        out(JSON.stringify({ synthetic: true, dir, ...summaryJson(result.summary), store: result.store, status: result.status, report: result.report }));
        return;
      }
      printSummary(result.summary);
      note(`  (${files.planted} malformed lines were planted in ${files.files[files.files.length - 1]} to show how bad input is reported)`);
      out('');
      out(`Store ${result.store} now holds ${n(result.status.posts)} posts (${Object.entries(result.status.platforms).map(([k, v]) => `${k} ${n(v)}`).join(', ')}).`);
      out('Every author id, handle and mention was replaced by a keyed pseudonym; no profile field was kept.');
      out('');
      out('The listening report of this corpus (stance against the built-in brexit question):');
      out(formatReport(result.report));
      out('');
      out('This corpus is SYNTHETIC: generated people and texts, for demonstration only.');
      out('');
      for (const line of result.elections) out(line);
      for (const line of result.contacts) out(line);
      for (const line of result.field) out(line);
      if (!flags.serve) {
        out('Next: `npx hustings serve` for the dashboard, `npx hustings status`, or ingest your own files with `npx hustings listen ingest FILE…`.');
        return;
      }
      await serveDemo(command, program, flags.port);
    });
}
