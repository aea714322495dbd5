import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT, UsageError } from '../core/errors';
import { checkReadable } from '../core/input';
import { outputFile } from '../core/output';
import { PostStore } from '../listen';
import { loadQuestion } from '../listen/questions';
import type { Report } from '../listen/report/aggregate';
import { formatReport } from '../listen/report/format';
import { note, out, pseudonymiserFor, withApp } from './context';
import type { ReadingFlags, StanceFlags } from './listen-options';
import { classifyProgress, loadStance, readingOptions, stageSetup, stanceOptions } from './listen-options';
import { n } from './format';
import { createProgress } from '../core/progress';

interface ReportFlags extends ReadingFlags, StanceFlags {
  store?: boolean;
  progress: boolean;
  json?: boolean;
  html?: string;
}

/** The report of files: they are read and classified now. */
async function fromFiles(files: string[], flags: ReportFlags, command: Command): Promise<Report> {
  for (const file of files) await checkReadable(file);
  const stance = await loadStance(flags);
  // The classifiers and the chart library load only for the commands that use them.
  const { reportFromFiles } = await import('../listen/report/build');
  const setup = stageSetup(flags, stance, await pseudonymiserFor(command), 'cells');
  const progress = createProgress(flags.progress, 'report');
  const { report, summary } = await reportFromFiles(files, stance.question, setup, flags.threads ?? null, classifyProgress(progress)).finally(() => progress.stop());
  if (summary.bad > 0) note(`(${summary.bad} bad lines were left out; \`hustings listen ingest --quarantine\` lists them)`);
  if (summary.failedFiles > 0) process.exitCode = EXIT.input;
  return report;
}

/** The report of the store: from the rollups that `listen ingest` keeps; with its top terms for the text form. */
async function fromStore(flags: ReportFlags, command: Command): Promise<{ report: Report; terms: string }> {
  const question = await loadQuestion(flags.question);
  const { reportFromStore } = await import('../listen/report/build');
  const { formatTopTerms, topTermsInStore } = await import('../listen/terms/summary');
  return withApp(command, async (app) => {
    const posts = new PostStore(app.store);
    const report = await reportFromStore(posts, question);
    const terms = flags.json || report.posts === 0 ? '' : formatTopTerms(await topTermsInStore(posts, question.id, 10));
    if (report.posts === 0) {
      const classified = await posts.classified();
      const known = Object.entries(classified).map(([q, k]) => `${q} (${n(k)} posts)`);
      note(`No post in the store is classified for question ${question.id}${known.length ? `; classified: ${known.join(', ')}` : ''}. \`hustings listen ingest FILE --question ${flags.question}\` classifies posts as it stores them.`);
    }
    return { report, terms };
  }, { existing: true });
}

/** `hustings listen report (FILE… | --store)`: the SSIX-style report — shares with intervals, by country, topic, language, day. */
export function registerReport(listen: Command): void {
  const cmd = listen
    .command('report')
    .description('report on posts from files (classified now) or in the store (--store): share of each side among decided posts (95 % interval), by country, topic, language and day; from the store, also its top hashtags, phrases and questions')
    .argument('[files...]', 'files in any ingest format, or - for standard input');
  stanceOptions(readingOptions(cmd))
    .option('--store', 'report on the posts stored by `hustings listen ingest` (from its rollups) instead of files')
    .option('--json', 'print the report as JSON: {posts, decided, share, ci95, averageStrength, byCountry, byTopic, byDay, byLanguage}')
    .option('--html <file>', 'also write the report as one self-contained HTML page with charts (readable offline)')
    .option('--no-progress', 'no progress bar while files are classified')
    .action(async (files: string[], flags: ReportFlags, command: Command) => {
      if (flags.store && files.length > 0) throw new UsageError(`give files or --store, not both (found --store and ${files.length} file${files.length === 1 ? '' : 's'})`);
      if (!flags.store && files.length === 0) throw new UsageError('expected files to report on, or --store for the posts in the store');
      const html = flags.html ? outputFile(flags.html, '--html', files) : null;
      const { report, terms } = flags.store ? await fromStore(flags, command) : { report: await fromFiles(files, flags, command), terms: '' };
      out(flags.json ? JSON.stringify(report) : formatReport(report) + terms);
      if (html) {
        const { reportHtml } = await import('../listen/report/html');
        await writeFile(html, await reportHtml(report));
        note(`Report page: ${flags.html}`);
      }
    });
}
