import type { Command } from 'commander';
import { Option } from 'commander';
import type { AreaAnswers, CompareRow, DoorCounts, Progress, ProgressLevel } from '../field/progress';
import { answersCsv, answersOf, compareCsv, compareWithElection, progressCsv, progressOf } from '../field/progress';
import { fieldDb } from '../field/tables';
import { out, withApp } from './context';
import { positiveInt } from './listen';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

function countsText(r: DoorCounts): string {
  const results = Object.entries(r.results)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return `${r.knocked}/${r.addresses} addresses knocked (${pct(r.shareKnocked)}), ${r.doors} doors, ${r.contacts} contacts, ${r.attempts} knocks${results ? `; now: ${results}` : ''}`;
}

function progressLines(p: Progress): string[] {
  if (p.by === 'turf') return p.rows.map((r) => `turf ${r.turfId} (area ${r.areaId}, no. ${r.number}): ${countsText(r)}`);
  if (p.by === 'area') return p.rows.map((r) => `area ${r.areaId} (${r.turfs} turfs): ${countsText(r)}`);
  return p.rows.map((r) => `campaign ${r.campaignId} (${r.areas} areas, ${r.turfs} turfs): ${countsText(r)}`);
}

function answerLines(areas: readonly AreaAnswers[]): string[] {
  const lines: string[] = [];
  for (const a of areas) {
    for (const q of a.questions) {
      lines.push(`${a.areaId ?? 'all areas'} · ${q.question} (base ${q.base ?? '<5'})`);
      for (const o of q.options) lines.push(`  ${o.option}\t${o.suppressed ? 'suppressed (<5)' : `${o.count}\t${pct(o.share)}\t[${pct(o.ci95![0])} – ${pct(o.ci95![1])}]`}`);
    }
  }
  return lines;
}

function compareLine(r: CompareRow): string {
  const survey = r.suppressed ? 'suppressed (<5)' : `${pct(r.surveyShare)} [${pct(r.ci95![0])} – ${pct(r.ci95![1])}] of ${r.base}`;
  return `area ${r.area}: survey ${survey}; election ${pct(r.electionShare)} of ${r.expressed} expressed (${r.matchedStations}/${r.stations} stations matched, ${r.registered ?? '?'} registered)`;
}

/** `hustings field progress|answers|compare`: how far the campaign has gone and what doors answered. */
export function registerFieldProgress(field: Command): void {
  registerProgress(field);
  registerAnswers(field);
  registerCompare(field);
}

function registerProgress(field: Command): void {
  field
    .command('progress')
    .description('doors, addresses knocked, contacts and results per turf, area or for the campaign')
    .requiredOption('--campaign <id>', 'campaign id', positiveInt)
    .addOption(new Option('--by <level>', 'per turf, area or the whole campaign').choices(['turf', 'area', 'campaign']).default('area'))
    .option('--csv', 'as CSV')
    .option('--json', 'as JSON')
    .action(async (f: { campaign: number; by: ProgressLevel; csv?: boolean; json?: boolean }, command: Command) => {
      const p = await withApp(command, (app) => progressOf(fieldDb(app.store.db), f.campaign, f.by), { existing: true });
      if (f.csv) {
        process.stdout.write(progressCsv(p));
        return;
      }
      if (f.json) return out(JSON.stringify(p, null, 2));
      if (p.rows.length === 0) return out(`campaign ${f.campaign} has no turfs yet`);
      for (const line of progressLines(p)) out(line);
    });
}

function registerAnswers(field: Command): void {
  field
    .command('answers')
    .description("answers per area and question: count, base (doors, each door's latest answer), share and 95 % Wilson interval; cells under 5 suppressed")
    .requiredOption('--campaign <id>', 'campaign id', positiveInt)
    .option('--area <id>', 'one area only')
    .option('--csv', 'as CSV')
    .option('--json', 'as JSON')
    .action(async (f: { campaign: number; area?: string; csv?: boolean; json?: boolean }, command: Command) => {
      const a = await withApp(command, (app) => answersOf(fieldDb(app.store.db), f.campaign, f.area), { existing: true });
      if (f.csv) {
        process.stdout.write(answersCsv(a.areas));
        return;
      }
      if (f.json) return out(JSON.stringify({ areas: a.areas }, null, 2));
      for (const line of answerLines(a.areas)) out(line);
    });
}

function registerCompare(field: Command): void {
  field
    .command('compare')
    .description("an answer's share per area beside an election option's share of expressed votes in the area's stations")
    .requiredOption('--campaign <id>', 'campaign id', positiveInt)
    .requiredOption('--question <id>', 'question id of the script')
    .requiredOption('--answer <a>', 'an option id; for a scale a value, >=n, <=n or n-m')
    .requiredOption('--election <id>', 'stored election id')
    .requiredOption('--round <n>', 'round number', positiveInt)
    .requiredOption('--option <key>', "the election option's key")
    .option('--area <id>', 'one area only')
    .option('--csv', 'as CSV')
    .option('--json', 'as JSON')
    .action(async (f: { campaign: number; question: string; answer: string; election: string; round: number; option: string; area?: string; csv?: boolean; json?: boolean }, command: Command) => {
      const rows = await withApp(command, (app) => compareWithElection(fieldDb(app.store.db), { campaignId: f.campaign, question: f.question, answer: f.answer, election: f.election, round: f.round, option: f.option, area: f.area }), { existing: true });
      if (f.csv) {
        process.stdout.write(compareCsv(rows));
        return;
      }
      if (f.json) return out(JSON.stringify({ rows }, null, 2));
      for (const r of rows) out(compareLine(r));
    });
}
