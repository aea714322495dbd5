import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT } from '../core/errors';
import { checkReadable } from '../core/input';
import { formatReport } from '../listen/report/format';
import { note, out, pseudonymiserFor } from './context';
import { chosenFormat, loadStance, readingOptions, stanceOptions } from './listen-options';

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
  const cmd = listen
    .command('report')
    .description('classify posts from files and report: share of each side among decided posts (95 % interval), by country, topic, language and day')
    .argument('<files...>', 'files in any ingest format, or - for standard input');
  stanceOptions(readingOptions(cmd))
    .option('--json', 'print the report as JSON: {posts, decided, share, ci95, averageStrength, byCountry, byTopic, byDay, byLanguage}')
    .option('--html <file>', 'also write the report as one self-contained HTML page with charts (readable offline)')
    .action(async (files: string[], flags: ReportFlags, command: Command) => {
      for (const file of files) await checkReadable(file);
      const { question, model } = await loadStance(flags);
      // The classifiers and the chart library load only for the commands that use them.
      const { reportFromFiles } = await import('../listen/report/build');
      const { report, summary } = await reportFromFiles(files, question, await pseudonymiserFor(command), {
        format: chosenFormat(flags.format),
        platform: flags.platform,
        model,
      });
      out(flags.json ? JSON.stringify(report) : formatReport(report));
      if (flags.html) {
        const { reportHtml } = await import('../listen/report/html');
        await writeFile(flags.html, reportHtml(report));
        note(`Report page: ${flags.html}`);
      }
      if (summary.bad > 0) note(`(${summary.bad} bad lines were left out; \`hustings listen ingest --quarantine\` lists them)`);
      if (summary.failedFiles > 0) process.exitCode = EXIT.input;
    });
}
