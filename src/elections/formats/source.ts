import type { CsvRecord } from '../../core/csv';
import { CsvAssembler, sniffDelimiter, splitCsvRecord } from '../../core/csv';
import { InputError } from '../../core/errors';
import type { BadLine, LineEvent } from '../../core/lines';
import { readLines } from '../../core/lines';

import type { DecodedInput } from '../../core/encoding';
export type { DecodedInput, TextEncoding } from '../../core/encoding';
export { decodeInput, detectEncoding } from '../../core/encoding';

/** The first line of a text, without a byte-order mark. */
export function firstLine(head: string): string {
  const line = head.split('\n')[0] ?? '';
  return line.replace(/^\uFEFF/, '').replace(/\r$/, '');
}

/** A CSV file's header and, streamed after it, its records and bad lines. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly delimiter: string;
  readonly rows: AsyncIterable<CsvRecord | BadLine>;
}

const MAX_RECORD_LINES = 20;

/** Reads the header of a CSV input (delimiter sniffed: comma, semicolon, tab or bar) and streams its rows. */
export async function readCsvTable(input: DecodedInput): Promise<CsvTable> {
  const headerText = firstLine(input.head);
  if (headerText.trim().length === 0) throw new InputError(`${input.path}: empty file, or no header line`, input.path);
  const delimiter = sniffDelimiter(headerText);
  const header = splitCsvRecord(headerText, delimiter).map((h) => h.trim());
  const assembler = new CsvAssembler({ delimiter, columns: header.length, maxRecordLines: MAX_RECORD_LINES });
  async function* rows(): AsyncGenerator<CsvRecord | BadLine> {
    for await (const batch of readLines(input.chunks)) {
      for (const event of batch) if (event.line > 1) yield* assembler.push(event as LineEvent);
    }
    yield* assembler.end();
  }
  return { header, delimiter, rows: rows() };
}

/** A bad line's message for the round's report. */
export function badLineMessage(b: BadLine): string {
  return b.reason;
}
