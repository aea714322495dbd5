import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { MAX_INTEGER } from '../store';
import type { RoundResults } from '../elections/formats/types';
import type { ResultFormat } from '../elections/formats/read';
import { readRound, RESULT_FORMATS } from '../elections/formats/read';
import { createProgress } from '../core/progress';
import type { Matching, PairAnalysis } from '../elections/analysis';
import { analysePair } from '../elections/analysis';
import type { EstimateOptions } from '../elections/transfers/estimate';
import type { Electorate } from '../elections/transfers/prepare';
import type { TransferResult } from '../elections/transfers/types';
import { groupByParty, inDistrict, lineUpWarning, pairInDistrict, withoutAbsentChoices } from '../elections/group';
import { loadRound } from '../elections/store';
import { note, withApp } from './context';

/** How a command finds two rounds: two files, or two stored rounds of one election. */
export interface PairFlags {
  from: string;
  to: string;
  election?: string;
  format?: ResultFormat;
  id?: string;
  by?: 'party';
  district?: string;
  /** false with --no-progress. */
  progress?: boolean;
  json?: boolean;
}

/** The options that choose two rounds, shared by `transfers`, `project` and `priority`. */
export function pairOptions(command: Command): Command {
  return roundSourceOptions(
    command
      .requiredOption('--from <file|round>', 'first round: a results file, or a round number with --election')
      .requiredOption('--to <file|round>', 'second round: a results file, or a round number with --election')
      .option('--no-progress', 'no progress bar (md-bayes)'),
  );
}

/** Cells of a transfer table past which the estimate takes minutes (with 20 × 16, seconds). */
const LARGE_TABLE = 400;

/**
 * `analysePair` with a progress bar on standard error while md-bayes's chains run (a large table
 * takes minutes; the other methods, a second at most): when it is a terminal, without --json or
 * --no-progress.
 */
export async function analyseWithProgress(from: RoundResults, to: RoundResults, options: EstimateOptions & { electorate?: Electorate }, flags: Pick<PairFlags, 'progress' | 'json'>): Promise<PairAnalysis> {
  const cells = from.options.length * to.options.length;
  if (cells > LARGE_TABLE) {
    note(`${from.options.length} × ${to.options.length} options: the estimate can take many minutes at this size; take one district at a time with --district D, or pool candidates by party with --by party`);
  }
  const bar = createProgress(options.method === 'md-bayes' && flags.progress !== false && !flags.json, 'md-bayes');
  try {
    return await analysePair(from, to, { ...options, onProgress: (p) => bar.update(p.sweeps, p.total, `${p.sweeps.toLocaleString('en')} of ${p.total.toLocaleString('en')} sweeps`) });
  } finally {
    bar.stop();
  }
}

/**
 * What the pairing and the estimate say besides the matrix, on standard error, the same for `transfers`,
 * `project` and `priority`: units in one round only (left out), units set aside, voters who joined or
 * left the roll, and the estimate's warning (md-bayes not converged, a matrix hardly identified…).
 */
export function notePair(result: TransferResult, m: Matching): void {
  const { unmatchedFrom, unmatchedTo } = m;
  if (unmatchedFrom.length + unmatchedTo.length > 0) {
    note(`units in only one round (left out): first ${unmatchedFrom.length} (${unmatchedFrom.slice(0, 5).join(', ')}), second ${unmatchedTo.length} (${unmatchedTo.slice(0, 5).join(', ')})`);
  }
  if (m.setAside.length) note(`units with no votes in either round (set aside): ${m.setAside.length} (${m.setAside.slice(0, 5).join(', ')}${m.setAside.length > 5 ? ', …' : ''})`);
  if (m.addedRow || m.addedCol) {
    note(`the rounds' totals differ in ${m.unbalancedUnits.toLocaleString('en')} units: ${m.newVoters.toLocaleString('en')} voters more in round 2 (row ${m.addedRow ?? 'none'}), ${m.exitedVoters.toLocaleString('en')} fewer (column ${m.addedCol ?? 'none'})`);
  }
  if (m.electorate === 'scale' && m.unbalancedUnits > 0) {
    note(`the rounds' totals differ in ${m.unbalancedUnits.toLocaleString('en')} units: round 2 rescaled to round 1's totals${m.roundedToWholeVotes ? ', then rounded to whole votes unit by unit (largest remainder), as md-bayes needs counts' : ''}`);
  }
  if (typeof result.diagnostics.warning === 'string') note(`warning: ${result.diagnostics.warning}`);
}

