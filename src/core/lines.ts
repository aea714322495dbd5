import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from './utf8';

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
}

export type LineEvent = TextLine | BadLine;

export interface LineOptions {
  /** Lines longer than this are reported, not buffered: memory stays flat whatever the input. */
  readonly maxLineBytes: number;
  /** How many bytes of a bad line to keep for the report and quarantine. */
  readonly previewBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, one array of events per chunk (cheaper than one promise per
 * line). Blank lines are dropped. A UTF-8 byte-order mark on line 1 and a trailing CR are removed.
 */
export async function* readLines(
  source: AsyncIterable<Buffer>,
  options: LineOptions = { maxLineBytes: DEFAULT_MAX_LINE_BYTES },
): AsyncGenerator<LineEvent[]> {
  const splitter = new LineSplitter(options);
  for await (const chunk of source) {
    const events = splitter.push(chunk);
    if (events.length > 0) yield events;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowBytes = 0;
  private lineNo = 0;
  private readonly max: number;
  private readonly previewBytes: number;

  constructor(options: LineOptions) {
    this.max = options.maxLineBytes;
    this.previewBytes = options.previewBytes ?? 64 * 1024;
  }

  push(chunk: Buffer): LineEvent[] {
    const out: LineEvent[] = [];
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
  private slowLines(whole: Buffer, out: LineEvent[]): void {
    let start = 0;
    for (let nl = whole.indexOf(NEWLINE, start); nl !== -1; nl = whole.indexOf(NEWLINE, start)) {
      this.finishLine(whole.subarray(start, nl), out);
      start = nl + 1;
    }
  }

  /**
   * Complete lines of a block known to be valid UTF-8: no check per line. Each line is decoded on
   * its own — far cheaper than one decode of the block, since most lines are plain ASCII and
   * decode on V8's one-byte fast path, which one accented letter anywhere in a block would lose.
   */
  private fastLines(whole: Buffer, out: LineEvent[]): void {
    let start = 0;
    for (let nl = whole.indexOf(NEWLINE); nl !== -1; nl = whole.indexOf(NEWLINE, start)) {
      this.lineNo++;
      let end = nl;
      if (end > start && whole[end - 1] === 0x0d) end--;
      const from = start;
      start = nl + 1;
      if (end - from > this.max) out.push(this.tooLong(end - from, whole.subarray(from, end)));
      else this.emit(whole.toString('utf8', from, end), out);
    }
  }

  end(): LineEvent[] {
    const out: LineEvent[] = [];
    if (this.pendingBytes > 0 || this.overflowBytes > 0) this.finishLine(Buffer.alloc(0), out);
    return out;
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

  private finishLine(piece: Buffer, out: LineEvent[]): void {
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
    if (this.lineNo === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    if (!isUtf8(buf)) {
      out.push(this.bad(`invalid UTF-8 at byte ${firstInvalidUtf8(buf) + 1} of the line`, buf));
      return;
    }
    this.emit(buf.toString('utf8'), out);
  }

  /** A decoded line, unless it is blank. */
  private emit(text: string, out: LineEvent[]): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return;
    out.push({ kind: 'line', line: this.lineNo, text });
  }

  private tooLong(size: number, preview: Buffer): BadLine {
    return this.bad(`line is ${size.toLocaleString('en')} bytes, over the ${this.max.toLocaleString('en')}-byte limit`, preview);
  }

  private bad(reason: string, bytes: Buffer): BadLine {
    return { kind: 'bad', line: this.lineNo, reason, preview: Buffer.from(bytes.subarray(0, this.previewBytes)) };
  }

  private reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.overflowBytes = 0;
  }
}
