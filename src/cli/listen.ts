import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { EXIT } from '../core/errors';
import { checkReadable } from '../core/input';
import { createProgress } from '../core/progress';
import type { IngestSummary } from '../listen';
import { DEFAULT_INGEST_OPTIONS, ingestFiles, PostStore } from '../listen';
import { note, out, withApp } from './context';
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
}

export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`expected a positive whole number, found "${value}"`);
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
    .option('--show-bad <n>', 'how many bad items to list', positiveInt, DEFAULT_INGEST_OPTIONS.maxBadShown)
    .action(async (files: string[], flags: IngestFlags, command: Command) => {
      // A mistyped file name must not leave a new empty store (and key) behind.
      for (const file of files) await checkReadable(file);
      const stance = flags.classify ? await loadStance(flags) : null;
      const summary = await withApp(command, async (app) => {
        const progress = createProgress(flags.progress && !flags.json, 'ingest');
        try {
          return await ingestFiles(files, { posts: new PostStore(app.store), pseudonymiser: app.pseudonymiser, classify: stance }, {
            format: chosenFormat(flags.format),
            platform: flags.platform,
            batchSize: flags.batchSize,
            quarantinePath: flags.quarantine,
            maxBadShown: flags.showBad,
            threads: flags.threads,
            onProgress: (p) => progress.update(p.bytesRead, p.size, `${p.file} · ${n(p.counts.read)} read · ${n(p.counts.stored)} stored`),
          });
        } finally {
          progress.stop();
        }
      });
      if (flags.json) out(JSON.stringify(summaryJson(summary)));
      else printSummary(summary, flags.quarantine);
      if (summary.failedFiles > 0) process.exitCode = EXIT.input;
    });
}

export function summaryJson(s: IngestSummary): Record<string, unknown> {
  const { read, stored, duplicates, bad, skipped, elapsedMs, files, badShown } = s;
  return { read, stored, duplicates, bad, skipped, elapsedMs, ...runFigures(read, elapsedMs), files, badShown };
}

export function printSummary(s: IngestSummary, quarantine?: string): void {
  out(`Ingested ${n(s.files.length)} file${s.files.length === 1 ? '' : 's'} in ${seconds(s.elapsedMs)} (${rate(s.read, s.elapsedMs)})`);
  out(`  read ${n(s.read)} · stored ${n(s.stored)} · duplicates ${n(s.duplicates)} · bad ${n(s.bad)} · skipped ${n(s.skipped)}`);
  for (const f of s.files) {
    if (f.resumedAt > 0) note(`  ${f.path}: resumed after item ${n(f.resumedAt)}, where an interrupted run had stopped`);
    if (f.error) note(`  ${f.path}: stopped early: ${f.error}`);
  }
  if (s.bad > 0) {
    note(`  bad items (${s.badShown.length < s.bad ? `first ${s.badShown.length} of ${n(s.bad)}` : n(s.bad)}):`);
    for (const b of s.badShown) note(`    ${b.file}:${b.line}: ${b.error}`);
    note(quarantine ? `  all bad items are in ${quarantine}` : '  (--quarantine FILE keeps every bad item with its content)');
  }
}
