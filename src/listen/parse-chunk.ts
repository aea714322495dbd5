import { RecordError } from '../core/errors';
import type { LineBlock } from '../core/lines';
import { blockLines } from '../core/lines';
import type { FormatContext, FormatName } from './formats';
import { parseRecord } from './formats';
import type { Post } from './post';
import type { RawItem } from './read-items';

/** A bad item of a chunk: its index in the chunk, its line, why, and its bytes for quarantine. */
export interface Reject {
  readonly index: number;
  readonly line: number;
  readonly error: string;
  readonly raw: Uint8Array;
  readonly truncated: boolean;
}

/** What a chunk of items yields: the stage's whole output, small enough to pass between threads. */
export interface ChunkResult {
  readonly posts: Post[];
  readonly rejects: Reject[];
  /** Posts, skipped records and bad items, as counted in `read`. */
  readonly read: number;
  readonly skipped: number;
}

const PREVIEW = 64 * 1024;

/** "truncated" when the parser ran out of input, which is what a cut-off line looks like. */
export function jsonError(error: Error, text: string): string {
  // The parser quotes the input; control characters in it would garble a terminal.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const m = error.message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const at = /at position (\d+)/.exec(m);
  const atEnd = at !== null && Number(at[1]) >= text.trimEnd().length;
  if (atEnd || /Unexpected end of JSON input|Unterminated string/i.test(m)) return `truncated JSON (${m})`;
  return `not valid JSON (${m})`;
}

function preview(text: string): Uint8Array {
  return Buffer.from(text.length > PREVIEW ? text.slice(0, PREVIEW) : text);
}

/**
 * The parse stage: JSON text or CSV rows in, pseudonymised posts and rejects out. One pure step
 * of the pipeline, the same wherever it runs.
 */
export function parseChunk(items: readonly RawItem[], format: FormatName | null, ctx: FormatContext): ChunkResult {
  const out: ChunkResult = { posts: [], rejects: [], read: 0, skipped: 0 };
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    // A block of lines is decoded here, where the stage runs; its rejects carry the block's index.
    if (item.kind === 'block') for (const line of blockLines(item)) parseItem(line, index, format, ctx, out);
    else parseItem(item, index, format, ctx, out);
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An element of a JSON array is named by its position too: a one-line array has all of them on line 1. */
function at(item: Exclude<RawItem, LineBlock>, message: string): string {
  return item.kind !== 'row' && item.element !== undefined ? `element ${item.element}: ${message}` : message;
}

function parseItem(item: Exclude<RawItem, LineBlock>, index: number, format: FormatName | null, ctx: FormatContext, out: Mutable<ChunkResult>): void {
  if (item.kind === 'bad') {
    reject(out, index, item.line, at(item, item.reason), item.preview, item.preview.length >= PREVIEW);
    return;
  }
  let value: unknown;
  if (item.kind === 'row') value = item.record;
  else {
    try {
      value = JSON.parse(item.text);
    } catch (e) {
      reject(out, index, item.line, at(item, jsonError(e as Error, item.text)), preview(item.text), item.text.length > PREVIEW);
      return;
    }
  }
  try {
    const parsed = parseRecord(value, item.kind === 'row' ? 'csv' : format, ctx);
    for (const post of parsed.posts) out.posts.push(post);
    out.read += parsed.posts.length + parsed.skipped;
    out.skipped += parsed.skipped;
    for (const message of parsed.errors) reject(out, index, item.line, at(item, message), new Uint8Array(0), false);
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    reject(out, index, item.line, at(item, e.message), preview(item.kind === 'row' ? JSON.stringify(item.record) : item.text), false);
  }
}

function reject(out: Mutable<ChunkResult>, index: number, line: number, error: string, raw: Uint8Array, truncated: boolean): void {
  out.rejects.push({ index, line, error, raw, truncated });
  out.read++;
}
