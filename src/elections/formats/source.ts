import type { CsvRecord } from '../../core/csv';
import { CsvAssembler, endsInsideQuotes, headerCells, sniffDelimiter } from '../../core/csv';
import { InputError } from '../../core/errors';
import type { BadLine, LineEvent } from '../../core/lines';
import { readLines } from '../../core/lines';
import { withoutBomText } from '../../core/utf8';

import type { DecodedInput } from '../../core/encoding';
export type { DecodedInput, TextEncoding } from '../../core/encoding';
export { decodeInput, detectEncoding } from '../../core/encoding';

/** Lines a quoted cell may run over, in the header as in the rows. */
const MAX_RECORD_LINES = 20;

/** A CSV's header as found by headerLine: its text (a quoted cell may hold line breaks), its last line's number, and what helps tell the delimiter. */
export interface HeaderLine {
  readonly text: string;
  /** The number (1-based) of the header's last line: the rows start after it. */
  readonly line: number;
  /** The number of its first line. */
  readonly firstLine: number;
  readonly delimiter: string | null;
  readonly sample: string[];
}

/**
 * Where the header of a CSV is: the first line that is neither blank nor Excel's `sep=X` (which
 * names the delimiter), without a byte-order mark, and the lines after it while a quoted cell is
 * open (a name over two lines, as data rows may have); its line numbers (1-based), and the
 * delimiter `sep=` named, if any.
 */
export function headerLine(head: string): HeaderLine {
  const lines = head.split('\n');
  let delimiter: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const text = lineText(lines, i);
    const sep = /^"?sep=(.)"?$/i.exec(text.trim());
    if (sep) delimiter = sep[1]!;
    else if (text.trim().length > 0) {
      const last = headerEnd(lines, i, delimiter ?? sniffDelimiter(text));
      const whole = lines.slice(i, last + 1).map((_, k) => lineText(lines, i + k)).join('\n');
      return { text: whole, line: last + 1, firstLine: i + 1, delimiter, sample: sampleAfter(lines, last + 1) };
    }
  }
  return { text: '', line: 1, firstLine: 1, delimiter, sample: [] };
}

const lineText = (lines: readonly string[], i: number): string => withoutBomText(lines[i]!).replace(/\r$/, '');

/** The index of the header's last line: the first from `first` on that leaves no quoted cell open (at most MAX_RECORD_LINES lines; else the first line alone, which the header's split then refuses). */
function headerEnd(lines: readonly string[], first: number, delimiter: string): number {
  let open = false;
  for (let i = first; i < lines.length && i < first + MAX_RECORD_LINES; i++) {
    open = endsInsideQuotes(lineText(lines, i), delimiter, open);
    if (!open) return i;
  }
  return first;
}

/** The header's cells, trimmed; an InputError naming the file and line when it does not split as CSV (a quote left open, say). */
export function headerOf(found: HeaderLine, delimiter: string, path: string): string[] {
  return headerCells(found.text, delimiter, path, `${path}:${found.firstLine}: the header`, `, found ${JSON.stringify(found.text.slice(0, 60))}`);
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
export function delimiterOf(found: HeaderLine): string {
  return found.delimiter ?? sniffDelimiter(found.text, found.sample);
}

/** A CSV file's header and, streamed after it, its records and bad lines. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly delimiter: string;
  readonly rows: AsyncIterable<CsvRecord | BadLine>;
}

const CR = 0x0d;
const LF = 0x0a;

/** A chunk with every carriage return made a line feed (a copy, when it has one). */
function crToLf(chunk: Buffer): Buffer {
  if (!chunk.includes(CR)) return chunk;
  const copy = Buffer.from(chunk);
  for (let i = copy.indexOf(CR); i !== -1; i = copy.indexOf(CR, i + 1)) copy[i] = LF;
  return copy;
}

async function* linesFed(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield crToLf(chunk);
}

/**
 * An input whose lines end with a carriage return alone (old Mac "CSV (Macintosh)" files): its first
 * bytes hold carriage returns and no line feed. Each carriage return is then read as a line feed —
 * a line break within a quoted value too, which such a file also writes as a carriage return — so
 * that its lines are lines; any other input is returned as it is (CR LF files are left alone). In
 * UTF-8 a 0x0D byte is never part of a letter.
 */
export function withLineFeeds(input: DecodedInput): DecodedInput {
  if (input.head.includes('\n') || !input.head.includes('\r')) return input;
  // The encoding is read through, not copied: it may be decided only further in (core/encoding.ts).
  return { path: input.path, get encoding() { return input.encoding; }, head: input.head.replace(/\r/g, '\n'), chunks: linesFed(input.chunks) };
}

/** Reads the header of a CSV input (delimiter sniffed: comma, semicolon, tab or bar) and streams its rows. */
export async function readCsvTable(decoded: DecodedInput): Promise<CsvTable> {
  const input = withLineFeeds(decoded);
  const found = headerLine(input.head);
  if (found.text.trim().length === 0) throw new InputError(`${input.path}: empty file, or no header line`, input.path);
  const delimiter = delimiterOf(found);
  const header = headerOf(found, delimiter, input.path);
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
