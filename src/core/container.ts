import { isUtf8 } from 'node:buffer';
import { InputError } from './errors';
import { withoutBom, withoutBomText } from './utf8';

/** How records are laid out in a file, whatever their format. */
export type Container = 'jsonl' | 'json' | 'csv';

const SAMPLE_LINES = 20;
const NEWLINE = 0x0a;
const LBRACE = 0x7b;

function isObjectJson(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** The two bytes every gzip stream begins with (RFC 1952). */
export function startsLikeGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A short, safe description of what a file starts with, for error messages. */
export function describeHead(head: Buffer): string {
  if (head.length === 0) return 'an empty file';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'a PNG image';
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'a PDF document';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'a ZIP archive';
  if (startsLikeGzip(head)) return 'gzip-compressed data (send it decompressed)';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'UTF-16 text (Excel\'s "Unicode Text"): save it as "CSV UTF-8" instead';
  const sample = head.subarray(0, 200);
  if (sample.includes(0)) return 'binary data';
  if (!utf8UpToCut(sample)) return looksLikeText(sample) ? 'text that is not UTF-8 (Latin-1 or Windows-1252, as spreadsheets save it?): save it as "CSV UTF-8"' : 'binary data';
  // Described, not quoted: the first line of a file without a header is a person's data (an email), and errors reach terminals and logs.
  const first = withoutBomText(head.toString('utf8')).split('\n')[0]!.replace(/\r$/, '');
  const chars = [...first].length;
  return `text whose first line (${chars.toLocaleString('en')} character${chars === 1 ? '' : 's'}) is neither a JSON value nor a header of several columns`;
}

/** UTF-8 but perhaps for a character cut short at the end (a head ends anywhere). */
function utf8UpToCut(sample: Uint8Array): boolean {
  for (let cut = 0; cut <= Math.min(3, sample.length); cut++) if (isUtf8(sample.subarray(0, sample.length - cut))) return true;
  return false;
}

/** Printable bytes (ASCII, line ends, tabs, and the letters of the Latin-1 upper half) nearly throughout. */
function looksLikeText(bytes: Uint8Array): boolean {
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09 || b >= 0xa0) printable++;
  return printable >= bytes.length * 0.97;
}

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/** True when the bytes hold nothing but spaces, tabs and line ends. */
export function onlyBlanks(bytes: Uint8Array): boolean {
  for (const b of bytes) if (!isBlank(b)) return false;
  return true;
}

/**
 * For `peek` on a stream: true once the bytes seen so far (fed chunk by chunk) hold a line end
 * after something other than a byte-order mark and blanks, so that the head holds a whole first
 * line of content. A stream of only blank lines is read to its end (where it holds nothing).
 */
export function wholeLineOfContent(): (chunk: Uint8Array) => boolean {
  let seen = false;
  let first = true;
  return (chunk) => {
    const bytes = first ? withoutBom(chunk) : chunk;
    first = false;
    for (const b of bytes) {
      if (seen && b === 0x0a) return true;
      if (!seen && !isBlank(b)) seen = true;
    }
    return false;
  };
}

/** A header of one column: a single name (letters, digits, _ . -), quoted or not. */
const ONE_COLUMN = /^"?[\p{L}\p{N}_.-]{1,64}"?$/u;

/**
 * Decides the container from the first bytes: a JSON array if the text opens with "["; JSON lines
 * if any of the first lines is a whole JSON object on its own, or if a line after the first opens
 * an object with a key at its very start (`{"`: a pretty-printed document indents what it nests,
 * and puts a lone "{" on its line; JSON lines whose first lines are all broken, or whose first line
 * is longer than the head, show it); a JSON document if it opens with "{"; CSV if the
 * first line holds a delimiter, or is one column's name followed by more lines. Anything else is
 * an InputError saying what was found.
 */
export function detectContainer(head: Buffer, path: string): Container {
  const text = withoutBomText(head.toString('utf8'));
  const lines = text.split('\n');
  // The last line of the head may be cut short: only complete lines are sampled.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  const start = text.trimStart()[0];
  // An array, even pretty-printed one object a line (whose last element has no comma after it, and reads as a line of its own).
  if (start === '[') return 'json';
  if (complete.slice(0, SAMPLE_LINES).some(isObjectJson)) return 'jsonl';
  if (start === '{' && lines.slice(1, SAMPLE_LINES + 1).some((l) => l.startsWith('{"'))) return 'jsonl';
  if (start === '{') return 'json';
  const header = (lines[0] ?? '').trim();
  const text8 = isUtf8(head.subarray(0, Math.min(head.length, 4096)));
  if (header.length > 0 && !header.includes('\u0000') && /[,;\t|]/.test(header) && text8) return 'csv';
  // A CSV of one column (a list of emails under "email"): its header is one name, with no delimiter to see.
  if (text8 && ONE_COLUMN.test(header) && complete.length > 1) return 'csv';
  throw new InputError(
    `${path}: unknown format: expected JSON lines, a JSON array or document, or CSV with a header; found ${describeHead(head)}`,
    path,
  );
}

/** True when the text opens with an object (after a byte-order mark and blanks), not an array. */
export function opensObject(head: Buffer): boolean {
  const text = withoutBom(head);
  let i = 0;
  while (i < text.length && (text[i] === 0x20 || text[i] === 0x09 || text[i] === 0x0d)) i++;
  return text[i] === LBRACE;
}

/**
 * The container of an input whose first line, opening an object, is longer than the head:
 * `head` holds up to `maxLineBytes + 1` bytes of it. A line longer than the limit is read as JSON
 * lines, so that it is refused as any over-long line is (the same error, counted and reported,
 * and the run goes on), without being held: a file of one such line, or a minified document
 * past the limit, is no longer read whole. A shorter first line is JSON lines when the next line
 * opens an object with a key, and one document otherwise.
 */
export function longFirstLine(head: Buffer, maxLineBytes: number): Container {
  const end = head.indexOf(NEWLINE);
  if (end < 0) return head.length > maxLineBytes ? 'jsonl' : 'json';
  return head.subarray(end + 1, end + 3).toString('latin1') === '{"' ? 'jsonl' : 'json';
}

/**
 * Reads at least `bytes` bytes (or all there is, or as soon as `enough` says what was read will
 * do: a slow stream is not held until its head fills), then replays them ahead of the rest. A
 * source that fails after giving some bytes (a truncated gzip file) gives those as the head, and
 * its error after them, so that what could be read is read.
 */
export async function peek(source: AsyncIterable<Buffer>, bytes: number, enough?: (chunk: Buffer) => boolean): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let size = 0;
  let done = false;
  let failed: { error: unknown } | null = null;
  while (size < bytes) {
    let next: IteratorResult<Buffer>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (held.length === 0) throw error;
      failed = { error };
      break;
    }
    if (next.done) {
      done = true;
      break;
    }
    held.push(next.value);
    size += next.value.length;
    if (enough?.(next.value)) break;
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* held;
    if (failed) throw failed.error;
    if (done) return;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  return { head: Buffer.concat(held).subarray(0, bytes), all: all() };
}
