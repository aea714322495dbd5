import { once } from 'node:events';
import type { Command } from 'commander';
import { EXIT } from '../core/errors';
import { checkReadable } from '../core/input';
import { openOutput } from '../core/output';
import { createProgress } from '../core/progress';
import { note, pseudonymiserFor } from './context';
import type { ReadingFlags, StanceFlags } from './listen-options';
import { classifyProgress, loadStance, readingOptions, stageSetup, stanceOptions } from './listen-options';
import { n, rate, runFigures, seconds } from './format';

interface ClassifyFlags extends ReadingFlags, StanceFlags {
  out?: string;
  json?: boolean;
  progress: boolean;
}

/** `hustings listen classify`: one JSON line per post — language, country, stance, sentiment, topics. */
export function registerClassify(listen: Command): void {
  const cmd = listen
    .command('classify')
    .description('classify posts from files: language, country, stance, sentiment, topics (JSON lines out)')
    .argument('<files...>', 'files in any ingest format, or - for standard input');
  stanceOptions(readingOptions(cmd))
    .option('--out <file>', 'write the classifications here (default: standard output)')
    .option('--json', 'print the summary as JSON on standard error')
    .option('--no-progress', 'no progress bar')
    .action(async (files: string[], flags: ClassifyFlags, command: Command) => {
      for (const file of files) await checkReadable(file);
      const sink = flags.out && flags.out !== '-' ? await openOutput(flags.out, '--out', files) : process.stdout;
      const stance = await loadStance(flags);
      const ps = await pseudonymiserFor(command);
      const progress = createProgress(flags.progress && !flags.json && sink !== process.stdout, 'classify');
      // The classifiers (language model, lexicons, gazetteer) load only for the commands that use them.
      const { classifyFiles } = await import('../listen/classify-files');
      const summary = await classifyFiles(files, stageSetup(flags, stance, ps, 'json'), {
        out: sink,
        threads: flags.threads,
        maxBadShown: 20,
        onProgress: classifyProgress(progress),
      }).finally(() => progress.stop());
      if (sink !== process.stdout) {
        sink.end();
        await once(sink, 'finish');
      }
      if (flags.json) note(JSON.stringify({ ...summary, ...runFigures(summary.classified, summary.elapsedMs) }));
      else {
        note(`Classified ${n(summary.classified)} posts in ${seconds(summary.elapsedMs)} (${rate(summary.classified, summary.elapsedMs)}) · bad ${n(summary.bad)} · skipped ${n(summary.skipped)}`);
        for (const b of summary.badShown) note(`  ${b.file}${b.line ? `:${b.line}` : ''}: ${b.error}`);
      }
      if (summary.failedFiles > 0) process.exitCode = EXIT.input;
    });
}
