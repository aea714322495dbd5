import { csvField, spreadsheetSafe } from '../../core/csv';
import type { AreaAnswers } from './answers';
import { RESULT_CODES } from '../campaigns';
import type { CompareRow } from './compare';
import type { Progress } from './queries';
import type { DoorCounts } from './tally';

/**
 * CSV exports (RFC 4180, CRLF lines, header first). Names that come from users' files or scripts
 * (area ids, question and option ids, labels) are defused against spreadsheet formulas; numbers go
 * out as they are, shares with 4 decimals, a suppressed or unknown cell empty.
 */

const EOL = '\r\n';

function text(value: string | null): string {
  return value === null ? '' : csvField(spreadsheetSafe(value));
}

function num(value: number | null, digits?: number): string {
  if (value === null) return '';
  return digits === undefined ? String(value) : value.toFixed(digits);
}

function lines(rows: readonly string[][]): string {
  return rows.map((r) => r.join(',') + EOL).join('');
}

const COUNT_COLUMNS = ['addresses', 'doors', 'knocked', 'share_knocked', 'contacts', 'attempts', ...RESULT_CODES];

function counts(r: DoorCounts): string[] {
  return [num(r.addresses), num(r.doors), num(r.knocked), num(r.shareKnocked, 4), num(r.contacts), num(r.attempts), ...RESULT_CODES.map((c) => num(r.results[c]))];
}

/** Progress as CSV: one line per turf, area or the campaign, as `progress.by` says. */
export function progressCsv(progress: Progress): string {
  if (progress.by === 'turf') return lines([['turf', 'area', 'number', ...COUNT_COLUMNS], ...progress.rows.map((r) => [num(r.turfId), text(r.areaId), num(r.number), ...counts(r)])]);
  if (progress.by === 'area') return lines([['area', 'turfs', ...COUNT_COLUMNS], ...progress.rows.map((r) => [text(r.areaId), num(r.turfs), ...counts(r)])]);
  return lines([['campaign', 'areas', 'turfs', ...COUNT_COLUMNS], ...progress.rows.map((r) => [num(r.campaignId), num(r.areas), num(r.turfs), ...counts(r)])]);
}

/** Answer tables as CSV: one line per area, question and option; `area` is empty for all areas together. */
export function answersCsv(areas: readonly AreaAnswers[]): string {
  const rows = [['area', 'question', 'kind', 'option', 'label', 'count', 'base', 'share', 'ci95_low', 'ci95_high', 'suppressed']];
  for (const a of areas) {
    for (const q of a.questions) {
      for (const o of q.options) {
        rows.push([text(a.areaId), text(q.question), q.kind, text(o.option), text(o.label), num(o.count), num(q.base), num(o.share, 4), num(o.ci95?.[0] ?? null, 4), num(o.ci95?.[1] ?? null, 4), o.suppressed ? '1' : '0']);
      }
    }
  }
  return lines(rows);
}

/** The comparison with an election as CSV, one line per area. */
export function compareCsv(rows: readonly CompareRow[]): string {
  const header = ['area', 'survey_share', 'ci95_low', 'ci95_high', 'base', 'suppressed', 'election_share', 'votes', 'expressed', 'registered', 'stations', 'matched_stations'];
  return lines([
    header,
    ...rows.map((r) => [text(r.area), num(r.surveyShare, 4), num(r.ci95?.[0] ?? null, 4), num(r.ci95?.[1] ?? null, 4), num(r.base), r.suppressed ? '1' : '0', num(r.electionShare, 4), num(r.votes), num(r.expressed), num(r.registered), num(r.stations), num(r.matchedStations)]),
  ]);
}
