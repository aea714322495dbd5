import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors';
import type { RoundResults } from '../elections/formats/types';
import type { ResultFormat } from '../elections/formats/read';
import { readRound, RESULT_FORMATS } from '../elections/formats/read';
import { groupByParty } from '../elections/group';
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
}

/** The options that choose two rounds, shared by `transfers`, `project` and `priority`. */
export function pairOptions(command: Command): Command {
  return command
    .requiredOption('--from <file|round>', 'first round: a results file, or a round number with --election')
    .requiredOption('--to <file|round>', 'second round: a results file, or a round number with --election')
    .option('--election <id>', 'read both rounds from the store (then --from and --to are round numbers)')
    .option('--format <format>', `results format of the files (${RESULT_FORMATS.join(', ')}; default: detected)`, formatArg)
    .option('--id <column>', 'generic CSV: the column holding the unit id (default: unit, id, code, … or the first column)')
    .option('--by <party>', 'pool candidates by party ("party"), e.g. to analyse several constituencies together', byArg);
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
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: with --election, expected a round number (1, 2, …), found "${value}"`);
  return n;
}

/** Reads the two rounds the flags name; bad lines of a file are reported on standard error. */
export async function loadPair(command: Command, flags: PairFlags): Promise<[RoundResults, RoundResults]> {
  let pair: [RoundResults, RoundResults];
  if (flags.election) {
    const election = flags.election;
    const [a, b] = [roundNumber(flags.from, '--from'), roundNumber(flags.to, '--to')];
    pair = await withApp(command, async (app) => [await loadRound(app.store.db, election, a), await loadRound(app.store.db, election, b)]);
  } else {
    const read = async (path: string) => (await readRound(path, { format: flags.format, id: flags.id })).round;
    pair = [await read(flags.from), await read(flags.to)];
    reportBad(flags.from, pair[0]);
    reportBad(flags.to, pair[1]);
  }
  return flags.by === 'party' ? [groupByParty(pair[0]), groupByParty(pair[1])] : pair;
}

function reportBad(path: string, round: RoundResults): void {
  if (round.bad.length === 0) return;
  note(`${path}: ${round.bad.length} bad line(s) left out: ${round.bad.slice(0, 5).map((b) => `line ${b.line}: ${b.message}`).join('; ')}${round.bad.length > 5 ? '; …' : ''}`);
}
