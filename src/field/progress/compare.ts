import { InputError } from '../../core/errors';
import { wilsonInterval } from '../../core/stats';
import type { RoundResults } from '../../elections';
import { loadRound, normaliseUnitCode } from '../../elections';
import type { FieldDb } from '../tables';
import type { QuestionTable } from './answers';
import { MIN_ANSWER_CELL, latestAnswers, questionTable, selectedOptions } from './answers';
import { answerEvents, areasFor, campaignOf } from './queries';
import type { TableQuestion } from './script';

/**
 * An answer's share per area beside an election option's share of the expressed votes in the
 * area's polling stations (`field_stations.area_id`, codes matched with normaliseUnitCode). The
 * survey share follows the answer tables' rule (each door's latest answer, base = doors that
 * answered) and the same small-cell rule: under MIN_ANSWER_CELL doors answering, matching or not
 * matching, or when the selection would give back a cell the area's answer table hides (see
 * `selectionLeaks`), the survey figures are null and `suppressed` is set. Election figures are public and never suppressed.
 */

export interface CompareQuery {
  readonly campaignId: number;
  readonly question: string;
  /** An option id (single, multiple); for a scale a value, `>=4`, `<=2`, `>3`, `<3` or a range `4-5`. */
  readonly answer: string;
  readonly election: string;
  readonly round: number;
  /** The election option's key. */
  readonly option: string;
  readonly area?: string | undefined;
}

export interface CompareRow {
  readonly area: string;
  readonly surveyShare: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly base: number | null;
  readonly suppressed: boolean;
  /** votes / expressed in the area's matched stations; null when none matched or nothing was expressed. */
  readonly electionShare: number | null;
  readonly votes: number;
  readonly expressed: number;
  /** Registered voters of the matched stations; null when a matched station does not give it. */
  readonly registered: number | null;
  readonly stations: number;
  readonly matchedStations: number;
}

const SCALE_SPEC = /^\s*(>=|<=|>|<)?\s*(-?\d+)\s*$/;
const RANGE_SPEC = /^\s*(-?\d+)\s*-\s*(-?\d+)\s*$/;

function scaleTest(spec: string): ((v: number) => boolean) | null {
  const range = RANGE_SPEC.exec(spec);
  if (range) return (v) => v >= Number(range[1]) && v <= Number(range[2]);
  const one = SCALE_SPEC.exec(spec);
  if (!one) return null;
  const n = Number(one[2]);
  if (one[1] === '>=') return (v) => v >= n;
  if (one[1] === '<=') return (v) => v <= n;
  if (one[1] === '>') return (v) => v > n;
  if (one[1] === '<') return (v) => v < n;
  return (v) => v === n;
}

/** The options a selection takes in: the option named, or the scale's values that meet it. */
export function selectedIds(q: TableQuestion, spec: string): string[] {
  if (q.kind !== 'scale') return [spec];
  const test = scaleTest(spec)!;
  return q.options.filter((o) => test(Number(o.id))).map((o) => o.id);
}

/**
 * Whether a selection's count would tell what the area's answer table hides. Its count, less the
 * visible cells it takes in, is the sum of the hidden cells it takes in; for an exclusive question
 * the table already gives the sum of all its hidden cells (the base less the visible ones), so a
 * selection leaks when it takes in some hidden cells but not all. For a `multiple` question counts
 * do not add up, and only a hidden option itself leaks.
 */
export function selectionLeaks(table: QuestionTable, selected: readonly string[]): boolean {
  if (table.baseSuppressed) return true;
  const hidden = table.options.filter((c) => c.suppressed).map((c) => c.option);
  const inside = hidden.filter((id) => selected.includes(id)).length;
  if (table.kind === 'multiple') return inside > 0;
  return inside > 0 && inside < hidden.length;
}

/** Which answers count as "yes" for a question: a predicate over a door's raw answer. */
export function answerPredicate(q: TableQuestion, spec: string): (value: unknown) => boolean {
  if (q.kind === 'text') throw new InputError(`question "${q.id}" is free text: its answers are not counted`);
  if (q.kind !== 'scale') {
    if (!q.options.some((o) => o.id === spec)) throw new InputError(`answer: expected one of the options of "${q.id}" (${q.options.map((o) => o.id).join(', ')}), found "${spec}"`);
    return (value) => (selectedOptions(q, value) ?? []).includes(spec);
  }
  const test = scaleTest(spec);
  if (!test) throw new InputError(`answer for the scale "${q.id}": expected a value, >=n, <=n, >n, <n or a range n-m, found "${spec}"`);
  // A selection no value of the scale can meet would show every area as "suppressed", not as wrong.
  const values = q.options.map((o) => Number(o.id));
  if (!values.some(test)) throw new InputError(`answer for the scale "${q.id}": expected a selection within its values ${values[0]}–${values[values.length - 1]}, found "${spec}", which none of them meets`);
  return (value) => selectedOptions(q, value) !== null && test(value as number);
}

