import type { Command } from 'commander';
import { outputFile } from '../core/output';
import { InvalidArgumentError } from 'commander';
import { EXIT, UsageError } from '../core/errors';
import { checkReadable } from '../core/input';
import { createProgress } from '../core/progress';
import { MAX_INTEGER } from '../store';
import type { IngestOptions, IngestSummary } from '../listen';
import type { Progress } from '../core/progress';
import { DEFAULT_INGEST_OPTIONS, ingestFiles, PostStore } from '../listen';
import { connectChecked, DEFAULT_SINK_OPTIONS, ensureGroup, reportOutages, StreamSink, streamConfig } from '../listen/stream';
import { note, out, pseudonymiserFor, withApp } from './context';
import { registerAudience } from './audience';
import { registerClassify } from './classify';
import type { ReadingFlags, StanceFlags } from './listen-options';
import { chosenFormat, loadStance, readingOptions, stanceOptions } from './listen-options';
import { registerQuestions } from './questions';
import { registerReport } from './report';
import { registerTrain } from './train';
import { registerWatch } from './watch';
import { n, rate, runFigures, seconds } from './format';

interface IngestFlags extends ReadingFlags, StanceFlags {
  classify: boolean;
  quarantine?: string;
  json?: boolean;
  progress: boolean;
  batchSize: number;
  showBad: number;
  to?: string;
  maxBacklog: number;
  entryPosts: number;
}

/** A count that may be 0 (digits only). */
function countArg(value: string): number {
  const parsed = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`expected a whole number from 0, found "${value}"`);
  return parsed;
}

export function positiveInt(value: string): number {
  // Digits only: "1e3" or "0x10" would be another number than the one meant (a person's id, say).
  const parsed = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  // The largest a flag takes is what both stores keep in an integer column.
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_INTEGER) throw new InvalidArgumentError(`expected a positive whole number up to ${MAX_INTEGER.toLocaleString('en')}, found "${value}"`);
  return parsed;
}

export function registerListen(program: Command): void {
  const listen = program.command('listen').description('social listening: ingest and analyse posts');
  registerQuestions(listen);
  registerClassify(listen);
  registerReport(listen);
  registerAudience(listen);
  registerTrain(listen);
  registerWatch(listen);
  const ingest = listen
    .command('ingest')
    .description('read posts from files (or - for standard input), pseudonymise them, classify them for a question and store them with the rollups')
    .argument('<files...>', 'JSON lines, JSON array or document, or CSV; gzip is read transparently');
  stanceOptions(readingOptions(ingest))
    .option('--no-classify', 'store the posts only: no classification, no rollups')
    .option('--quarantine <file>', 'write every bad item, with its line and error, to this JSON lines file')
    .option('--json', 'print the summary as JSON: {read, stored, duplicates, bad, skipped, …}')
    .option('--no-progress', 'no progress bar')
    .option('--batch-size <n>', 'posts per transaction', positiveInt, DEFAULT_INGEST_OPTIONS.batchSize)
    .option('--show-bad <n>', 'how many bad items to list (0: none)', countArg, DEFAULT_INGEST_OPTIONS.maxBadShown)
    .option('--to <redis-url>', 'append the pseudonymised posts to a Redis stream for `hustings worker listen` instead of storing them (redis://HOST:PORT[/DB][?stream=NAME])')
    .option('--max-backlog <posts>', 'with --to: posts the stream may hold unprocessed before ingest waits for the workers', positiveInt, DEFAULT_SINK_OPTIONS.maxBacklog)
    .option('--entry-posts <n>', 'with --to: posts per stream entry', positiveInt, DEFAULT_SINK_OPTIONS.entryPosts)
    .action(async (files: string[], flags: IngestFlags, command: Command) => {
      refuseUnused(flags, command);
      // A mistyped file name must not leave a new empty store (and key) behind.
      for (const file of files) await checkReadable(file);
      // A quarantine file that cannot be written is told now, not after the store is made and the posts read.
      if (flags.quarantine) flags.quarantine = outputFile(flags.quarantine, '--quarantine', files);
      if (flags.to) {
        await produce(files, flags, command);
        return;
      }
      const stance = flags.classify ? await loadStance(flags) : null;
      const stop = stopOnSignal();
      const summary = await withApp(command, async (app) => {
        const progress = createProgress(flags.progress && !flags.json, 'ingest');
        try {
          return await ingestFiles(files, { posts: new PostStore(app.store), pseudonymiser: app.pseudonymiser, classify: stance }, ingestOptions(flags, progress, 'stored', stop.signal));
        } finally {
          progress.stop();
          stop.dispose();
        }
      });
      if (flags.json) out(JSON.stringify(summaryJson(summary)));
      else printSummary(summary, flags.quarantine);
      endOfRun(summary);
    });
}

/**
 * Options that the chosen destination does not use are refused rather than ignored: with --to the
 * workers classify, for the question and model they are started with; without it there is no stream.
 */
function refuseUnused(flags: IngestFlags, command: Command): void {
  const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
  if (flags.to) {
    for (const [name, option] of [['question', '--question'], ['model', '--model/--no-model'], ['classify', '--no-classify']] as const) {
      if (given(name)) throw new UsageError(`${option}: with --to the workers classify the posts, for the question and model they are started with (\`hustings worker listen --question … --model …\`); leave it out here`);
    }
  } else {
    for (const [name, option] of [['maxBacklog', '--max-backlog'], ['entryPosts', '--entry-posts']] as const) {
      if (given(name)) throw new UsageError(`${option} goes with --to (a Redis stream); without it the posts are stored here`);
    }
  }
}

