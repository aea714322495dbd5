import { isUtf8 } from 'node:buffer';
import { peek } from './container';
import type { OpenedInput } from './input';

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

// A well-formed multi-byte UTF-8 letter (a lead byte, then a continuation byte), read as Latin-1.
const UTF8_LETTER = /[\xC2-\xF4][\x80-\xBF]/;

/**
 * The encoding of a file from its first bytes: UTF-8 when they are valid UTF-8 (up to the last
 * whole line, which a multi-byte letter cannot straddle), or when they hold well-formed UTF-8
 * letters beside a damaged byte (the damaged line is then reported, the others read as they are);
 * else Windows-1252, the superset of Latin-1 in which spreadsheets and the French ministry export.
 */
export function detectEncoding(head: Buffer, complete: boolean): TextEncoding {
  const end = complete ? head.length : head.lastIndexOf(0x0a) + 1;
  const sample = head.subarray(0, end > 0 ? end : Math.max(0, head.length - 3));
  // Text has no NUL byte: a binary file is left as it is, for the caller to say what it is.
  if (isUtf8(sample) || sample.includes(0)) return 'utf-8';
  return UTF8_LETTER.test(sample.toString('latin1')) ? 'utf-8' : 'windows-1252';
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
