import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from '../core/errors';
import { loadModel } from '../listen/stance';
import { checkReadable } from '../core/input';
import { FORMAT_NAMES } from '../listen';
import { loadQuestion } from '../listen/questions';
import { formatReport, reportHtml } from '../listen/report';
import { reportFromFiles } from '../listen/report/build';
import { note, out, pseudonymiserFor } from './context';

interface ReportFlags {
  question: string;
  model?: string;
  format: string;
  platform: string;
  json?: boolean;
  html?: string;
}

/** `hustings listen report FILE…`: the SSIX-style report — shares with intervals, by country, topic, language, day. */
export function registerReport(listen: Command): void {
  listen
    .command('report')
    .description('classify posts from files and report: share of each side among decided posts (95 % interval), by country, topic, language and day')
    .argument('<files...>', 'files in any ingest format, or - for standard input')
    .option('--question <id|file>', 'question to measure stance against (built-in id or YAML/JSON file)', 'brexit')
    .option('--model <file>', 'a stance model from `hustings listen train` (default: cues only)')
    .addOption(new Option('--format <name>', 'input format (default: detected per record)').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--platform <name>', 'platform name for generic and CSV posts that carry none', 'generic')
    .option('--json', 'print the report as JSON: {posts, decided, share, ci95, averageStrength, byCountry, byTopic, byDay, byLanguage}')
    .option('--html <file>', 'also write the report as one self-contained HTML page with charts (readable offline)')
    .action(async (files: string[], flags: ReportFlags, command: Command) => {
      for (const file of files) await checkReadable(file);
      const question = await loadQuestion(flags.question);
      const model = flags.model ? await loadModel(flags.model) : null;
      if (model && model.question !== question.id) throw new UsageError(`the model was trained for question ${model.question}, not ${question.id}`);
      const { report, summary } = await reportFromFiles(files, question, await pseudonymiserFor(command), {
        format: flags.format === 'auto' ? null : (flags.format as (typeof FORMAT_NAMES)[number]),
        platform: flags.platform,
        model,
      });
      out(flags.json ? JSON.stringify(report) : formatReport(report));
      if (flags.html) {
        await writeFile(flags.html, reportHtml(report));
        note(`Report page: ${flags.html}`);
      }
      if (summary.bad > 0) note(`(${summary.bad} bad lines were left out; \`hustings listen ingest --quarantine\` lists them)`);
      if (summary.failedFiles > 0) process.exitCode = EXIT.input;
    });
}
