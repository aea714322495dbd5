import { basename } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { checkReadable } from '../core/input';
import type { ReadRoundOptions, ResultFormat, RoundResults, StoredElection, UnitMatch, UnitResult } from '../elections';
import { groupByParty, listElections, loadRound, matchUnits, readRound, RESULT_FORMATS, roundTurnout, saveRound } from '../elections';
import type { AnyDb } from '../store';
import { MAX_INTEGER } from '../store';
import { note, out, withApp } from './context';
import { n } from './format';
import { positiveInt } from './listen';

interface ImportFlags {
  election: string;
  round: number;
  format?: ResultFormat;
  id?: string;
  columns?: string[];
  suffix?: string;
  withoutSuffix?: string;
  by?: 'party';
  name?: string;
  showBad: number;
  json?: boolean;
}

export function resultFormat(value: string): ResultFormat {
  if ((RESULT_FORMATS as readonly string[]).includes(value)) return value as ResultFormat;
  throw new InvalidArgumentError(`expected one of ${RESULT_FORMATS.join(', ')}, found "${value}"`);
}

export function byParty(value: string): 'party' {
  if (value === 'party') return value;
  throw new InvalidArgumentError(`expected "party", found "${value}"`);
}

const columnList = (value: string): string[] => value.split(',').map((c) => c.trim()).filter((c) => c.length > 0);

export const pct = (v: number | null, digits = 1): string => (v === null ? '–' : `${(v * 100).toFixed(digits)} %`);

/** `hustings elections import|list|match`: results into the store, and what it holds. */
export function registerElectionsImport(elections: Command): void {
  elections
    .command('import')
    .description('read one round of results (per polling station or area) and store it; importing the same round again replaces it')
    .argument('<file>', `results file (${RESULT_FORMATS.join(', ')}; gzip is read transparently; - for standard input)`)
    .requiredOption('--election <id>', 'the election this round belongs to (e.g. fr-leg-2024-29)')
    .requiredOption('--round <n>', 'the round number (1, 2, …)', positiveInt)
    .option('--format <format>', `the file's format: ${RESULT_FORMATS.join(', ')} (default: detected from the first bytes)`, resultFormat)
    .option('--id <column>', 'generic CSV: the unit id column (default: unit, id, code, … or the first column)')
    .option('--columns <a,b,…>', 'generic CSV: only these option columns', columnList)
    .option('--suffix <s>', 'generic CSV: only the option columns ending in s, which is dropped from their keys (e.g. 2 for the second round: MACRON2 → MACRON)')
    .option('--without-suffix <s>', 'generic CSV: leave out the option columns ending in s (e.g. 2 to read the first round of a two-round file)')
    .option('--by <party>', 'pool candidates by party ("party"), e.g. to analyse several constituencies together', byParty)
    .option('--name <name>', "the election's name, for people")
    .option('--show-bad <n>', 'how many bad lines to list', positiveInt, 10)
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      await checkReadable(file);
      const options: ReadRoundOptions = { format: flags.format, id: flags.id, columns: flags.columns, suffix: flags.suffix, withoutSuffix: flags.withoutSuffix };
      const read = await readRound(file, options);
      const round = flags.by === 'party' ? groupByParty(read.round) : read.round;
      if (round.units.length === 0) {
        printBad(file, round, flags.showBad);
        throw new InputError(`${file}: no unit could be read (${n(round.bad.length)} bad lines); nothing stored`, file);
      }
      const source = file === '-' ? 'stdin' : basename(file);
      const match = await withApp(command, async (app) => {
        await saveRound(app.store.db, { election: flags.election, round: flags.round, name: flags.name, source }, round);
        return matchNeighbour(app.store.db, flags.election, flags.round, round);
      });
      const summary = importSummary(file, flags, read.encoding, round, match);
      if (flags.json) out(JSON.stringify(summary));
      else printImport(summary, round, flags.showBad);
    });
  registerList(elections);
  registerMatch(elections);
}

interface NeighbourMatch {
  readonly with: number;
  readonly match: UnitMatch<UnitResult, UnitResult>;
}

