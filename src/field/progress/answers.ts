import { wilsonInterval } from '../../core/stats';
import type { TableQuestion } from './script';

/**
 * Answer tables per area (pure). The unit is the door (address point): for each door and question
 * only the door's latest answer counts — the answer of the event with the greatest (at, id) among
 * the `contacted` events that answered that question — so a door visited twice counts once, with
 * what it said last. A question's base is the number of doors in the area with a valid answer to it;
 * an option's count is the number of those doors whose answer is (or, for `multiple`, includes) it.
 * Shares of a `multiple` question do not sum to 1. Text answers are not tabulated.
 *
 * Privacy: a cell whose count is under MIN_ANSWER_CELL, or whose base is, is shown as null with
 * `suppressed: true`. For questions with exclusive answers (single, scale) the counts sum to the base,
 * so one suppressed cell could be recovered by subtraction: the next smallest cell is then suppressed too.
 */

export const MIN_ANSWER_CELL = 5;

export type AnswerValue = string | readonly string[] | number;

/** One stored event's answers, with the door and area it belongs to. */
export interface AnswerEvent {
  readonly id: string;
  readonly at: number;
  readonly addressId: number;
  readonly areaId: string;
  readonly answers: Readonly<Record<string, unknown>>;
}

export interface AnswerCell {
  readonly option: string;
  readonly label: string;
  readonly count: number | null;
  readonly share: number | null;
  /** Wilson 95 % interval of the share. */
  readonly ci95: readonly [number, number] | null;
  readonly suppressed: boolean;
}

export interface QuestionTable {
  readonly question: string;
  readonly kind: TableQuestion['kind'];
  readonly text: string;
  /** Doors with a valid answer; null when under MIN_ANSWER_CELL. */
  readonly base: number | null;
  readonly baseSuppressed: boolean;
  /** Stored answers that do not fit the question (an option the script no longer has, a value off the scale). */
  readonly ignored: number;
  readonly options: readonly AnswerCell[];
}

export interface AreaAnswers {
  /** null: all areas of the campaign together. */
  readonly areaId: string | null;
  readonly questions: readonly QuestionTable[];
}

/** Per area (and `null` for all areas), per question, per door: the door's latest raw answer. */
export type LatestAnswers = Map<string | null, Map<string, Map<number, unknown>>>;

function byTime(a: AnswerEvent, b: AnswerEvent): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function put(latest: LatestAnswers, area: string | null, question: string, door: number, value: unknown): void {
  let questions = latest.get(area);
  if (!questions) latest.set(area, (questions = new Map()));
  let doors = questions.get(question);
  if (!doors) questions.set(question, (doors = new Map()));
  doors.set(door, value);
}

/** Every door's latest answer to each question, per area and for all areas together. */
export function latestAnswers(events: readonly AnswerEvent[]): LatestAnswers {
  const latest: LatestAnswers = new Map();
  for (const e of [...events].sort(byTime)) {
    for (const [question, value] of Object.entries(e.answers)) {
      if (value === null || value === undefined) continue;
      put(latest, e.areaId, question, e.addressId, value);
      put(latest, null, question, e.addressId, value);
    }
  }
  return latest;
}

/** The option ids a raw answer selects, or null when it does not fit the question. */
export function selectedOptions(q: TableQuestion, value: unknown): string[] | null {
  const known = (id: unknown): id is string => typeof id === 'string' && q.options.some((o) => o.id === id);
  if (q.kind === 'single') return known(value) ? [value] : null;
  if (q.kind === 'multiple') return Array.isArray(value) && value.every(known) ? [...new Set(value as string[])] : null;
  if (q.kind === 'scale') return typeof value === 'number' && known(String(value)) ? [String(value)] : null;
  return null;
}

function cell(option: { id: string; label: string }, count: number, base: number): AnswerCell {
  const [lo, hi] = wilsonInterval(count, base);
  return { option: option.id, label: option.label, count, share: count / base, ci95: [lo, hi], suppressed: false };
}

function hidden(c: AnswerCell): AnswerCell {
  return { ...c, count: null, share: null, ci95: null, suppressed: true };
}

/** Applies the small-cell rule to counts out of `base` (see the module comment). */
export function suppressCells(cells: readonly AnswerCell[], base: number, exclusive: boolean): AnswerCell[] {
  if (base < MIN_ANSWER_CELL) return cells.map(hidden);
  const small = (c: AnswerCell): boolean => (c.count ?? 0) < MIN_ANSWER_CELL;
  return secondary(cells.map((c) => (small(c) ? hidden(c) : c)), exclusive);
}

/** A lone hidden cell of an exclusive question is the base minus the others: the smallest other is hidden with it. */
function secondary(cells: readonly AnswerCell[], exclusive: boolean): AnswerCell[] {
  const out = [...cells];
  if (exclusive && out.filter((c) => c.suppressed).length === 1) {
    let next = -1;
    out.forEach((c, i) => {
      if (!c.suppressed && (next < 0 || c.count! < out[next]!.count!)) next = i;
    });
    if (next >= 0) out[next] = hidden(out[next]!);
  }
  return out;
}

/**
 * Across areas: an option hidden in one area only would be the all-areas count minus the other
 * areas' (a small cell found by subtraction); such an option is hidden in the all-areas table
 * too, with a second cell there when the question is exclusive, as within an area.
 */
function protectTotal(tables: readonly AreaAnswers[]): AreaAnswers[] {
  const areas = tables.filter((t) => t.areaId !== null);
  return tables.map((t) => {
    if (t.areaId !== null) return t;
    const questions = t.questions.map((q, qi) => {
      const lone = new Set(q.options.filter((_, oi) => areas.filter((a) => a.questions[qi]!.options[oi]!.suppressed).length === 1).map((o) => o.option));
      if (lone.size === 0 || q.baseSuppressed) return q;
      return { ...q, options: secondary(q.options.map((c) => (lone.has(c.option) && !c.suppressed ? hidden(c) : c)), q.kind !== 'multiple') };
    });
    return { ...t, questions };
  });
}

/** The table of one question from its doors' latest answers. */
export function questionTable(q: TableQuestion, doors: ReadonlyMap<number, unknown> | undefined): QuestionTable {
  const counts = new Map(q.options.map((o) => [o.id, 0]));
  let base = 0, ignored = 0;
  for (const value of doors?.values() ?? []) {
    const selected = selectedOptions(q, value);
    if (selected === null) {
      ignored++;
      continue;
    }
    base++;
    for (const id of selected) counts.set(id, counts.get(id)! + 1);
  }
  const cells = q.options.map((o) => (base > 0 ? cell(o, counts.get(o.id)!, base) : { option: o.id, label: o.label, count: 0, share: null, ci95: null, suppressed: false }));
  const small = base < MIN_ANSWER_CELL;
  return { question: q.id, kind: q.kind, text: q.text, base: small ? null : base, baseSuppressed: small, ignored, options: suppressCells(cells, base, q.kind !== 'multiple') };
}

/** Answer tables for the areas asked (in that order), each with every tabulated question of the script. */
export function answerTables(questions: readonly TableQuestion[], latest: LatestAnswers, areas: readonly (string | null)[]): AreaAnswers[] {
  const tabulated = questions.filter((q) => q.kind !== 'text');
  return protectTotal(areas.map((areaId) => ({ areaId, questions: tabulated.map((q) => questionTable(q, latest.get(areaId)?.get(q.id))) })));
}
