import { isUtf8 } from 'node:buffer';
import { peek } from '../../core/container';
import type { CsvRecord } from '../../core/csv';
import { CsvAssembler, sniffDelimiter, splitCsvRecord } from '../../core/csv';
import { InputError } from '../../core/errors';
import type { OpenedInput } from '../../core/input';
import type { BadLine, LineEvent } from '../../core/lines';
import { readLines } from '../../core/lines';

export type TextEncoding = 'utf-8' | 'windows-1252';

/** An input with its encoding decided and its bytes turned into UTF-8, and its first bytes to look at. */
export interface DecodedInput {
  readonly path: string;
  readonly encoding: TextEncoding;
  /** The first bytes (UTF-8 after decoding), for format detection. */
  readonly head: string;
  readonly chunks: AsyncIterable<Buffer>;
}

const HEAD_BYTES = 256 * 1024;

/**
 * The encoding of a file from its first bytes: UTF-8 when they are valid UTF-8 (up to the last
 * whole line, which a multi-byte letter cannot straddle), else Windows-1252, the superset of
 * Latin-1 in which the French ministry also publishes.
 */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  const end = complete ? head.length : head.lastIndexOf(0x0a) + 1;
  return isUtf8(head.subarray(0, end > 0 ? end : Math.max(0, head.length - 3))) ? 'utf-8' : 'windows-1252';
}

/** Opens an input for reading as text, decoding Latin-1 / Windows-1252 to UTF-8 on the fly. */
export async function decodeInput(input: OpenedInput): Promise<DecodedInput> {
  const { head, all } = await peek(input.chunks(), HEAD_BYTES);
  const encoding = detectEncoding(head, head.length < HEAD_BYTES);
  if (encoding === 'utf-8') return { path: input.path, encoding, head: head.toString('utf8'), chunks: all };
  const decoder = new TextDecoder('windows-1252');
  async function* recoded(): AsyncGenerator<Buffer> {
    // One byte is one character in this encoding: chunks decode independently.
    for await (const chunk of all) yield Buffer.from(decoder.decode(chunk), 'utf8');
  }
  return { path: input.path, encoding, head: decoder.decode(head), chunks: recoded() };
}

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
