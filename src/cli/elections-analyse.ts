import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analysePair, areasCsv, priorityOf, projectPair } from '../elections/analysis';
import { transferMethod } from '../elections/transfers/estimate';
import { positiveInt } from './listen';
import { note, out } from './context';
import type { PairFlags } from './elections-rounds';
import { loadPair, pairOptions } from './elections-rounds';
import { readCensus } from './elections-census';

interface AnalyseFlags extends PairFlags {
  method: string;
  seed?: number;
  json?: boolean;
}

interface PriorityFlags extends AnalyseFlags {
  campaign: string;
  gainFrom: string;
  target: number;
  census?: string;
  censusId?: string;
  csv?: string;
}

const common = (c: Command) =>
  pairOptions(c)
    .option('--method <method>', 'goodman | lp | md-bayes (per-unit matrices: lp and md-bayes)', 'lp')
    .option('--seed <n>', 'random seed (md-bayes draws, projection intervals)', positiveInt)
    .option('--json', 'print JSON');

/** `elections project` and `elections priority`: what the estimated transfers are used for. */
export function registerAnalyses(elections: Command): void {
  common(elections.command('project').description('project the second round per unit and in total from the first round and the estimated transfers, with intervals')).action(
    async (flags: AnalyseFlags, command: Command) => {
      const [from, to] = await loadPair(command, flags);
      const a = await analysePair(from, to, { method: transferMethod(flags.method), seed: flags.seed, perUnit: true });
      const counted = a.result.cols.map((key) => to.options.find((o) => o.key === key)?.kind === 'choice');
      const p = projectPair(a, counted, flags.seed ?? 1);
      if (flags.json) return out(JSON.stringify({ ...p, matching: a.matching }));
      const actual = p.actual.total.reduce((s, v, c) => s + (counted[c] ? v : 0), 0);
      out(`projection (${a.result.method}; ${p.method}), ${p.units.length} units`);
      p.cols.forEach((col, c) => {
        const share = counted[c] ? `  share ${pc(p.total.share[c]!)} (${pc(p.total.shareLo[c]!)}–${pc(p.total.shareHi[c]!)}), actual ${pc(actual > 0 ? p.actual.total[c]! / actual : 0)}` : '';
        out(`${col.padEnd(24)} ${Math.round(p.total.votes[c]!).toLocaleString('en')} votes (${Math.round(p.total.lo[c]!).toLocaleString('en')}–${Math.round(p.total.hi[c]!).toLocaleString('en')})${share}`);
      });
    },
  );
  common(elections.command('priority').description('rank polling stations and sample areas (~1,500 registered) by the votes a campaign can gain'))
    .requiredOption('--campaign <keys>', "the campaign's first-round option keys, comma-separated")
    .option('--gain-from <key>', 'the second-round option its voters can be won back from', 'ABSTENTION')
    .option('--target <n>', 'registered voters per sample area', positiveInt, 1500)
    .option('--census <file.csv>', 'census attributes by unit code (lat/lon columns let areas group by distance)')
    .option('--census-id <column>', 'the census column holding the unit code (default: the first column)')
    .option('--csv <file>', 'write the sample areas as CSV to this file')
    .action(async (flags: PriorityFlags, command: Command) => {
      const [from, to] = await loadPair(command, flags);
      const a = await analysePair(from, to, { method: transferMethod(flags.method), seed: flags.seed, perUnit: true });
      const census = flags.census ? await readCensus(flags.census, flags.censusId, a.units) : null;
      const rule = { rows: flags.campaign.split(',').map((s) => s.trim()), col: flags.gainFrom };
      const p = priorityOf(a, rule, census?.places ?? new Map(), flags.target);
      if (!p.perUnit) note(`${a.result.method} gives one matrix for all units: every station is scored with it (use lp or md-bayes for per-station matrices)`);
      if (flags.csv) await writeFile(flags.csv, areasCsv(p.areas));
      if (flags.json) return out(JSON.stringify({ rule, perUnit: p.perUnit, areas: p.areas, stations: p.stations, census: census && { missing: census.missing, unused: census.unused } }));
      out(`${p.areas.length} sample areas of ~${flags.target} registered; votes to gain: ${rule.rows.join(', ')} voters who went to ${rule.col}`);
      for (const area of p.areas.slice(0, 20)) out(`${String(area.rank).padStart(3)}. ${area.gain.toFixed(0).padStart(6)} votes (${area.perThousand.toFixed(1)} per 1,000) in ${area.registered} registered: ${area.stations.join(' ')}`);
    });
}

const pc = (x: number): string => `${(100 * x).toFixed(1)} %`;
