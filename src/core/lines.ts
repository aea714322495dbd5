import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, withoutBom } from './utf8';

/** One physical line of text, decoded and checked. `line` is 1-based. */
export interface TextLine {
  readonly kind: 'line';
  readonly line: number;
  readonly text: string;
}

/** A line that could not be decoded: too long, or not UTF-8. `preview` holds its first bytes. */
export interface BadLine {
  readonly kind: 'bad';
  readonly line: number;
  readonly reason: string;
  readonly preview: Buffer;
  /** In a JSON array, the element's position (1-based): many elements may share one line. */
  readonly element?: number;
}

export type LineEvent = TextLine | BadLine;

/**
 * Whole lines of a block known to be valid UTF-8, not yet decoded: `readLineBlocks` hands these on so
 * that another thread can decode and check them (`blockLines`), as `readLines` would have.
 */
export interface LineBlock {
  readonly kind: 'block';
  /** Number of the block's first line. */
  readonly line: number;
  /** How many lines (newlines) the block holds. */
  readonly lines: number;
  /** The lines, each ending in a newline; a copy that owns its memory (cheap to send to a thread). */
  readonly bytes: Uint8Array;
  readonly maxLineBytes: number;
  readonly previewBytes: number;
}

export interface LineOptions {
  /** Lines longer than this are reported, not buffered: memory stays flat whatever the input. */
  readonly maxLineBytes: number;
  /** How many bytes of a bad line to keep for the report and quarantine. */
  readonly previewBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
/** Where a splitter puts what it finds. */
type Out = (LineEvent | LineBlock)[];
/** About how many bytes of lines a block holds: a few thousand posts, a unit of work for a thread. */
const BLOCK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, one array of events per chunk (cheaper than one promise per
 * line). Blank lines are dropped. A UTF-8 byte-order mark on line 1 and a trailing CR are removed.
 */
export async function* readLines(
  source: AsyncIterable<Buffer>,
  options: LineOptions = { maxLineBytes: DEFAULT_MAX_LINE_BYTES },
): AsyncGenerator<LineEvent[]> {
  // Without blocks, the splitter emits line events only.
  yield* split(source, new LineSplitter(options)) as AsyncGenerator<LineEvent[]>;
}

/**
 * `readLines`, except that runs of lines known to be valid UTF-8 come as undecoded blocks
 * (`LineBlock`): the reader only finds line ends, and whoever gets a block decodes it with
 * `blockLines`. Lines held across chunks, and any line in a block that is not valid UTF-8, come
 * as events as before.
 */
export async function* readLineBlocks(
  source: AsyncIterable<Buffer>,
  options: LineOptions = { maxLineBytes: DEFAULT_MAX_LINE_BYTES },
): AsyncGenerator<(LineEvent | LineBlock)[]> {
  yield* split(source, new LineSplitter(options, true));
}

/** The splitter's events, one array per chunk of the source (cheaper than one promise per line). */
async function* split(source: AsyncIterable<Buffer>, splitter: LineSplitter): AsyncGenerator<Out> {
  for await (const chunk of source) {
    const events = splitter.push(chunk);
    if (events.length > 0) yield events;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/** The lines of a block, decoded and checked exactly as `readLines` does (blank lines dropped). */
export function blockLines(block: LineBlock): LineEvent[] {
  const out: Out = [];
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.byteLength);
  wholeLines(bytes, block.line, block.maxLineBytes, block.previewBytes, out);
  // Only lines and bad lines are made from a block.
  return out as LineEvent[];
}

/**
 * Complete lines of a block known to be valid UTF-8, numbered from `first`: no check per line. Each
 * line is decoded on its own — far cheaper than one decode of the block, since most lines are
 * plain ASCII and decode on V8's one-byte fast path, which one accented letter anywhere in a
 * block would lose. Returns how many lines there were.
 */
function wholeLines(whole: Buffer, first: number, max: number, previewBytes: number, out: Out): number {
  let start = 0;
  let lineNo = first - 1;
  for (let nl = whole.indexOf(NEWLINE); nl !== -1; nl = whole.indexOf(NEWLINE, start)) {
    lineNo++;
    let end = nl;
    if (end > start && whole[end - 1] === 0x0d) end--;
    const from = start;
    start = nl + 1;
    if (end - from > max) out.push(tooLong(lineNo, max, end - from, whole.subarray(from, end), previewBytes));
    else emit(lineNo, whole.toString('utf8', from, end), out);
  }
  return lineNo - first + 1;
}

/** A decoded line, unless it is blank. */
function emit(line: number, text: string, out: Out): void {
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return;
  out.push({ kind: 'line', line, text });
}

function tooLong(line: number, max: number, size: number, preview: Buffer, previewBytes: number): BadLine {
  return badLine(line, `line is ${size.toLocaleString('en')} bytes, over the ${max.toLocaleString('en')}-byte limit`, preview, previewBytes);
}

function badLine(line: number, reason: string, bytes: Buffer, previewBytes: number): BadLine {
  return { kind: 'bad', line, reason, preview: Buffer.from(bytes.subarray(0, previewBytes)) };
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let nl = bytes.indexOf(NEWLINE); nl !== -1; nl = bytes.indexOf(NEWLINE, nl + 1)) n++;
  return n;
}

class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowBytes = 0;
  private lineNo = 0;
  private readonly max: number;
  private readonly previewBytes: number;

