import { parse } from 'csv-parse/sync';
import { InputError } from './errors';
import type { BadLine, LineEvent } from './lines';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter of a CSV from its header line and, when given, the lines after it: the one that
 * splits the most of those lines into as many fields as the header (so "unit;DUPONT, Jean" over
 * lines of three fields is read with ";"); then the one that occurs most often outside quotes in
 * the header; comma on a tie.
 */
export function sniffDelimiter(header: string, rows: readonly string[] = []): string {
  let best = ',';
  let bestScore = [0, 0];
  for (const d of DELIMITERS) {
    const count = countOutsideQuotes(header, d);
    if (count === 0) continue;
    const fits = rows.filter((row) => countOutsideQuotes(row, d) === count).length;
    if (fits > bestScore[0]! || (fits === bestScore[0] && count > bestScore[1]!)) {
      best = d;
      bestScore = [fits, count];
    }
  }
  return best;
}

function countOutsideQuotes(text: string, ch: string): number {
  let inQuotes = false;
  let count = 0;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ch && !inQuotes) count++;
  }
  return count;
}

/**
 * Whether a CSV line leaves a quoted field open (so the record goes on to the next line).
 * `open` is the state carried in from the previous line of the same record.
 */
export function endsInsideQuotes(line: string, delimiter: string, open: boolean): boolean {
  let inQuotes = open;
  let atFieldStart = !open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inQuotes) {
      if (c === '"') {
        if (line[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (c === '"' && atFieldStart) {
      inQuotes = true;
    } else {
      atFieldStart = c === delimiter;
      continue;
    }
    atFieldStart = false;
  }
  return inQuotes;
}

/** Splits one complete CSV record into fields; throws with the parser's own message if it can't. */
export function splitCsvRecord(text: string, delimiter: string): string[] {
  // Most records quote nothing: a plain split is exact for them and far cheaper than the parser.
  if (!text.includes('"')) return text.split(delimiter);
  // Most of the others quote whole fields as RFC 4180 says ("12, rue Gambetta"): read directly.
  // Anything else goes to the parser, which decides what it means or why it is wrong.
  const fields = splitQuotedRecord(text, delimiter);
  if (fields) return fields;
  const rows = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, bom: false }) as string[][];
  if (rows.length !== 1) throw new Error(`expected one record, found ${rows.length}`);
  return rows[0]!;
}

/**
 * A header's column names, trimmed. A header that does not split as CSV (a quote never closed) is
 * an InputError: `where` names the header ("people.csv: line 1 (the header)"), `found` may add what
 * was found (", found \"…\"").
 */
export function headerCells(text: string, delimiter: string, path: string, where: string, found = ''): string[] {
  try {
    return splitCsvRecord(text, delimiter).map((h) => h.trim());
  } catch (error) {
    throw new InputError(`${where} is not valid CSV: expected column names separated by "${delimiter}", each quoted one closed${found} (${(error as Error).message})`, path);
  }
}

/**
 * The fields of a record whose quotes are all regular: each field either holds no quote at all or
 * is wholly quoted, quotes inside doubled, the closing quote followed by the delimiter or the end;
 * line breaks only inside quotes.
 * Null for anything else (a quote inside an unquoted field, text after a closing quote, an
 * unclosed quote, a carriage return), which the parser reads: the result is the parser's wherever
 * this gives one (the tests compare them on random records). On one CSV record in ten quoted, the
 * parser, called per record, took more time than the rest of the reading together.
 */
export function splitQuotedRecord(text: string, delimiter: string): string[] | null {
  if (text.includes('\r')) return null;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return null;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (!text.startsWith(delimiter, i)) return null;
      i += delimiter.length;
      continue;
    }
    const end = text.indexOf(delimiter, i);
    const value = end < 0 ? text.slice(i) : text.slice(i, end);
    if (value.includes('"') || value.includes('\n')) return null;
    fields.push(value);
    if (end < 0) return fields;
    i = end + delimiter.length;
  }
}

const QUOTE = 0x22;

export interface CsvRecord {
  readonly kind: 'record';
  readonly line: number;
  readonly fields: string[];
}

export interface CsvOptions {
  readonly delimiter: string;
  /** Fields a record must have; a multi-line record with another count is a stray quote. */
  readonly columns: number;
  /** A record spanning more lines than this is taken to have an unclosed quote. */
  readonly maxRecordLines: number;
}

