import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { areasCsv, checkPriorityRule, priorityOf, priorityRule } from '../elections/analysis';
import { transferMethod } from '../elections/transfers/estimate';
import { positiveInt } from './listen';
import { note, out, withApp } from './context';
import { stationPlaces } from '../field/areas';
import { fieldDb } from '../field/tables';
import type { PairFlags } from './elections-rounds';
import { analyseWithProgress, loadPair, notePair, pairOptions } from './elections-rounds';
import type { CensusBadLine } from './elections-census';
import { joinCensusTo, readCensus } from './elections-census';
import { outputFile } from '../core/output';

interface PriorityFlags extends PairFlags {
  method: string;
  seed?: number;
  json?: boolean;
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

/** What did not join between the census and the stations, on standard error (the JSON lists them all). */
function noteCensus(path: string, c: { missing: readonly string[]; unused: readonly string[]; bad: readonly CensusBadLine[] }): void {
  const some = (codes: readonly string[]): string => `${codes.slice(0, 5).join(', ')}${codes.length > 5 ? ', …' : ''}`;
  if (c.bad.length) note(`${path}: ${c.bad.length} bad line(s): ${c.bad.slice(0, 5).map((b) => `line ${b.line}: ${b.message}`).join('; ')}${c.bad.length > 5 ? '; …' : ''}`);
  if (c.missing.length) note(`${path}: ${c.missing.length} station${c.missing.length === 1 ? ' has' : 's have'} no census row (${some(c.missing)})`);
  if (c.unused.length) note(`${path}: ${c.unused.length} census row${c.unused.length === 1 ? ' matches' : 's match'} no station (${some(c.unused)})`);
}

/** `elections priority`: where the estimated transfers say door-to-door is worth most. */
export function registerAnalyses(elections: Command): void {
  common(elections.command('priority').description('rank polling stations and sample areas (~1,500 registered) by the votes a campaign can gain'))
    .requiredOption('--campaign <keys>', "the campaign's first-round option keys, comma-separated")
    .option('--gain-from <key>', 'the second-round option its voters can be won back from', 'ABSTENTION')
    .option('--target <n>', 'registered voters per sample area', positiveInt, 1500)
    .option('--census <file.csv>', 'census attributes by unit code (lat/lon columns let areas group by distance; with --election and no census, the coordinates of `field stations import`)')
    .option('--census-id <column>', 'the census column holding the unit code (default: the first column)')
    .option('--csv <file>', 'write the sample areas as CSV to this file')
    .action(async (flags: PriorityFlags, command: Command) => {
      const csv = flags.csv ? outputFile(flags.csv, '--csv') : null;
      // The census is read and checked before the estimate, which can take minutes.
      const read = flags.census ? await readCensus(flags.census, flags.censusId) : null;
      const [from, to] = await loadPair(command, flags);
      const rule = priorityRule(flags.campaign, flags.gainFrom, from);
      checkPriorityRule(rule, from, to);
      const a = await analyseWithProgress(from, to, { method: transferMethod(flags.method), seed: flags.seed, perUnit: true }, flags);
      notePair(a.result, a.matching);
      const census = read ? joinCensusTo(read, a.units) : null;
      if (census) noteCensus(flags.census!, census);
      // Without a census, stored rounds take their stations' coordinates from the field module, as the web view does.
      const places = census?.places ?? (flags.election ? await withApp(command, async (app) => stationPlaces(fieldDb(app.store.db)), { existing: true }) : new Map());
      const p = priorityOf(a, rule, places, flags.target);
      if (!p.perUnit) note(`${a.result.method} gives one matrix for all units: every station is scored with it (use lp or md-bayes for per-station matrices)`);
      if (csv) await writeFile(csv, areasCsv(p.areas));
      // Census attributes are shown with the stations they describe (lat/lon are the areas' places).
      const stations = read ? p.stations.map((s) => ({ ...s, census: read.byCode.get(s.code) ?? null })) : p.stations;
      if (flags.json) return out(JSON.stringify({ rule, perUnit: p.perUnit, areas: p.areas, stations, census: census && { missing: census.missing, unused: census.unused, badLines: census.bad }, matching: a.matching }));
      const located = p.stations.some((s) => places.get(s.code)?.lat !== undefined && places.get(s.code)?.lon !== undefined);
      const grouped = p.areas[0]?.nearness === 'coordinates' ? 'grouped by distance' : `grouped by district and code (${located ? 'not every station has' : 'no station has'} coordinates)`;
      out(`${p.areas.length} sample areas of ~${flags.target} registered, ${grouped}; votes to gain: ${rule.rows.join(', ')} voters who went to ${rule.col}`);
      for (const area of p.areas.slice(0, 20)) out(`${String(area.rank).padStart(3)}. ${area.gain.toFixed(0).padStart(6)} votes (${area.perThousand.toFixed(1)} per 1,000) in ${area.registered} registered: ${area.stations.join(' ')}`);
    });
}
