import { isAscii, isUtf8 } from 'node:buffer';
import { peek } from './container';
import type { OpenedInput } from './input';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** An input with its encoding decided and its bytes turned into UTF-8, and its first bytes to look at. */
export interface DecodedInput {
  readonly path: string;
  /**
   * As decided so far: a file whose first bytes are all ASCII reads as UTF-8 until a byte says
   * otherwise (`utf8OrWindows1252`), and says so here once it has been read that far.
   */
  readonly encoding: TextEncoding;
  /** The first bytes (UTF-8 after decoding), for format detection. */
  readonly head: string;
  readonly chunks: AsyncIterable<Buffer>;
}

const HEAD_BYTES = 256 * 1024;

// A well-formed multi-byte UTF-8 letter (a lead byte, then a continuation byte), read as Latin-1.
const UTF8_LETTER = /[\xC2-\xF4][\x80-\xBF]/;

/**
 * The encoding of a file from its first bytes: UTF-8 when they are valid UTF-8 (up to the last
 * whole line, which a multi-byte letter cannot straddle), or when they hold well-formed UTF-8
 * letters beside a damaged byte (the damaged line is then reported, the others read as they are);
 * else Windows-1252, the superset of Latin-1 in which spreadsheets and the French ministry export.
 */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  const wide = utf16Of(head);
  if (wide) return wide;
  const end = complete ? head.length : head.lastIndexOf(0x0a) + 1;
  const sample = head.subarray(0, end > 0 ? end : Math.max(0, head.length - 3));
  // Text has no NUL byte: a binary file is left as it is, for the caller to say what it is.
  if (isUtf8(sample) || sample.includes(0)) return 'utf-8';
  return UTF8_LETTER.test(sample.toString('latin1')) ? 'utf-8' : 'windows-1252';
}

/**
 * UTF-16, as Excel saves "Unicode Text" (tab-separated): by its byte-order mark, or without one by
 * the zero high bytes of mostly-ASCII text (every other byte zero, the others not).
 */
function utf16Of(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(head.length >> 1, 2048);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.7 && evenZero <= pairs * 0.05) return 'utf-16le';
  if (evenZero >= pairs * 0.7 && oddZero <= pairs * 0.05) return 'utf-16be';
  return null;
}

/** Opens an input for reading as text, decoding Latin-1 / Windows-1252 to UTF-8 on the fly. */
export async function decodeInput(input: OpenedInput): Promise<DecodedInput> {
  const { head, all } = await peek(input.chunks(), HEAD_BYTES);
  const encoding = detectEncoding(head, head.length < HEAD_BYTES);
  if (encoding === 'utf-8' && isAscii(head)) {
    // ASCII says nothing of the encoding yet: the first byte that is not ASCII decides.
    const decoding = utf8OrWindows1252(all);
    return { path: input.path, get encoding() { return decoding.encoding(); }, head: head.toString('utf8'), chunks: decoding.chunks };
  }
  if (encoding === 'utf-8') return { path: input.path, encoding, head: head.toString('utf8'), chunks: all };
  if (encoding !== 'windows-1252') return { path: input.path, encoding, head: new TextDecoder(encoding).decode(head.subarray(0, head.length & ~1)), chunks: fromUtf16(all, encoding) };
  async function* recoded(): AsyncGenerator<Buffer> {
    // One byte is one character in this encoding: chunks decode independently.
    for await (const chunk of all) yield Buffer.from(decodeWindows1252(chunk), 'utf8');
  }
  return { path: input.path, encoding, head: decodeWindows1252(head), chunks: recoded() };
}

/**
 * Bytes of a file whose start is all ASCII, as UTF-8: passed on as they are while they are ASCII
 * (UTF-8 and Windows-1252 read ASCII alike) and, from the first byte that is not, as they are
 * too when it starts a well-formed UTF-8 sequence (a later damaged byte is then the line's own
 * error, as in any UTF-8 file), else decoded as Windows-1252 to the end: a spreadsheet's export
 * whose accented names come after its first 256 KiB. Chunk by chunk, holding at most the three
 * bytes of a sequence cut between two chunks.
 */
export function utf8OrWindows1252(chunks: AsyncIterable<Buffer>): { readonly chunks: AsyncIterable<Buffer>; encoding(): TextEncoding } {
  let decided: TextEncoding | null = null;
  const recode = (bytes: Buffer): Buffer => Buffer.from(decodeWindows1252(bytes), 'utf8');
  async function* decoded(): AsyncGenerator<Buffer> {
    let held: Buffer | null = null;
    for await (const chunk of chunks) {
      if (decided !== null) {
        yield decided === 'utf-8' ? chunk : recode(chunk);
        continue;
      }
      const bytes: Buffer = held ? Buffer.concat([held, chunk]) : chunk;
      held = null;
      const at = isAscii(bytes) ? -1 : firstNonAscii(bytes);
      if (at < 0) {
        yield bytes;
        continue;
      }
      if (at > 0) yield bytes.subarray(0, at);
      const verdict = utf8SequenceAt(bytes, at);
      if (verdict === 'cut') held = bytes.subarray(at);
      else {
        decided = verdict === 'utf-8' ? 'utf-8' : 'windows-1252';
        yield decided === 'utf-8' ? bytes.subarray(at) : recode(bytes.subarray(at));
      }
    }
    // A sequence cut short by the end of the file is not UTF-8.
    if (held) {
      decided = 'windows-1252';
      yield recode(held);
    }
  }
  return { chunks: decoded(), encoding: () => decided ?? 'utf-8' };
}

function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** Whether the bytes at `at` (not ASCII) begin a well-formed UTF-8 sequence, do not, or are cut short before it can be told. */
function utf8SequenceAt(bytes: Buffer, at: number): 'utf-8' | 'not' | 'cut' {
  const lead = bytes[at]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0) return 'not';
  const end = Math.min(bytes.length, at + length);
  for (let i = at + 1; i < end; i++) if ((bytes[i]! & 0xc0) !== 0x80) return 'not';
  if (at + length > bytes.length) return 'cut';
  // Overlong forms and surrogates have the right shape but are not UTF-8.
  return isUtf8(bytes.subarray(at, at + length)) ? 'utf-8' : 'not';
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š ›
 * œ ž Ÿ); the five bytes it leaves undefined stay the C1 controls, as WHATWG's table has them.
 * Node's TextDecoder('windows-1252') without full ICU decodes as ISO-8859-1 and drops these
 * (œ and ’ vanished from French names and streets).
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

/** Windows-1252 bytes as text: Latin-1 for every byte but 0x80–0x9F. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** UTF-16 chunks as UTF-8 (the byte-order mark dropped; a character split between chunks is carried over). */
export async function* fromUtf16(chunks: AsyncIterable<Buffer>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}