/** Doors answering, and among them doors whose answer matches, of one area's latest answers. */
export function surveyCount(q: TableQuestion, doors: ReadonlyMap<number, unknown> | undefined, matches: (value: unknown) => boolean): { count: number; base: number } {
  let count = 0, base = 0;
  for (const value of doors?.values() ?? []) {
    if (selectedOptions(q, value) === null) continue;
    base++;
    if (matches(value)) count++;
  }
  return { count, base };
}

/** An option's votes, the expressed votes and the registered voters summed over the units whose codes are given. */
export function electionShareIn(round: RoundResults, option: string, stationCodes: readonly string[]): { votes: number; expressed: number; registered: number | null; matched: number } {
  const k = round.options.findIndex((o) => o.key === option);
  if (k < 0) throw new InputError(`option: expected one of the round's options (${round.options.map((o) => o.key).join(', ')}), found "${option}"`);
  if (round.options[k]!.kind !== 'choice') throw new InputError(`option "${option}" is ${round.options[k]!.kind}, not a choice: it has no share of the expressed votes`);
  const wanted = new Set(stationCodes.map(normaliseUnitCode));
  let votes = 0, expressed = 0, registered: number | null = 0, matched = 0;
  for (const u of round.units) {
    if (!wanted.has(normaliseUnitCode(u.code))) continue;
    matched++;
    votes += u.counts[k] ?? 0;
    round.options.forEach((o, i) => o.kind === 'choice' && (expressed += u.counts[i] ?? 0));
    registered = registered === null || u.registered === undefined ? null : registered + u.registered;
  }
  return { votes, expressed, registered: matched > 0 ? registered : null, matched };
}

function surveyCells(count: number, base: number): Pick<CompareRow, 'surveyShare' | 'ci95' | 'base' | 'suppressed'> {
  // The doors answering otherwise (base − count) are a cell too: a share of 18/20 tells that 2 said no.
  if (base < MIN_ANSWER_CELL || count < MIN_ANSWER_CELL || base - count < MIN_ANSWER_CELL) return { surveyShare: null, ci95: null, base: base < MIN_ANSWER_CELL ? null : base, suppressed: true };
  return { surveyShare: count / base, ci95: wilsonInterval(count, base), base, suppressed: false };
}

/** One row per area of the campaign (or the one area asked). */
export async function compareWithElection(db: FieldDb, query: CompareQuery): Promise<CompareRow[]> {
  const campaign = await campaignOf(db, query.campaignId);
  const q = campaign.questions.find((x) => x.id === query.question);
  if (!q) throw new InputError(`question: expected one of the script's questions (${campaign.questions.map((x) => x.id).join(', ')}), found "${query.question}"`);
  const matches = answerPredicate(q, query.answer);
  const known = await areasFor(db, query.campaignId, query.area);
  const areas = query.area !== undefined ? [query.area] : known;
  const round = await loadRound(db, query.election, query.round);
  const latest = latestAnswers(await answerEvents(db, query.campaignId, query.area));
  const stations = await db.selectFrom('field_stations').select(['code', 'area_id']).where('area_id', 'in', areas.length ? areas : ['']).execute();
  return areas.map((area) => {
    const codes = stations.filter((s) => s.area_id === area).map((s) => s.code);
    const e = electionShareIn(round, query.option, codes);
    const doors = latest.get(area)?.get(q.id);
    const { count, base } = surveyCount(q, doors, matches);
    // The answer table's hidden cells stay hidden: a share of what they are part of could give them back.
    const cells = selectionLeaks(questionTable(q, doors), selectedIds(q, query.answer)) ? surveyCells(0, base) : surveyCells(count, base);
    return { area, ...cells, electionShare: e.expressed > 0 ? e.votes / e.expressed : null, votes: e.votes, expressed: e.expressed, registered: e.registered, stations: codes.length, matchedStations: e.matched };
  });
}
