import type { Pseudonymiser } from '../core/pseudonym';
import type { FormatName } from './formats';
import type { ChunkResult } from './parse-chunk';
import { parseChunk } from './parse-chunk';
import type { RawItem } from './read-items';

/**
 * Runs the parse stage on chunks of items. In-process here; the same `parseChunk` is what a
 * worker runs when the pipeline is spread over processes (measured on 2 cores, handing items to
 * worker threads cost more than it saved).
 */
export interface ChunkParser {
  parse(items: readonly RawItem[], format: FormatName | null): ChunkResult;
}

export function inProcessParser(pseudonymiser: Pseudonymiser, platform: string): ChunkParser {
  const ctx = { pseudonym: (p: string, v: string) => pseudonymiser.pseudonym(p, v), platform };
  return { parse: (items, format) => parseChunk(items, format, ctx) };
}
