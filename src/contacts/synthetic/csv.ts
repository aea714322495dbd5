import { csvField } from '../../core/csv';
import { CSV_COLUMNS, type ContactColumns, type CsvColumn } from './types';

/** Line break between records (RFC 4180). */
export const CSV_EOL = '\r\n';

/** The header record, without line break. */
export const CSV_HEADER = CSV_COLUMNS.join(',');

// A local copy: reading an imported binding in the hot loop goes through a getter under some loaders.
const COLUMNS: readonly CsvColumn[] = [...CSV_COLUMNS];

export { csvField };

/** One record in {@link CSV_COLUMNS} order, without line break; other properties (the truth) are left out. */
export function csvLine(row: ContactColumns): string {
  let line = csvField(row[COLUMNS[0]!]);
  for (let i = 1; i < COLUMNS.length; i++) line += `,${csvField(row[COLUMNS[i]!])}`;
  return line;
}
