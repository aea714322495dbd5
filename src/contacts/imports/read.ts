import { CsvAssembler, headerCells, sniffDelimiter } from '../../core/csv';
import type { Container } from '../../core/container';
import { detectContainer, longFirstLine, onlyBlanks, opensObject, peek } from '../../core/container';
import { decodeInput } from '../../core/encoding';
import { InputError } from '../../core/errors';
import { DATA_LIKE } from './mapping';
import type { OpenedInput } from '../../core/input';
import { openInput } from '../../core/input';
import type { BadLine, LineEvent } from '../../core/lines';
import { DEFAULT_MAX_LINE_BYTES, readLines } from '../../core/lines';
import { readJsonValues } from '../../core/json-values';
import { withoutBom } from '../../core/utf8';

/** One input record as values in header order, or a line that could not be read. */
export type InputRecord = { readonly kind: 'record'; readonly line: number; readonly values: (string | undefined)[] } | BadLine;

export interface OpenedRecords {
  readonly container: Container;
  readonly header: readonly string[];
  /**
   * What a record's `line` counts: the line it starts on (CSV, JSON lines), or its place among the
   * records (a JSON array or documents: a minified file holds them all on line 1, and an import
   * resumes after the last record committed, so each needs its own number).
   */
  readonly position: Position;
  readonly records: AsyncIterable<InputRecord[]>;
}

export type Position = 'line' | 'record';

// What format detection looks at (the decoder reads further ahead).
const HEAD_CHARS = 64 * 1024;
// A JSON input's columns are the keys of its first records (nested objects flattened with '.').
const JSON_HEADER_RECORDS = 1000;
/**
 * The most bytes one record takes: a line (CSV, JSON lines) or a value of a JSON array or of
 * documents one after another, each one person. A longer one is a bad row, reported without being
 * held (a JSON value was held up to 64 MiB, as a listening input's page of posts may be).
 */
const MAX_RECORD_BYTES = DEFAULT_MAX_LINE_BYTES;

/** Opens a CSV (any common delimiter), JSON-lines or JSON-array file of people as header + records. */
export async function openRecords(input: OpenedInput): Promise<OpenedRecords> {
  // Spreadsheets often save Latin-1 / Windows-1252: decoded to UTF-8 (core/encoding.ts).
  const { head, chunks: all } = await decodeInput(input);
  if (head.length === 0) throw new InputError(`${input.path}: the file is empty; expected a CSV with a header line, or JSON records`, input.path);
  // A byte-order mark and blank lines alone (a spreadsheet's export of nothing) are no header and no record either.
  if (BLANK.test(head) && (await blankToEnd(all))) throw new InputError(`${input.path}: the file is empty (${blankWhat(head)}); expected a CSV with a header line, or JSON records`, input.path);
  const detected = detectContainer(Buffer.from(head.slice(0, HEAD_CHARS), 'utf8'), input.path);
  if (detected === 'csv') return csvRecords(all, input.path);
  const { container, chunks } = await jsonContainer(detected, head, all);
  // A file is read once for its keys first, so that a key first met late still gets its column.
  const keys = input.size === null ? null : await jsonKeys(container, (await decodeInput(await openInput(input.path))).chunks, input.path);
  return jsonRecords(container, jsonEvents(container, chunks), keys, input.path);
}

/**
 * JSON lines or one document, for an input opening with an object on a first line that has no
 * line end in the head, as `listen ingest` decides it (core/container.ts): the line end is looked
 * for up to the record limit, and a first line longer than that is read as JSON lines, so that it
 * is a bad row like any over-long line ("line is N bytes, over the 1,048,576-byte limit"), never
 * held. Read as one document, a one-line file was held whole, up to 64 MiB, and twice (its keys,
 * then its records).
 */
async function jsonContainer(container: Container, head: string, all: AsyncIterable<Buffer>): Promise<{ container: Container; chunks: AsyncIterable<Buffer> }> {
  if (container !== 'json' || head.includes('\n') || !opensObject(Buffer.from(head.slice(0, 1024), 'utf8'))) return { container, chunks: all };
  const peeked = await peek(all, MAX_RECORD_BYTES + 1, (chunk) => chunk.includes(0x0a));
  return { container: longFirstLine(peeked.head, MAX_RECORD_BYTES), chunks: peeked.all };
}

/** Text of nothing but a byte-order mark, spaces, tabs and line ends. */
const BLANK = /^\ufeff?[ \t\r\n]*$/;

/** What a blank file holds, for its message. */
function blankWhat(head: string): string {
  const bom = head.startsWith('\ufeff');
  if (bom && head.length === 1) return 'only a byte-order mark';
  return bom ? 'only a byte-order mark and blank lines or spaces' : 'only blank lines or spaces';
}