/**
 * Joins physical lines into CSV records (quoted fields may hold newlines) and splits them into
 * fields. A quote left open for more than `maxRecordLines` lines makes the first line bad, and the
 * lines after it are read again as records of their own: one stray quote costs one line.
 */
export function* csvRecords(events: Iterable<LineEvent>, state: CsvAssembler): Generator<CsvRecord | BadLine> {
  for (const e of events) yield* state.push(e);
}

/**
 * Whether a line read inside a quoted field (the last line of a multi-line record) closes it as a
 * field closes: its first lone quote followed by the delimiter or the end of the line. After a
 * stray quote, the line that "closes" it is a record of its own, whose first quote opens a field.
 */
export function closesQuotedField(line: string, delimiter: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '"') continue;
    if (line[i + 1] === '"') {
      i++;
      continue;
    }
    const next = line[i + 1];
    return next === undefined || next === delimiter || next === '\r';
  }
  return false;
}

export class CsvAssembler {
  private held: { line: number; text: string }[] = [];

  constructor(private readonly options: CsvOptions) {}

  *push(e: LineEvent): Generator<CsvRecord | BadLine> {
    if (e.kind === 'bad') {
      yield e;
      return;
    }
    this.held.push({ line: e.line, text: e.text });
    yield* this.drain(false);
  }

  *end(): Generator<CsvRecord | BadLine> {
    yield* this.drain(true);
  }

  private *drain(atEnd: boolean): Generator<CsvRecord | BadLine> {
    while (this.held.length > 0) {
      const n = this.completeLines();
      if (n > 0) {
        const record = this.record(this.held.slice(0, n));
        if (record === null) {
          // A stray quote swallowed the lines after it: only its own line is bad.
          yield this.unclosed(this.held.shift()!, 'its record does not split into the header\'s columns');
          continue;
        }
        this.held.splice(0, n);
        yield record;
        continue;
      }
      if (!atEnd && this.held.length <= this.options.maxRecordLines) return;
      yield this.unclosed(this.held.shift()!, `it is not closed within ${this.options.maxRecordLines} lines`);
    }
  }

  private unclosed(first: { line: number; text: string }, why: string): BadLine {
    return { kind: 'bad', line: first.line, reason: `unclosed quote: a quoted field opens on this line and ${why}`, preview: Buffer.from(first.text.slice(0, 65536)) };
  }

  /** How many held lines make up the first complete record, or 0 if its quote is still open. */
  private completeLines(): number {
    let open = false;
    for (let i = 0; i < this.held.length; i++) {
      open = endsInsideQuotes(this.held[i]!.text, this.options.delimiter, open);
      if (!open) return i + 1;
    }
    return 0;
  }

  /** A line that is a complete record on its own: after a stray quote, the lines it swallowed look so. */
  private isWholeRecord(text: string): boolean {
    if (endsInsideQuotes(text, this.options.delimiter, false)) return false;
    try {
      return splitCsvRecord(text, this.options.delimiter).length === this.options.columns;
    } catch {
      return false;
    }
  }

  /**
   * The record, a bad line, or null when a multi-line record is really a stray quote: its fields do
   * not match the header, or each line after the first reads as a record of its own — unless the
   * last line ends the quoted field as a field ends (a quote, then a delimiter or the line's end).
   */
  private record(lines: { line: number; text: string }[]): CsvRecord | BadLine | null {
    const text = lines.map((l) => l.text).join('\n');
    try {
      const fields = splitCsvRecord(text, this.options.delimiter);
      if (lines.length > 1) {
        if (fields.length !== this.options.columns) return null;
        const last = lines[lines.length - 1]!.text;
        if (!closesQuotedField(last, this.options.delimiter) && lines.slice(1).every((l) => this.isWholeRecord(l.text))) return null;
      }
      return { kind: 'record', line: lines[0]!.line, fields };
    } catch (error) {
      if (lines.length > 1) return null;
      return { kind: 'bad', line: lines[0]!.line, reason: `not valid CSV: ${(error as Error).message}`, preview: Buffer.from(text.slice(0, 65536)) };
    }
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Free text made safe to open in a spreadsheet: a cell starting with =, +, -, @, a tab or a carriage
 * return is read as a formula (CSV injection), so it gets a leading apostrophe (OWASP's advice).
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
