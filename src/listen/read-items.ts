import { CsvAssembler, headerCells, sniffDelimiter } from '../core/csv';
import { InputError, RecordError } from '../core/errors';
import type { Container } from '../core/container';
import { detectContainer, longFirstLine, onlyBlanks, opensObject, peek, wholeLineOfContent } from '../core/container';
import type { OpenedInput } from '../core/input';
import type { BadLine, LineBlock, LineEvent } from '../core/lines';
import { DEFAULT_MAX_LINE_BYTES, blockLines, readLineBlocks, readLines } from '../core/lines';
import { readJsonValues } from '../core/json-values';
import { withoutBom } from '../core/utf8';
import { csvHeaderMapping, csvRowToRecord } from './formats';
import type { FormatName } from './formats';
import { opensEventStream, readEventStream } from './sse';

/** One item of an input, before it is parsed: JSON text, a CSV row, or a bad line. */
export type RawItem =
  | { readonly kind: 'line'; readonly line: number; readonly text: string; readonly element?: number }
  | { readonly kind: 'row'; readonly line: number; readonly record: Record<string, unknown> }
  | BadLine
  | LineBlock;

export interface ReadOptions {
  readonly format: FormatName | null;
  readonly maxLineBytes?: number;
  /**
   * JSON lines may come as undecoded blocks of lines (`LineBlock`), for the stage to decode where
   * it runs (a worker thread): the reader then only finds line ends.
   */
  readonly blocks?: boolean;
}

const HEAD_BYTES = 256 * 1024;
const MAX_CSV_RECORD_LINES = 100;
const CSV_BATCH_ITEMS = 1000;
const NEWLINE = 0x0a;

/**
 * Streams the items of one input, in batches. The container (JSON lines, JSON array or document,
 * CSV, a capture of server-sent events) is detected from the first bytes unless the format is `csv`.
 */
export async function readItems(input: OpenedInput, options: ReadOptions): Promise<{ container: Container | 'sse'; items: AsyncIterable<RawItem[]> }> {
  // A stream (standard input) may be slow: its first whole line of content tells the container (a file's head is read in full).
  let { head, all } = await peek(input.chunks(), HEAD_BYTES, input.size === null ? wholeLineOfContent() : undefined);
  // An empty input, or one of only a byte-order mark and blank lines (the head is all of it when shorter), holds no posts.
  if (head.length === 0 || (head.length < HEAD_BYTES && onlyBlanks(withoutBom(head)))) return { container: 'jsonl', items: (async function* () {})() };
  // A Twitter archive's data file (data/tweets.js) is a JSON array behind a JavaScript assignment.
  const assignment = options.format === 'csv' ? 0 : archiveAssignment(head);
  if (assignment > 0) return { container: 'json', items: readJsonValues(afterBytes(all, assignment)) };
  // Mastodon's streaming API as saved by curl: each event's data is a record (sse.ts).
  if (options.format !== 'csv' && opensEventStream(head)) return { container: 'sse', items: readEventStream(readLines(all, { maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES })) };
  let container = options.format === 'csv' ? 'csv' : detectContainer(head, input.path);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // A first line longer than the head, opening an object: JSON lines with a long (or broken) first
  // line, or one document? What follows it tells; it is looked for up to the line limit.
  if (container === 'json' && head.length >= HEAD_BYTES && !head.includes(NEWLINE) && opensObject(head)) {
    ({ head, all } = await peek(all, maxLineBytes + 1, (chunk) => chunk.includes(NEWLINE)));
    container = longFirstLine(head, maxLineBytes);
  }
  if (container === 'jsonl') return { container, items: options.blocks ? readLineBlocks(all, { maxLineBytes }) : readLines(all, { maxLineBytes }) };
  if (container === 'json') return { container, items: readJsonValues(all) };
  return { container, items: readCsvRows(readLineBlocks(all, { maxLineBytes }), input.path) };
}

/** `window.YTD.tweets.part0 = ` (any data file, any part) before the array of a Twitter archive's data file. */
const ARCHIVE_ASSIGNMENT = /^\s*window\.YTD\.\w+\.part\d+\s*=\s*(?=\[)/;

/** The length in bytes of a Twitter archive's assignment (and byte-order mark) before its array; 0 when there is none. */
function archiveAssignment(head: Buffer): number {
  const text = withoutBom(head);
  const m = ARCHIVE_ASSIGNMENT.exec(text.subarray(0, 256).toString('latin1'));
  return m ? head.length - text.length + m[0].length : 0;
}

/** The bytes of `source` after its first `n`. */
async function* afterBytes(source: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const chunk of source) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/**
 * CSV rows in batches of at most `CSV_BATCH_ITEMS`: a chunk of input holds up to a few hundred
 * thousand short lines, and its items built all at once (each bad one with its reason and
 * preview) outgrew a capped heap on a file of junk lines.
 */
async function* readCsvRows(lines: AsyncIterable<(LineEvent | LineBlock)[]>, path: string): AsyncGenerator<RawItem[]> {
  let rows: CsvRows | null = null;
  let out: RawItem[] = [];
  for await (const batch of lines) {
    for (const event of eventsOf(batch)) {
      if (rows === null && event.kind === 'line') rows = new CsvRows(event.text, path, event.line);
      else if (rows === null) out.push(event);
      else for (const item of rows.push(event)) out.push(item);
      if (out.length >= CSV_BATCH_ITEMS) {
        yield out;
        out = [];
      }
    }
  }
  if (rows) for (const item of rows.end()) out.push(item);
  if (out.length > 0) yield out;
}

/** The line events of a batch, a block of lines decoded only when its turn comes. */
function* eventsOf(batch: readonly (LineEvent | LineBlock)[]): Generator<LineEvent> {
  for (const e of batch) {
    if (e.kind === 'block') yield* blockLines(e);
    else yield e;
  }
}

class CsvRows {
  private readonly assembler: CsvAssembler;
  private readonly mapping: ReturnType<typeof csvHeaderMapping>;
  private readonly columns: number;

  constructor(headerLine: string, path: string, line: number) {
    const delimiter = sniffDelimiter(headerLine);
    const header = headerCells(headerLine, delimiter, path, `${path}: line ${line} (the header)`);
    try {
      this.mapping = csvHeaderMapping(header, path);
    } catch (error) {
      throw new InputError((error as Error).message, path);
    }
    this.columns = header.length;
    this.assembler = new CsvAssembler({ delimiter, columns: header.length, maxRecordLines: MAX_CSV_RECORD_LINES });
  }

  *push(event: LineEvent): Generator<RawItem> {
    for (const r of this.assembler.push(event)) yield this.toItem(r);
  }

  *end(): Generator<RawItem> {
    for (const r of this.assembler.end()) yield this.toItem(r);
  }

  private toItem(r: { kind: 'record'; line: number; fields: string[] } | BadLine): RawItem {
    if (r.kind === 'bad') return r;
    try {
      return { kind: 'row', line: r.line, record: csvRowToRecord(r.fields, this.mapping, this.columns) };
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      return { kind: 'bad', line: r.line, reason: error.message, preview: Buffer.from(r.fields.join(',').slice(0, 65536)) };
    }
  }
}