/**
 * Whether the rest of a file whose head is blank is blank too, read chunk by chunk without holding
 * them. When it is not (a head of 256 KiB of blanks, then text), the chunks are spent: format
 * detection, on that blank head, then refuses the file as of unknown format.
 */
async function blankToEnd(chunks: AsyncIterable<Buffer>): Promise<boolean> {
  let first = true;
  for await (const chunk of chunks) {
    if (!onlyBlanks(first ? withoutBom(chunk) : chunk)) return false;
    first = false;
  }
  return true;
}

const jsonEvents = (container: Container, chunks: AsyncIterable<Buffer>): AsyncIterable<LineEvent[]> =>
  container === 'jsonl' ? readLines(chunks, { maxLineBytes: MAX_RECORD_BYTES }) : readJsonValues(chunks, MAX_RECORD_BYTES);

/** Every key of a JSON input's records (nested objects flattened with '.'), in the order first met. */
async function jsonKeys(container: Container, chunks: AsyncIterable<Buffer>, path: string): Promise<string[]> {
  const keys = new Set<string>();
  const unread = new Unread(container);
  for await (const batch of jsonEvents(container, chunks)) {
    for (const e of batch) {
      const p = parseJson(e);
      unread.count(p);
      if (p.kind === 'parsed') for (const k of p.fields.keys()) keys.add(k);
    }
  }
  unread.check(path);
  return [...keys];
}

/**
 * A JSON input none of whose records can be read gives no columns: it is refused naming its first
 * bad record and why (a line over the limit, JSON cut short), not for want of a name column among
 * none. Records are counted as the import numbers them (by line, or by place in an array).
 */
class Unread {
  private records = 0;
  private parsed = 0;
  private first: string | null = null;

  constructor(private readonly container: Container) {}

  count(p: Parsed): void {
    this.records++;
    if (p.kind === 'parsed') this.parsed++;
    else this.first ??= this.container === 'jsonl' ? `line ${p.line}: ${p.reason}` : `record ${this.records} (the value starting on line ${p.line}): ${p.reason}`;
  }

  check(path: string): void {
    if (this.parsed > 0 || this.first === null) return;
    const none = this.records === 1 ? 'its one record cannot be read' : `none of its ${this.records.toLocaleString('en')} records can be read`;
    throw new InputError(`${path}: ${none}, so the file gives no columns to import; ${this.records === 1 ? '' : 'the first: '}${this.first}`, path);
  }
}

async function csvRecords(source: AsyncIterable<Buffer>, path: string): Promise<OpenedRecords> {
  const lines = readLines(source, { maxLineBytes: DEFAULT_MAX_LINE_BYTES })[Symbol.asyncIterator]();
  let first: LineEvent[] = [];
  while (first.length === 0) {
    const n = await lines.next();
    if (n.done) throw new InputError(`${path}: no header line`, path);
    first = n.value;
  }
  const headerEvent = first.shift()!;
  if (headerEvent.kind === 'bad') throw new InputError(`${path}: line ${headerEvent.line} (the header) cannot be read: ${headerEvent.reason}`, path);
  const delimiter = sniffDelimiter(headerEvent.text);
  const header = headerCells(headerEvent.text, delimiter, path, `${path}: line ${headerEvent.line} (the header)`);
  const second = header.findIndex((h, i) => header.indexOf(h) !== i);
  if (second >= 0) {
    const dup = header[second]!;
    // By position only when the cell looks like a value (a file without a header line: a person's data).
    const named = DATA_LIKE.test(dup) ? 'the same value' : `column ${JSON.stringify(dup)}`;
    throw new InputError(`${path}: the header names ${named} twice (columns ${header.indexOf(dup) + 1} and ${second + 1}); each column needs its own name`, path);
  }
  const assembler = new CsvAssembler({ delimiter, columns: header.length, maxRecordLines: 100 });
  const toRecord = (r: { kind: 'record'; line: number; fields: string[] } | BadLine): InputRecord => {
    if (r.kind === 'bad') return r;
    // A row with more or fewer values than the header has lost or shifted some: which belong where is a guess.
    if (r.fields.length !== header.length) return { kind: 'bad', line: r.line, reason: `expected ${header.length} columns as in the header, found ${r.fields.length}`, preview: Buffer.alloc(0) };
    return { kind: 'record', line: r.line, values: r.fields };
  };
  async function* records(): AsyncGenerator<InputRecord[]> {
    const out: InputRecord[] = [];
    for (const e of first) for (const r of assembler.push(e)) out.push(toRecord(r));
    yield out;
    for (let n = await lines.next(); !n.done; n = await lines.next()) {
      const batch: InputRecord[] = [];
      for (const e of n.value) for (const r of assembler.push(e)) batch.push(toRecord(r));
      yield batch;
    }
    yield [...assembler.end()].map(toRecord);
  }
  return { container: 'csv', header, position: 'line', records: records() };
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) out.set(prefix, value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('|'));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, String(value));
}

