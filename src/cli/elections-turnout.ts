import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError, UsageError } from '../core/errors';
import type { CoreBase, RoundResults, Turnout } from '../elections';
import { coreBase, groupByParty, inDistrict, loadRound, normaliseUnitCode, roundTurnout } from '../elections';
import { note, out, withApp } from './context';
import { byParty, pct } from './elections-import';
import { n } from './format';
import { positiveInt } from './listen';

interface TurnoutFlags {
  election: string;
  round: number;
  unit?: string;
  district?: string;
  by?: 'party';
  scenarioTurnout?: number;
  party?: string;
  share?: number;
  json?: boolean;
}

function fraction(value: string): number {
  const v = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
  if (!Number.isFinite(v) || v <= 0 || v > 1) throw new InvalidArgumentError(`expected a fraction in (0, 1] such as 0.45 (or 45%), found "${value}"`);
  return v;
}

/** `hustings elections turnout`: turnout, blank and null, shares of registered and expressed, and core bases under a turnout scenario. */
export function registerElectionsTurnout(elections: Command): void {
  elections
    .command('turnout')
    .description('turnout maths of a stored round: registered, voters, abstention, blank, null, expressed, shares of registered and of expressed; with --scenario-turnout, the core base each party needs')
    .requiredOption('--election <id>', 'the election')
    .requiredOption('--round <n>', 'the round', positiveInt)
    .option('--unit <code>', 'one unit (polling station or area) instead of the whole round')
    .option('--district <d>', 'only the units of this district (constituency, region)')
    .option('--by <party>', 'pool candidates by party ("party")', byParty)
    .option('--scenario-turnout <t>', 'a turnout to plan for, e.g. 0.45 (European election) or 0.70 (national)', fraction)
    .option('--party <key>', 'with --scenario-turnout: only this option (its key, or its party)')
    .option('--share <s>', "with --scenario-turnout: the party's expected share of expressed votes (default: its share now)", fraction)
    .option('--json', 'print as JSON: {scope, turnout, scenario}')
    .action(async (flags: TurnoutFlags, command: Command) => {
      const alone = flags.party !== undefined ? '--party' : flags.share !== undefined ? '--share' : null;
      if (flags.scenarioTurnout === undefined && alone) throw new UsageError(`${alone} is for a turnout scenario: give --scenario-turnout too (e.g. --scenario-turnout 0.45)`);
      const stored = await withApp(command, (app) => loadRound(app.store.db, flags.election, flags.round), { existing: true });
      const pooled = flags.by === 'party' ? groupByParty(stored) : stored;
      const round = flags.district === undefined ? pooled : inDistrict(pooled, flags.district);
      const { scope, turnout } = chooseScope(round, flags.unit, flags.district);
      const scenario = flags.scenarioTurnout === undefined ? null : scenarioRows(round, turnout, flags);
      if (flags.json) out(JSON.stringify({ election: flags.election, round: flags.round, scope, turnout, scenario }));
      else printTurnout(flags, scope, turnout, scenario);
    });
}

function chooseScope(round: RoundResults, unit: string | undefined, district: string | undefined): { scope: string; turnout: Turnout } {
  const all = roundTurnout(round);
  if (unit === undefined) return { scope: `${district === undefined ? 'all' : `district ${district}:`} ${n(round.units.length)} units`, turnout: all.total };
  const code = normaliseUnitCode(unit);
  const found = all.units.find((u) => u.code === code);
  if (!found) throw new InputError(`no unit ${unit} (${code} once normalised) in this round; e.g. ${round.units.slice(0, 3).map((u) => u.sourceCode).join(', ')}`);
  const { code: _code, name, ...turnout } = found;
  void _code;
  return { scope: `unit ${unit}${name ? ` (${name})` : ''}`, turnout };
}

interface ScenarioRow extends CoreBase {
  readonly key: string;
  readonly votesNow: number;
  readonly shareNow: number | null;
  /** What the votes it has now would be worth of the scenario's expressed votes. */
  readonly shareOfCurrentVotes: number;
}

interface Scenario {
  readonly turnout: number;
  readonly registered: number;
  readonly invalidRate: number;
  readonly rows: readonly ScenarioRow[];
}

