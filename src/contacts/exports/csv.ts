import { csvField, spreadsheetSafe } from '../../core/csv';
import { pointOf } from '../vocabulary';
import type { ExportFormat, ExportRequest, ExportResult, ExportStore } from './write';
import { writeExport } from './write';

/**
 * A CSV of the audience for a use (RFC 4180): person id, given name, family name and the
 * contact point of the channel (email; phone for phone and SMS; the postal address for mail and
 * door). A person with several emails or phones gets a line for each. Admins only; registered,
 * line by line, for erasure, and audited.
 */
export function exportCsv(store: ExportStore, req: ExportRequest): Promise<ExportResult> {
  const point = pointOf(req.use.channel);
  const format: ExportFormat = {
    kind: 'csv',
    header: ['person_id', 'given_name', 'family_name', ...(point ? [point] : [])].join(','),
    lines(person) {
      // Names and addresses are free text from imports and forms: made safe for spreadsheets. So are
      // emails, whose part before the @ may begin with = + or - (public sign-ups: "=HYPERLINK(…)@x.org").
      // Phones are E.164 ("+33…", digits only after the +) and go out as they are, for the phone tools.
      const base = `${person.id},${csvField(spreadsheetSafe(oneLine(person.givenName ?? '')))},${csvField(spreadsheetSafe(oneLine(person.familyName ?? '')))}`;
      if (!point) return [base];
      return person.points.map((v) => `${base},${csvField(point === 'phone' ? v : spreadsheetSafe(oneLine(v)))}`);
    },
  };
  return writeExport(store, req, format);
}

/**
 * A value on one line ("12 rue A\nBâtiment B" → "12 rue A, Bâtiment B"): each record is one
 * physical line of the file, which is how the erasure of a person finds their line again.
 */
export function oneLine(value: string): string {
  return value.replace(/[ \t]*(?:\r\n|\r|\n)+[ \t]*/g, ', ');
}