/** Where rounds come from and how to read them: --election, --format, --id, --by. */
export function roundSourceOptions(command: Command): Command {
  return command
    .option('--election <id>', 'read the rounds from the store (then --from and --to are round numbers)')
    .option('--format <format>', `results format of the files (${RESULT_FORMATS.join(', ')}; default: detected)`, formatArg)
    .option('--id <column>', 'generic CSV: the column holding the unit id (default: unit, id, code, … or the first column)')
    .option('--by <party>', 'pool candidates by party ("party"), e.g. to analyse several constituencies together', byArg)
    .option('--district <d>', 'only the units of this district (constituency, region) in both rounds');
}

function formatArg(value: string): ResultFormat {
  if ((RESULT_FORMATS as readonly string[]).includes(value)) return value as ResultFormat;
  throw new InvalidArgumentError(`expected one of ${RESULT_FORMATS.join(', ')}, found "${value}"`);
}

function byArg(value: string): 'party' {
  if (value === 'party') return value;
  throw new InvalidArgumentError(`expected "party", found "${value}"`);
}

function roundNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_INTEGER) throw new UsageError(`${flag}: with --election, expected a round number (1, 2, …), found "${value}"`);
  return n;
}

/** Reads the two rounds the flags name; bad lines of a file are reported on standard error. */
export async function loadPair(command: Command, flags: PairFlags): Promise<[RoundResults, RoundResults]> {
  if (flags.from === '-' && flags.to === '-') throw new UsageError('--from - and --to -: standard input can be read once; give one of the rounds as a file');
  const pair: [RoundResults, RoundResults] = [await loadOne(command, flags, flags.from, '--from'), await loadOne(command, flags, flags.to, '--to')];
  if (flags.district !== undefined) return pairInDistrict(pair[0], pair[1], flags.district, [`--district: --from ${flags.from}: `, `--district: --to ${flags.to}: `]);
  if (flags.by === 'party') noteLineUps(pair[1]);
  return pair;
}

/** One round alone (a projection with a given matrix), in --district's district when given. */
export async function loadFirst(command: Command, flags: Omit<PairFlags, 'to'>): Promise<RoundResults> {
  const round = await loadOne(command, flags, flags.from, '--from');
  return flags.district === undefined ? round : withoutAbsentChoices(inDistrict(round, flags.district, `--district: --from ${flags.from}: `));
}

/** Pooled by party over districts whose second rounds offer different choices: one matrix is a compromise between them. */
function noteLineUps(to: RoundResults): void {
  const warning = lineUpWarning(to, '--district D');
  if (warning) note(`--by party: ${warning}`);
}

/** One round: a file, or with --election a stored round number; pooled by party with --by party. */
export async function loadOne(command: Command, flags: Omit<PairFlags, 'from' | 'to'>, source: string, flag: string): Promise<RoundResults> {
  let round: RoundResults;
  if (flags.election) {
    const [election, n] = [flags.election, roundNumber(source, flag)];
    round = await withApp(command, (app) => loadRound(app.store.db, election, n), { existing: true });
  } else {
    round = (await readRound(source, { format: flags.format, id: flags.id })).round;
    reportBad(source, round);
    if (round.units.length === 0) throw noUnitRead(source, round);
  }
  if (flags.by !== 'party') return round;
  if (!round.options.some((o) => o.kind === 'choice' && o.party !== undefined)) note(`${flag}: --by party changes nothing: no option of this round names a party`);
  return groupByParty(round);
}

/** A file with no unit read is the wrong file or format, not a round of no voters: refused, as `elections import` does. */
function noUnitRead(path: string, round: RoundResults): InputError {
  const bad = round.bad.length;
  return new InputError(`${path}: no unit could be read (${bad.toLocaleString('en')} bad line${bad === 1 ? '' : 's'}); expected a header line then one line per unit`, path);
}

function reportBad(path: string, round: RoundResults): void {
  if (round.bad.length === 0) return;
  note(`${path}: ${round.bad.length} bad line(s) left out: ${round.bad.slice(0, 5).map((b) => `line ${b.line}: ${b.message}`).join('; ')}${round.bad.length > 5 ? '; …' : ''}`);
}
