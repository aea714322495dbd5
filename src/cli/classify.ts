import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from '../core/errors';
import { loadModel } from '../listen/stance';
import { checkReadable } from '../core/input';
import { createProgress } from '../core/progress';
import { createClassifier } from '../listen/classify';
import { classifyFiles } from '../listen/classify-files';
import { FORMAT_NAMES } from '../listen';
import { formatContext } from '../listen/formats';
import { loadQuestion } from '../listen/questions';
import { note, pseudonymiserFor } from './context';
import { n, rate, seconds } from './format';

interface ClassifyFlags {
  question: string;
  model?: string;
  out?: string;
  format: string;
  platform: string;
  json?: boolean;
  progress: boolean;
}

/** `hustings listen classify`: one JSON line per post — language, country, stance, sentiment, topics. */
export function registerClassify(listen: Command): void {
  listen
    .command('classify')
    .description('classify posts from files: language, country, stance, sentiment, topics (JSON lines out)')
    .argument('<files...>', 'files in any ingest format, or - for standard input')
    .option('--question <id|file>', 'question to measure stance against (built-in id or YAML/JSON file)', 'brexit')
    .option('--model <file>', 'a stance model from `hustings listen train` (default: cues only)')
    .option('--out <file>', 'write the classifications here (default: standard output)')
    .addOption(new Option('--format <name>', 'input format (default: detected per record)').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--platform <name>', 'platform name for generic and CSV posts that carry none', 'generic')
    .option('--json', 'print the summary as JSON on standard error')
    .option('--no-progress', 'no progress bar')
    .action(async (files: string[], flags: ClassifyFlags, command: Command) => {
      for (const file of files) await checkReadable(file);
      const question = await loadQuestion(flags.question);
      const ps = await pseudonymiserFor(command);
      const sink = flags.out && flags.out !== '-' ? createWriteStream(flags.out) : process.stdout;
      const progress = createProgress(flags.progress && !flags.json && sink !== process.stdout, 'classify');
      const model = flags.model ? await loadModel(flags.model) : null;
      if (model && model.question !== question.id) throw new UsageError(`the model was trained for question ${model.question}, not ${question.id}`);
      const summary = await classifyFiles(files, createClassifier(question, ps, model), sink, {
        format: flags.format === 'auto' ? null : (flags.format as (typeof FORMAT_NAMES)[number]),
        ctx: formatContext(ps, flags.platform),
        maxBadShown: 20,
        onProgress: (file, done, size, classified) => progress.update(done, size, `${file} · ${n(classified)} classified`),
      }).finally(() => progress.stop());
      if (sink !== process.stdout) {
        sink.end();
        await once(sink, 'finish');
      }
      if (flags.json) note(JSON.stringify({ ...summary, postsPerSecond: summary.elapsedMs > 0 ? Math.round((summary.classified * 1000) / summary.elapsedMs) : null, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
      else {
        note(`Classified ${n(summary.classified)} posts in ${seconds(summary.elapsedMs)} (${rate(summary.classified, summary.elapsedMs)}) · bad ${n(summary.bad)} · skipped ${n(summary.skipped)}`);
        for (const b of summary.badShown) note(`  ${b.file}${b.line ? `:${b.line}` : ''}: ${b.error}`);
      }
      if (summary.failedFiles > 0) process.exitCode = EXIT.input;
    });
}
