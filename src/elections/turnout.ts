import type { ResultOption, RoundResults } from './formats/types';

/**
 * Turnout arithmetic on one unit or a whole round, in the French convention:
 *   registered = voters + abstention;  voters = expressed + blank + null (+ blank_null);
 *   turnout = voters / registered;  an option's share of registered = votes / registered,
 *   its share of expressed = votes / expressed (choices only).
 * When the source gives no registered figure and no abstention, both are null and so is turnout:
 * a figure that cannot be known is not made up.
 */
export interface OptionShare {
  readonly key: string;
  readonly kind: ResultOption['kind'];
  readonly votes: number;
  readonly ofRegistered: number | null;
  /** For choices; null for the non-choices, which are not part of the expressed votes. */
  readonly ofExpressed: number | null;
}

export interface Turnout {
  readonly registered: number | null;
  readonly voters: number;
  readonly turnout: number | null;
  readonly abstention: number | null;
  readonly blank: number;
  readonly null: number;
  /** Blank and null counted together, when the source does not tell them apart. */
  readonly blankNull: number;
  readonly expressed: number;
  /** registered − voters − abstention when the source gives both registered and abstention: 0 when they agree. */
  readonly gap: number | null;
  readonly options: readonly OptionShare[];
}

const ratio = (a: number, b: number | null): number | null => (b === null || b === 0 ? null : a / b);

/** Turnout of one set of counts (aligned with `options`), with the registered figure if the source has one. */
export function turnoutOf(options: readonly ResultOption[], counts: readonly number[], registered?: number): Turnout {
  const sum = { choice: 0, abstention: 0, blank: 0, null: 0, blank_null: 0 };
  const hasAbstention = options.some((o) => o.kind === 'abstention');
  options.forEach((o, i) => (sum[o.kind] += counts[i] ?? 0));
  const voters = sum.choice + sum.blank + sum.null + sum.blank_null;
  const reg = registered ?? (hasAbstention ? voters + sum.abstention : null);
  const abstention = hasAbstention ? sum.abstention : reg === null ? null : reg - voters;
  const gap = registered !== undefined && hasAbstention ? registered - voters - sum.abstention : null;
  const shares = options.map((o, i) => {
    const votes = counts[i] ?? 0;
    return { key: o.key, kind: o.kind, votes, ofRegistered: ratio(votes, reg), ofExpressed: o.kind === 'choice' ? ratio(votes, sum.choice) : null };
  });
  return { registered: reg, voters, turnout: ratio(voters, reg), abstention, blank: sum.blank, null: sum.null, blankNull: sum.blank_null, expressed: sum.choice, gap, options: shares };
}

/** A unit's turnout, with its code and name. */
export interface UnitTurnout extends Turnout {
  readonly code: string;
  readonly name?: string;
}

/** Turnout of every unit of a round, and of the round as a whole (counts summed over units). */
export function roundTurnout(round: RoundResults): { readonly total: Turnout; readonly units: readonly UnitTurnout[] } {
  const sums = new Array<number>(round.options.length).fill(0);
  let registered = 0;
  let allRegistered = round.units.length > 0;
  const units = round.units.map((u) => {
    u.counts.forEach((c, i) => (sums[i]! += c));
    if (u.registered === undefined) allRegistered = false;
    else registered += u.registered;
    return { code: u.code, ...(u.name !== undefined && { name: u.name }), ...turnoutOf(round.options, u.counts, u.registered) };
  });
  return { total: turnoutOf(round.options, sums, allRegistered ? registered : undefined), units };
}

/** A turnout scenario for coreBase. */
export interface CoreBaseInput {
  /** Registered voters of the area. */
  readonly registered: number;
  /** The turnout of the scenario, in (0, 1]: e.g. 0.45 for a European election, 0.70 for a national one. */
  readonly scenarioTurnout: number;
  /** Share of voters casting a blank or null ballot, in [0, 1); default 0. */
  readonly invalidRate?: number;
  /** The party's expected share of expressed votes, in [0, 1]: gives the votes it needs. */
  readonly share?: number;
  /** The votes the party has now (its base), assumed to turn out again: gives the share they would be worth. */
  readonly votes?: number;
}

export interface CoreBase {
  /** Voters under the scenario: V = R·t. */
  readonly voters: number;
  /** Expressed votes under the scenario: E = V·(1 − b). */
  readonly expressed: number;
  /** Votes the party needs for `share`: N = s·E = s·R·t·(1 − b); with `votes` given, those votes. */
  readonly votesNeeded: number;
  /** N / E: the expected share, or what the base votes would be worth. Above 1 means the base cannot all vote. */
  readonly shareOfExpressed: number;
  /** N / R = s·t·(1 − b): the part of the electorate the party must mobilise. */
  readonly shareOfRegistered: number;
  /** Votes for an absolute majority of expressed votes: ⌊E / 2⌋ + 1. */
  readonly majority: number;
  /** Votes still missing for that majority: max(0, majority − N). */
  readonly toMajority: number;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(what);
}

/**
 * The core base a party needs (or has) under a turnout scenario. With R registered, scenario
 * turnout t and blank/null rate b, the scenario has V = R·t voters and E = V·(1 − b) expressed
 * votes. Given an expected share s of expressed votes, the party needs N = s·E votes — it must
 * mobilise s·t·(1 − b) of the electorate (at 45 % turnout, a 30 % share is 13.5 % of the
 * registered; at 70 %, 21 %). Given instead the votes v it has now, kept under the scenario, they
 * are worth v / E of the expressed votes. Rounded to whole voters only for `majority`.
 */
export function coreBase(input: CoreBaseInput): CoreBase {
  const b = input.invalidRate ?? 0;
  check(input.registered >= 0 && Number.isFinite(input.registered), 'registered must be a non-negative number');
  check(input.scenarioTurnout > 0 && input.scenarioTurnout <= 1, 'scenario turnout must be in (0, 1]');
  check(b >= 0 && b < 1, 'the blank/null rate must be in [0, 1)');
  check((input.share === undefined) !== (input.votes === undefined), 'give either a share or votes');
  check(input.share === undefined || (input.share >= 0 && input.share <= 1), 'share must be in [0, 1]');
  check(input.votes === undefined || input.votes >= 0, 'votes must be non-negative');
  const voters = input.registered * input.scenarioTurnout;
  const expressed = voters * (1 - b);
  const votesNeeded = input.share !== undefined ? input.share * expressed : input.votes!;
  const majority = Math.floor(expressed / 2) + 1;
  return {
    voters,
    expressed,
    votesNeeded,
    shareOfExpressed: expressed > 0 ? votesNeeded / expressed : 0,
    shareOfRegistered: input.registered > 0 ? votesNeeded / input.registered : 0,
    majority,
    toMajority: Math.max(0, majority - votesNeeded),
  };
}