/** Matches the round just stored with the round before it (or else after it), when one is stored. */
async function matchNeighbour(db: AnyDb, election: string, number: number, round: RoundResults): Promise<NeighbourMatch | null> {
  const stored = (await listElections(db)).find((e) => e.id === election)?.rounds.map((r) => r.round) ?? [];
  const other = stored.includes(number - 1) ? number - 1 : stored.includes(number + 1) ? number + 1 : null;
  if (other === null) return null;
  const them = await loadRound(db, election, other);
  return { with: other, match: other < number ? swap(matchUnits(them.units, round.units)) : matchUnits(round.units, them.units) };
}

function swap<A extends UnitResult, B extends UnitResult>(m: UnitMatch<A, B>): UnitMatch<B, A> {
  return { matched: m.matched.map(([a, b]) => [b, a] as const), onlyInA: m.onlyInB, onlyInB: m.onlyInA };
}

function matchJson(m: NeighbourMatch | null): (MatchJson & { with: number }) | null {
  if (!m) return null;
  return { with: m.with, matched: m.match.matched.length, onlyInThis: m.match.onlyInA.map((u) => u.sourceCode), onlyInOther: m.match.onlyInB.map((u) => u.sourceCode) };
}

function importSummary(file: string, flags: ImportFlags, encoding: string, round: RoundResults, match: NeighbourMatch | null) {
  const { total, units } = roundTurnout(round);
  // Stored as read, but said: a unit with more voters than registered has a typo or a shifted column.
  const overRegistered = units
    .map((u, i) => ({ code: round.units[i]!.sourceCode, line: round.units[i]!.line, voters: u.voters, registered: u.registered }))
    .filter((u) => u.registered !== null && u.voters > u.registered);
  return {
    election: flags.election,
    round: flags.round,
    file,
    format: round.format,
    encoding,
    units: round.units.length,
    options: round.options.map((o, i) => ({ key: o.key, label: o.label, kind: o.kind, ...(o.party !== undefined && { party: o.party }), votes: total.options[i]!.votes })),
    totals: { registered: total.registered, voters: total.voters, turnout: total.turnout, abstention: total.abstention, blank: total.blank, null: total.null, blankNull: total.blankNull, expressed: total.expressed },
    bad: round.bad.length,
    badLines: round.bad.slice(0, flags.showBad),
    overRegistered,
    match: matchJson(match),
  };
}

type ImportSummary = ReturnType<typeof importSummary>;

function printImport(s: ImportSummary, round: RoundResults, showBad: number): void {
  out(`Imported ${s.file} as round ${s.round} of election ${s.election} (${s.format}${s.encoding === 'utf-8' ? '' : `, ${s.encoding}`})`);
  out(`  ${n(s.units)} units · ${n(s.options.length)} options · ${n(s.bad)} bad line${s.bad === 1 ? '' : 's'}`);
  const t = s.totals;
  const reg = t.registered === null ? 'registered unknown' : `registered ${n(t.registered)}`;
  const has = (kind: string): boolean => s.options.some((o) => o.kind === kind);
  const invalid = [has('blank') && `blank ${n(t.blank)}`, has('null') && `null ${n(t.null)}`, has('blank_null') && `blank+null ${n(t.blankNull)}`].filter(Boolean);
  out(`  ${[reg, `voters ${n(t.voters)} (turnout ${pct(t.turnout)})`, ...invalid, `expressed ${n(t.expressed)}`].join(' · ')}`);
  const choices = s.options.filter((o) => o.kind === 'choice').sort((a, b) => b.votes - a.votes);
  const shown = choices.slice(0, 8).map((o) => `${o.key} ${n(o.votes)} (${pct(t.expressed ? o.votes / t.expressed : null)})`);
  out(`  ${shown.join(' · ')}${choices.length > 8 ? ` · … ${choices.length - 8} more` : ''}`);
  if (s.match) printMatch(s.round, s.match.with, s.match);
  if (s.overRegistered.length) {
    const listed = s.overRegistered.slice(0, showBad).map((u) => `${u.code} (line ${u.line}: ${n(u.voters)} voters, ${n(u.registered!)} registered)`);
    note(`  warning: ${n(s.overRegistered.length)} unit${s.overRegistered.length === 1 ? ' has' : 's have'} more voters than registered, stored as read: ${listed.join(', ')}${s.overRegistered.length > showBad ? ', …' : ''}`);
  }
  printBad(s.file, round, showBad);
}