  constructor(
    options: LineOptions,
    private readonly blocks = false,
  ) {
    this.max = options.maxLineBytes;
    this.previewBytes = options.previewBytes ?? 64 * 1024;
  }

  push(chunk: Buffer): Out {
    const out: Out = [];
    const last = chunk.lastIndexOf(NEWLINE);
    let start = 0;
    if (last !== -1 && (this.pendingBytes > 0 || this.overflowBytes > 0)) {
      // The line held from the previous chunk ends here.
      const nl = chunk.indexOf(NEWLINE);
      this.finishLine(chunk.subarray(0, nl), out);
      start = nl + 1;
    }
    if (last >= start) {
      const whole = chunk.subarray(start, last + 1);
      if (this.lineNo > 0 && isUtf8(whole)) this.fastLines(whole, out);
      else this.slowLines(whole, out);
      start = last + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    return out;
  }

  /** Complete lines, each checked on its own. */
  private slowLines(whole: Buffer, out: Out): void {
    let start = 0;
    for (let nl = whole.indexOf(NEWLINE, start); nl !== -1; nl = whole.indexOf(NEWLINE, start)) {
      this.finishLine(whole.subarray(start, nl), out);
      start = nl + 1;
    }
  }

  /** Complete lines of a block known to be valid UTF-8: decoded here, or handed on as a block. */
  private fastLines(whole: Buffer, out: Out): void {
    if (!this.blocks) {
      this.lineNo += wholeLines(whole, this.lineNo + 1, this.max, this.previewBytes, out);
      return;
    }
    for (let start = 0; start < whole.length; ) {
      // Blocks of about BLOCK_BYTES, cut after a newline (`whole` ends with one).
      const end = start + BLOCK_BYTES >= whole.length ? whole.length : whole.indexOf(NEWLINE, start + BLOCK_BYTES - 1) + 1;
      // A copy with a memory of its own (Buffer's slice would be a view).
      const bytes = Uint8Array.prototype.slice.call(whole, start, end);
      const lines = countNewlines(whole.subarray(start, end));
      out.push({ kind: 'block', line: this.lineNo + 1, lines, bytes, maxLineBytes: this.max, previewBytes: this.previewBytes });
      this.lineNo += lines;
      start = end;
    }
  }

  end(): LineEvent[] {
    const out: Out = [];
    if (this.pendingBytes > 0 || this.overflowBytes > 0) this.finishLine(Buffer.alloc(0), out);
    // The last, unfinished line is always a line event.
    return out as LineEvent[];
  }

  private hold(piece: Buffer): void {
    if (this.overflowBytes > 0) {
      this.overflowBytes += piece.length;
      return;
    }
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (this.pendingBytes > this.max) {
      // Keep only a preview; count the rest without holding it.
      const head = Buffer.concat(this.pending).subarray(0, this.previewBytes);
      this.overflowBytes = this.pendingBytes;
      this.pending = [Buffer.from(head)];
      this.pendingBytes = head.length;
    }
  }

  private finishLine(piece: Buffer, out: Out): void {
    this.lineNo++;
    if (this.overflowBytes > 0) {
      out.push(this.tooLong(this.overflowBytes + piece.length, this.pending[0]!));
      this.reset();
      return;
    }
    let buf = this.pendingBytes > 0 ? Buffer.concat([...this.pending, piece]) : piece;
    this.reset();
    if (buf.length > this.max) {
      out.push(this.tooLong(buf.length, buf));
      return;
    }
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    if (this.lineNo === 1) buf = withoutBom(buf);
    if (!isUtf8(buf)) {
      out.push(this.bad(`invalid UTF-8 at byte ${firstInvalidUtf8(buf) + 1} of the line`, buf));
      return;
    }
    this.emit(buf.toString('utf8'), out);
  }

  private emit(text: string, out: Out): void {
    emit(this.lineNo, text, out);
  }

  private tooLong(size: number, preview: Buffer): BadLine {
    return tooLong(this.lineNo, this.max, size, preview, this.previewBytes);
  }

  private bad(reason: string, bytes: Buffer): BadLine {
    return badLine(this.lineNo, reason, bytes, this.previewBytes);
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overflowBytes = 0;
  }
}
