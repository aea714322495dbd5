import type { CsvRecord } from '../../core/csv';
import { CsvAssembler, sniffDelimiter, splitCsvRecord } from '../../core/csv';
import { InputError } from '../../core/errors';
import type { BadLine, LineEvent } from '../../core/lines';
import { readLines } from '../../core/lines';
import { withoutBomText } from '../../core/utf8';

import type { DecodedInput } from '../../core/encoding';
export type { DecodedInput, TextEncoding } from '../../core/encoding';
export { decodeInput, detectEncoding } from '../../core/encoding';

/**
 * Where the header of a CSV is: the first line that is neither blank nor Excel's `sep=X` (which
 * names the delimiter), without a byte-order mark; its line number (1-based), and the delimiter
 * `sep=` named, if any.
 */
export function headerLine(head: string): { text: string; line: number; delimiter: string | null; sample: string[] } {
  const lines = head.split('\n');
  let delimiter: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = withoutBomText(lines[i]!).replace(/\r$/, '');
    const sep = /^"?sep=(.)"?$/i.exec(text.trim());
    if (sep) delimiter = sep[1]!;
    else if (text.trim().length > 0) return { text, line: i + 1, delimiter, sample: sampleAfter(lines, i + 1) };
  }
  return { text: '', line: 1, delimiter, sample: [] };
}

/** Up to 20 whole, non-blank lines from `from` on (the head's last line may be cut short), to help tell the delimiter. */
function sampleAfter(lines: readonly string[], from: number): string[] {
  return lines
    .slice(from, Math.min(lines.length - 1, from + 40))
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim().length > 0)
    .slice(0, 20);
}

/** The delimiter of a CSV whose header was found by headerLine: the one `sep=` named, else sniffed from the header and the lines after it. */
export function delimiterOf(found: ReturnType<typeof headerLine>): string {
  return found.delimiter ?? sniffDelimiter(found.text, found.sample);
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
  const found = headerLine(input.head);
  if (found.text.trim().length === 0) throw new InputError(`${input.path}: empty file, or no header line`, input.path);
  const delimiter = delimiterOf(found);
  const header = splitCsvRecord(found.text, delimiter).map((h) => h.trim());
  const assembler = new CsvAssembler({ delimiter, columns: header.length, maxRecordLines: MAX_RECORD_LINES });
  async function* rows(): AsyncGenerator<CsvRecord | BadLine> {
    for await (const batch of readLines(input.chunks)) {
      for (const event of batch) if (event.line > found.line) yield* assembler.push(event as LineEvent);
    }
    yield* assembler.end();
  }
  return { header, delimiter, rows: rows() };
}

/** The number of fields once empty ones at the end (a line ending with a separator) are left out. */
export function withoutTrailingEmpty(fields: readonly string[]): number {
  let n = fields.length;
  while (n > 0 && (fields[n - 1] ?? '').trim() === '') n--;
  return n;
}

/** A bad line's message for the round's report. */
export function badLineMessage(b: BadLine): string {
  return b.reason;
}
