import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, withoutBom } from './utf8';
import type { BadLine } from './lines';

/** One JSON value cut out of a stream: an element of a top-level array, or a top-level object. */
export interface JsonText {
  readonly kind: 'line';
  /** Line on which the value starts (1-based). */
  readonly line: number;
  readonly text: string;
  /** In a top-level array, the element's position (1-based): a one-line array holds them all on line 1. */
  readonly element?: number;
}

export type JsonEvent = JsonText | BadLine;

export const DEFAULT_MAX_VALUE_BYTES = 64 << 20;

const enum Mode {
  Idle,
  Value,
  Primitive,
  Garbage,
}

const LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, NEWLINE = 0x0a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Cuts a stream holding JSON arrays and/or whole JSON documents (pretty-printed or not, one after
 * another) into values, without parsing or holding more than one value at a time. Elements of a
 * top-level array come out one by one; a top-level object comes out whole. Anything that is not
 * JSON is reported as a bad value with its line, and the scan goes on.
 */
export async function* readJsonValues(
  source: AsyncIterable<Buffer>,
  maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
): AsyncGenerator<JsonEvent[]> {
  const scanner = new JsonValueScanner(maxValueBytes);
  // The first bytes are held until there are three: a UTF-8 byte-order mark (as Windows tools write one) is not JSON, and is left out.
  let head: Buffer | null = Buffer.alloc(0);
  for await (const read of source) {
    let chunk = read;
    if (head) {
      head = Buffer.concat([head, read]);
      if (head.length < 3) continue;
      chunk = withoutBom(head);
      head = null;
    }
    const out = scanner.push(chunk);
    if (out.length > 0) yield out;
  }
  if (head) {
    const out = scanner.push(withoutBom(head));
    if (out.length > 0) yield out;
  }
  const last = scanner.end();
  if (last.length > 0) yield last;
}

class JsonValueScanner {
  private mode = Mode.Idle;
  private depth = 0;
  private inArray = false;
  /** Elements begun in the current top-level array. */
  private element = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  private valueLine = 1;
  private emitDepth = 0;
  private parts: Buffer[] = [];
  private bytes = 0;
  private overflow = false;
  private out: JsonEvent[] = [];

  constructor(private readonly maxValueBytes: number) {}

  push(chunk: Buffer): JsonEvent[] {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === BACKSLASH) this.escape = true;
        else if (b === QUOTE) this.inString = false;
        continue;
      }
      switch (this.mode) {
        case Mode.Idle:
          from = this.idle(b, i, from);
          break;
        case Mode.Value:
          if (b === QUOTE) this.inString = true;
          else if (b === LBRACE || b === LBRACKET) this.depth++;
          else if ((b === RBRACE || b === RBRACKET) && --this.depth === this.emitDepth) {
            this.keep(chunk.subarray(from, i + 1));
            this.emitValue();
          }
          break;
        case Mode.Primitive:
          if (b === QUOTE) this.inString = true;
          else if (b === COMMA || b === RBRACKET) {
            this.keep(chunk.subarray(from, i));
            this.emitBad('array element is not a JSON object');
            if (b === RBRACKET) this.closeArray();
          }
          break;
        case Mode.Garbage:
          if (b === NEWLINE) {
            this.keep(chunk.subarray(from, i));
            this.emitBad('unexpected text outside a JSON value (expected an object or an array)');
          }
          break;
      }
    }
    if (this.mode !== Mode.Idle) this.keep(chunk.subarray(from));
    const out = this.out;
    this.out = [];
    return out;
  }

  end(): JsonEvent[] {
    if (this.mode === Mode.Value) this.emitBad('truncated JSON: the input ends inside this value');
    else if (this.mode === Mode.Garbage) this.emitBad('unexpected text outside a JSON value (expected an object or an array)');
    else if (this.mode === Mode.Primitive) this.emitBad('array element is not a JSON object');
    else if (this.inArray) this.out.push({ kind: 'bad', line: this.line, reason: 'truncated JSON: the input ends inside an array', preview: Buffer.alloc(0) });
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Handles a byte between values; returns where the next value's bytes start. */
  private idle(b: number, i: number, from: number): number {
    if (isSpace(b)) return from;
    if (this.inArray) {
      if (b === COMMA) return from;
      if (b === RBRACKET) {
        this.closeArray();
        return from;
      }
      if (b === LBRACE || b === LBRACKET) return this.begin(Mode.Value, 1, i);
      this.inString = b === QUOTE;
      return this.begin(Mode.Primitive, 1, i);
    }
    if (b === LBRACKET) {
      this.inArray = true;
      this.element = 0;
      return from;
    }
    if (b === LBRACE) return this.begin(Mode.Value, 0, i);
    return this.begin(Mode.Garbage, 0, i);
  }

  private begin(mode: Mode, emitDepth: number, i: number): number {
    if (this.inArray) this.element++;
    this.mode = mode;
    this.emitDepth = emitDepth;
    this.depth = emitDepth + 1;
    this.valueLine = this.line;
    return i;
  }

  private closeArray(): void {
    this.inArray = false;
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.overflow) {
      this.bytes += piece.length;
      return;
    }
    this.parts.push(Buffer.from(piece));
    this.bytes += piece.length;
    if (this.bytes > this.maxValueBytes) {
      this.overflow = true;
      this.parts = [Buffer.concat(this.parts).subarray(0, 64 * 1024)];
    }
  }

  private emitValue(): void {
    const buf = Buffer.concat(this.parts);
    if (this.overflow) {
      this.emitBad(`JSON value is ${this.bytes.toLocaleString('en')} bytes, over the ${this.maxValueBytes.toLocaleString('en')}-byte limit`);
    } else if (!isUtf8(buf)) {
      this.emitBad(`invalid UTF-8 at byte ${firstInvalidUtf8(buf) + 1} of the value`);
    } else {
      this.out.push({ kind: 'line', line: this.valueLine, text: buf.toString('utf8'), ...this.position() });
      this.reset();
    }
  }

  private emitBad(reason: string, line = this.valueLine): void {
    const preview = Buffer.concat(this.parts).subarray(0, 64 * 1024);
    this.out.push({ kind: 'bad', line, reason, preview: Buffer.from(preview), ...(this.mode !== Mode.Garbage ? this.position() : {}) });
    this.reset();
  }

  private position(): { element?: number } {
    return this.inArray ? { element: this.element } : {};
  }

  private reset(): void {
    this.mode = Mode.Idle;
    this.parts = [];
    this.bytes = 0;
    this.overflow = false;
    this.depth = this.inArray ? 1 : 0;
  }
}