type Parsed = { kind: 'parsed'; line: number; fields: Map<string, string> } | BadLine;

function parseJson(e: LineEvent): Parsed {
  if (e.kind === 'bad') return e;
  try {
    const v = JSON.parse(e.text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'bad', line: e.line, reason: `expected a JSON object (one person), found ${Array.isArray(v) ? 'an array' : typeof v}`, preview: Buffer.alloc(0) };
    const fields = new Map<string, string>();
    flatten(v, '', fields);
    return { kind: 'parsed', line: e.line, fields };
  } catch (error) {
    return { kind: 'bad', line: e.line, reason: jsonProblem((error as Error).message, e.text), preview: Buffer.alloc(0) };
  }
}

/**
 * What is wrong with a record that is not JSON, and where, without its text: the parser's message
 * quotes the record ("Jane Secre"…), which would put a person's data in the bad-row report, the
 * terminal and the import's history.
 */
export function jsonProblem(message: string, text: string): string {
  if (/Unexpected end of JSON input/.test(message)) return 'not valid JSON: it ends too soon';
  const at = /at position (\d+)/.exec(message);
  if (at) return `not valid JSON at character ${Number(at[1]) + 1}: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^./, (c) => c.toLowerCase())}`;
  // "Unexpected token 'J', "Jane Secre"... is not valid JSON": the quoted piece is found in the record for its place, then left out.
  const quoted = /^Unexpected token '(.)', (?:\.\.\.)?"(.*?)"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  if (quoted) {
    const start = text.indexOf(quoted[2]!);
    const place = start >= 0 ? start + quoted[2]!.indexOf(quoted[1]!) : -1;
    return `not valid JSON${place >= 0 ? ` at character ${place + 1}` : ''}: unexpected character (expected a JSON object, with strings in double quotes)`;
  }
  return 'not valid JSON';
}

/**
 * JSON records as rows of `keys` (a file's, read beforehand) or, on standard input, of the keys of
 * the first JSON_HEADER_RECORDS records; there, a later record with another key is a bad row
 * rather than a row with a value silently left out.
 */
async function jsonRecords(container: Container, events: AsyncIterable<LineEvent[]>, keys: readonly string[] | null, path: string): Promise<OpenedRecords> {
  const it = events[Symbol.asyncIterator]();
  const held: Parsed[] = [];
  let done = false;
  while (!keys && !done && held.filter((p) => p.kind === 'parsed').length < JSON_HEADER_RECORDS) {
    const n = await it.next();
    if (n.done) done = true;
    else held.push(...n.value.map(parseJson));
  }
  if (!keys && done) {
    const unread = new Unread(container);
    for (const p of held) unread.count(p);
    unread.check(path);
  }
  const seen = new Set<string>(keys ?? []);
  if (!keys) for (const p of held) if (p.kind === 'parsed') for (const k of p.fields.keys()) seen.add(k);
  const header = [...seen];
  const toRecord = (p: Parsed): InputRecord => {
    if (p.kind === 'bad') return p;
    // Only standard input can meet a key its columns lack: a file's keys were all read beforehand.
    const late = keys ? [] : [...p.fields.keys()].filter((k) => !seen.has(k));
    if (late.length) return { kind: 'bad', line: p.line, reason: `key ${late.map((k) => JSON.stringify(k)).join(', ')} not in the first ${JSON_HEADER_RECORDS.toLocaleString('en')} records, whose keys make the columns of standard input: give a file instead, or put that key in the first records`, preview: Buffer.alloc(0) };
    return { kind: 'record', line: p.line, values: header.map((h) => p.fields.get(h)) };
  };
  // Records of a JSON array (or of documents one after another) are numbered in order; a bad one says where it starts.
  let ordinal = 0;
  const numbered = (r: InputRecord): InputRecord => {
    if (container === 'jsonl') return r;
    ordinal++;
    return r.kind === 'bad' ? { ...r, line: ordinal, reason: `${r.reason} (the value starting on line ${r.line})` } : { ...r, line: ordinal };
  };
  async function* records(): AsyncGenerator<InputRecord[]> {
    yield held.map((p) => numbered(toRecord(p)));
    if (done) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value.map((e) => numbered(toRecord(parseJson(e))));
  }
  return { container, header, position: container === 'jsonl' ? 'line' : 'record', records: records() };
}