interface MatchJson {
  matched: number;
  onlyInThis: string[];
  onlyInOther: string[];
}

function printMatch(self: number, other: number, m: MatchJson): void {
  out(`  matched ${n(m.matched)} units with round ${other}; ${n(m.onlyInThis.length)} only in round ${self}, ${n(m.onlyInOther.length)} only in round ${other}`);
  const list = (codes: string[]): string => `${codes.slice(0, 20).join(', ')}${codes.length > 20 ? `, … ${codes.length - 20} more` : ''}`;
  if (m.onlyInThis.length) out(`    only in round ${self}: ${list(m.onlyInThis)}`);
  if (m.onlyInOther.length) out(`    only in round ${other}: ${list(m.onlyInOther)}`);
}

function printBad(file: string, round: RoundResults, showBad: number): void {
  if (round.bad.length === 0) return;
  const shown = round.bad.slice(0, showBad);
  note(`  bad lines, reported and left out (${shown.length < round.bad.length ? `first ${shown.length} of ${n(round.bad.length)}` : n(round.bad.length)}):`);
  for (const b of shown) note(`    ${file}:${b.line}: ${b.message}`);
}

function registerList(elections: Command): void {
  elections
    .command('list')
    .description('the stored elections and their rounds')
    .option('--json', 'print as JSON: [{id, name, rounds: [{round, format, source, importedAt, units, options, bad}]}]')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const list = await withApp(command, (app) => listElections(app.store.db), { existing: true });
      if (flags.json) out(JSON.stringify(list));
      else printList(list);
    });
}

function printList(list: readonly StoredElection[]): void {
  if (list.length === 0) out('No election stored (`hustings elections import FILE --election ID --round N`)');
  for (const e of list) {
    out(`${e.id}${e.name ? ` — ${e.name}` : ''}`);
    for (const r of e.rounds) {
      const when = new Date(r.importedAt).toISOString().slice(0, 16).replace('T', ' ');
      out(`  round ${r.round}: ${n(r.units)} units · ${n(r.options)} options · ${n(r.bad)} bad · ${r.format} from ${r.source || '?'} · imported ${when} UTC`);
    }
  }
}

function roundPair(text: string): [number, number] {
  const rounds = text.split(',').map((r) => Number(r.trim()));
  if (rounds.length !== 2 || rounds.some((r) => !Number.isInteger(r) || r < 1 || r > MAX_INTEGER)) throw new UsageError(`--rounds: expected two round numbers such as 1,2, found "${text}"`);
  return [rounds[0]!, rounds[1]!];
}

function registerMatch(elections: Command): void {
  elections
    .command('match')
    .description('pair the units of two stored rounds by code and list those found in only one')
    .requiredOption('--election <id>', 'the election')
    .option('--rounds <a,b>', 'the two rounds', '1,2')
    .option('--json', 'print as JSON: {matched, onlyInA, onlyInB} with the unmatched codes')
    .action(async (flags: { election: string; rounds: string; json?: boolean }, command: Command) => {
      const [a, b] = roundPair(flags.rounds);
      const m = await withApp(command, async (app) => matchUnits((await loadRound(app.store.db, flags.election, a)).units, (await loadRound(app.store.db, flags.election, b)).units), { existing: true });
      const json = { election: flags.election, rounds: [a, b], matched: m.matched.length, onlyInA: m.onlyInA.map((u) => u.sourceCode), onlyInB: m.onlyInB.map((u) => u.sourceCode) };
      if (flags.json) out(JSON.stringify(json));
      else {
        out(`Election ${flags.election}, rounds ${a} and ${b}:`);
        printMatch(a, b, { matched: json.matched, onlyInThis: json.onlyInA, onlyInOther: json.onlyInB });
      }
    });
}
