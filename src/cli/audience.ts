import type { Command } from 'commander';
import { PostStore } from '../listen';
import type { AudienceReport } from '../listen/audience';
import { audienceReport } from '../listen/audience';
import { loadQuestion } from '../listen/questions';
import { note, out, withApp } from './context';

const cell = (v: number | null): string => (v === null ? 'suppressed' : v.toLocaleString('en'));
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

/** The audience table as text: hidden cells say so, nothing under k is printed. */
export function formatAudience(r: AudienceReport): string {
  if (r.posts === null) return `No audience breakdown: fewer than ${r.minPeople} distinct people with an age band or gender in the input (or none at all).`;
  const lines = [`${cell(r.posts)} posts by ${cell(r.people)} people carried an age band or gender (cells under ${r.minPeople} people suppressed).`, '', `age band   posts       people    ${r.sides[1]} share`];
  for (const m of r.byAgeBand) lines.push(`${m.key.padEnd(10)} ${cell(m.posts).padEnd(11)} ${cell(m.people).padEnd(9)} ${pct(m.shareB)}`);
  lines.push('', `gender     posts       people    ${r.sides[1]} share`);
  for (const m of r.byGender) lines.push(`${m.key.padEnd(10)} ${cell(m.posts).padEnd(11)} ${cell(m.people).padEnd(9)} ${pct(m.shareB)}`);
  return lines.join('\n');
}

/** `hustings listen audience`: who posted, by age band and gender, with small cells suppressed. */
export function registerAudience(listen: Command): void {
  listen
    .command('audience')
    .description('who posted, by age band and gender, where the input carried them (generic fields age_band or age, gender); cells under 10 distinct people are suppressed')
    .option('--question <id|file>', 'the question whose stance is broken down', 'brexit')
    .option('--json', 'print the breakdown as JSON (suppressed cells as null, as the API gives them)')
    .action(async (flags: { question: string; json?: boolean }, command: Command) => {
      const question = await loadQuestion(flags.question);
      const report = await withApp(command, (app) => audienceReport(new PostStore(app.store), question.id, question.sides, {}), { existing: true });
      if (flags.json) out(JSON.stringify(report));
      else out(formatAudience(report));
      if (report.posts === null) note('Inputs carry an audience as fields age_band (or age) and gender; see README "Audience".');
    });
}