/** The core base of each choice (or of --party) at the scenario turnout, the blank/null rate kept as it is now. */
function scenarioRows(round: RoundResults, t: Turnout, flags: TurnoutFlags): Scenario {
  if (t.registered === null) throw new InputError('the number of registered voters is unknown for this round (no registered column and no abstention): no turnout scenario can be computed');
  const invalidRate = t.voters > 0 ? (t.blank + t.null + t.blankNull) / t.voters : 0;
  let choices = round.options.map((o, i) => ({ o, share: t.options[i]! })).filter(({ o }) => o.kind === 'choice');
  if (flags.party !== undefined) {
    const wanted = flags.party.toLowerCase();
    choices = choices.filter(({ o }) => o.key.toLowerCase() === wanted || o.party?.toLowerCase() === wanted);
    if (choices.length === 0) throw new InputError(`no option or party "${flags.party}" in this round; options: ${firstOf(round.options.filter((o) => o.kind === 'choice').map((o) => o.key), 12)}`);
  }
  const base = { registered: t.registered, scenarioTurnout: flags.scenarioTurnout!, invalidRate };
  const rows = choices.map(({ o, share }) => {
    const expected = flags.share ?? share.ofExpressed ?? 0;
    const needed = coreBase({ ...base, share: expected });
    const kept = coreBase({ ...base, votes: share.votes });
    return { key: o.key, votesNow: share.votes, shareNow: share.ofExpressed, ...needed, shareOfCurrentVotes: kept.shareOfExpressed };
  });
  return { turnout: flags.scenarioTurnout!, registered: t.registered, invalidRate, rows: rows.sort((a, b) => b.votesNow - a.votesNow) };
}

/** Up to `shown` keys, then how many more there are: "A, B, … and 9 more". */
function firstOf(keys: readonly string[], shown: number): string {
  const more = keys.length - shown;
  return more > 0 ? `${keys.slice(0, shown).join(', ')}, … and ${n(more)} more` : keys.join(', ');
}

function printTurnout(flags: TurnoutFlags, scope: string, t: Turnout, scenario: Scenario | null): void {
  out(`Election ${flags.election}, round ${flags.round} — ${scope}`);
  const line = (label: string, v: number | null, share: string) => out(`  ${label.padEnd(12)}${(v === null ? '–' : n(v)).padStart(12)}  ${share}`.trimEnd());
  line('registered', t.registered, '');
  line('voters', t.voters, `${pct(t.turnout)} of registered (turnout)`);
  line('abstention', t.abstention, t.abstention === null || !t.registered ? '' : `${pct(t.abstention / t.registered)} of registered`);
  if (t.blank || !t.blankNull) line('blank', t.blank, t.voters ? `${pct(t.blank / t.voters)} of voters` : '');
  if (t.null || !t.blankNull) line('null', t.null, t.voters ? `${pct(t.null / t.voters)} of voters` : '');
  if (t.blankNull) line('blank+null', t.blankNull, t.voters ? `${pct(t.blankNull / t.voters)} of voters` : '');
  line('expressed', t.expressed, t.voters ? `${pct(t.expressed / t.voters)} of voters` : '');
  if (t.gap) note(`  note: registered differs from voters + abstention by ${n(t.gap)} in the source`);
  const choices = t.options.filter((o) => o.kind === 'choice').sort((a, b) => b.votes - a.votes);
  const width = Math.min(40, Math.max(6, ...choices.map((o) => o.key.length)));
  out('');
  out(`  ${'option'.padEnd(width)}  ${'votes'.padStart(10)}  ${'% registered'.padStart(12)}  ${'% expressed'.padStart(11)}`);
  for (const o of choices) out(`  ${o.key.slice(0, width).padEnd(width)}  ${n(o.votes).padStart(10)}  ${pct(o.ofRegistered).padStart(12)}  ${pct(o.ofExpressed).padStart(11)}`);
  if (scenario) printScenario(scenario, width, flags.share);
}

function printScenario(s: Scenario, width: number, share: number | undefined): void {
  const voters = s.registered * s.turnout;
  const expressed = voters * (1 - s.invalidRate);
  out('');
  out(`Scenario: turnout ${pct(s.turnout)} of ${n(s.registered)} registered → ${n(Math.round(voters))} voters, ${n(Math.round(expressed))} expressed (blank+null kept at ${pct(s.invalidRate)} of voters); majority ${n(s.rows[0]?.majority ?? Math.floor(expressed / 2) + 1)}`);
  out(`  ${'option'.padEnd(width)}  ${(share === undefined ? 'share now' : 'share').padStart(10)}  ${'votes needed'.padStart(12)}  ${'% registered'.padStart(12)}  ${'current votes worth'.padStart(19)}`);
  for (const r of s.rows) {
    out(`  ${r.key.slice(0, width).padEnd(width)}  ${pct(r.shareOfExpressed).padStart(10)}  ${n(Math.round(r.votesNeeded)).padStart(12)}  ${pct(r.shareOfRegistered).padStart(12)}  ${pct(r.shareOfCurrentVotes).padStart(19)}`);
  }
  out('  votes needed = share × registered × turnout × (1 − blank/null rate): the core base to mobilise;');
  out('  current votes worth = its votes now ÷ the scenario\'s expressed votes, if they all turn out again');
}