/**
 * SIGTERM or Ctrl-C while ingesting: stop reading, commit what was read (a stream's posts are not
 * lost), then end; a second signal ends at once.
 */
function stopOnSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    note(`ingest: ${name}: committing what was read, then stopping (again to stop at once)`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/** The exit code of an ingest: files that could not be read, or a stop before the end; standard input is let go. */
function endOfRun(summary: IngestSummary): void {
  if (summary.failedFiles > 0) process.exitCode = EXIT.input;
  // Every item bad (labelled rows, another export): a script must not take that for an ingest.
  if (summary.read > 0 && summary.bad === summary.read - summary.skipped && summary.bad > 0) {
    note(`ingest: none of the ${summary.bad.toLocaleString('en')} items read is a post: is this the right file and format?`);
    process.exitCode = EXIT.input;
  }
  if (!summary.stopped) return;
  note('ingest: stopped before the end of its input; what was read is committed, and a re-run of a file resumes after it');
  process.exitCode = EXIT.interrupted;
  // A read from standard input may still be waiting: it would keep the process alive.
  process.stdin.destroy();
}

function ingestOptions(flags: IngestFlags, progress: Progress, verb: 'stored' | 'queued', signal?: AbortSignal): IngestOptions {
  return {
    signal,
    format: chosenFormat(flags.format),
    platform: flags.platform,
    batchSize: flags.batchSize,
    quarantinePath: flags.quarantine,
    maxBadShown: flags.showBad,
    threads: flags.threads,
    onProgress: (p) => progress.update(p.bytesRead, p.size, `${p.file} · ${n(p.counts.read)} read · ${n(p.counts.stored)} ${verb}`),
  };
}

/** `listen ingest --to redis://…`: parse and pseudonymise here, classify and store in the workers. */
async function produce(files: string[], flags: IngestFlags, command: Command): Promise<void> {
  const config = streamConfig(flags.to!);
  const pseudonymiser = await pseudonymiserFor(command);
  const redis = await connectChecked(config);
  reportOutages(redis, config.label, (m) => note(`ingest: ${m}`));
  const progress = createProgress(flags.progress && !flags.json, 'ingest');
  let summary: IngestSummary;
  const stop = stopOnSignal();
  // Stopped while it waits for the workers, the producer queues what it holds and ends, as it does otherwise.
  const sink = new StreamSink(redis, config, pseudonymiser.fingerprint, { entryPosts: flags.entryPosts, maxBacklog: flags.maxBacklog, onWait: (why) => note(`ingest: ${why}`), signal: stop.signal });
  try {
    await ensureGroup(redis, config);
    summary = await ingestFiles(files, { posts: sink, pseudonymiser, classify: null }, ingestOptions(flags, progress, 'queued', stop.signal));
  } finally {
    progress.stop();
    stop.dispose();
    redis.disconnect();
  }
  if (flags.json) out(JSON.stringify({ ...summaryJson(summary), stored: 0, queued: summary.stored, stream: config.stream, waitedMs: sink.waitedMs }));
  else {
    printSummary(summary, flags.quarantine, 'queued');
    out(`  into ${config.stream} at ${config.label}${sink.waitedMs > 0 ? ` (waited ${seconds(sink.waitedMs)} for the workers)` : ''}; workers classify and store them`);
  }
  endOfRun(summary);
}

export function summaryJson(s: IngestSummary): Record<string, unknown> {
  const { read, stored, duplicates, bad, skipped, elapsedMs, files, badShown, future } = s;
  return { read, stored, duplicates, bad, skipped, elapsedMs, ...runFigures(read, elapsedMs), files, badShown, future, stopped: s.stopped ?? false };
}

export function printSummary(s: IngestSummary, quarantine?: string, verb: 'stored' | 'queued' = 'stored'): void {
  out(`Ingested ${n(s.files.length)} file${s.files.length === 1 ? '' : 's'} in ${seconds(s.elapsedMs)} (${rate(s.read, s.elapsedMs)})`);
  const dup = verb === 'stored' ? ` · duplicates ${n(s.duplicates)}` : '';
  out(`  read ${n(s.read)} · ${verb} ${n(s.stored)}${dup} · bad ${n(s.bad)} · skipped ${n(s.skipped)}`);
  for (const f of s.files) {
    if (f.resumedAt > 0) note(`  ${f.path}: resumed after item ${n(f.resumedAt)}, where an interrupted run had stopped`);
    if (f.error) note(`  ${f.path}: stopped early: ${f.error}`);
  }
  if (s.future.posts > 0) {
    const latest = new Date(s.future.latest!).toISOString().slice(0, 10);
    note(`  ${n(s.future.posts)} post${s.future.posts === 1 ? ' is' : 's are'} dated more than a day after this run began (the latest ${latest}): kept as given; a wrong clock at the source, or dates read in the wrong unit?`);
  }
  if (s.bad > 0) {
    note(`  bad items (${s.badShown.length < s.bad ? `first ${s.badShown.length} of ${n(s.bad)}` : n(s.bad)}):`);
    for (const b of s.badShown) note(`    ${b.file}:${b.line}: ${b.error}`);
    note(quarantine ? `  all bad items are in ${quarantine}` : '  (--quarantine FILE keeps every bad item with its content)');
  }
}
