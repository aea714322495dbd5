import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CSV_EOL, CSV_HEADER, csvLine } from './csv';
import { syntheticContacts } from './generator';
import type { RowTruth, SyntheticOptions, TruthKind, TruthSummary } from './types';

export interface WriteOptions extends SyntheticOptions {
  /** Also write the truth here: one JSON object per row ({ row, person, kind, field? }). */
  readonly truthPath?: string;
}

/** Rows written so far, of `total`; called every 50,000 rows and at the end. */
export type OnProgress = (done: number, total: number) => void;

const CHUNK = 1 << 18;
const PROGRESS_EVERY = 50_000;

interface Sink {
  /** Buffers the text; true when the buffer is nearly full and `flush` should be awaited. */
  push(text: string): boolean;
  /** Hands the buffer to the stream, waiting for 'drain' when the stream's own buffer is full. */
  flush(): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

/**
 * A file written in chunks of 256 KiB. Lines are encoded straight into a Buffer: handing the stream
 * one long string built by `+=` costs more (flattening and encoding the rope) than making the rows.
 */
function openSink(path: string): Sink {
  const stream = createWriteStream(path);
  let buffer = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let failure: Error | null = null;
  stream.on('error', (e) => (failure = e));
  const handOver = (): void => {
    if (used === 0) return;
    stream.write(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(CHUNK);
    used = 0;
  };
  return {
    push(text) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8; a line too long for the buffer goes on its own.
      if (text.length * 3 > CHUNK - used) {
        handOver();
        if (text.length * 3 > CHUNK) {
          stream.write(text);
          return true;
        }
      }
      used += buffer.write(text, used);
      return CHUNK - used < 4096;
    },
    async flush() {
      if (failure) throw failure;
      handOver();
      if (stream.writableNeedDrain) await once(stream, 'drain');
    },
    async close() {
      if (failure) throw failure;
      handOver();
      stream.end();
      await finished(stream);
    },
    destroy: () => stream.destroy(),
  };
}

/** The truth as one JSON line; by hand, as JSON.stringify costs more than the CSV line itself. */
export function truthLine(t: RowTruth): string {
  const field = t.field === undefined ? '' : `,"field":"${t.field}"`;
  return `{"row":${t.row},"person":${t.person},"kind":"${t.kind}"${field}}\n`;
}

/**
 * Streams `options.rows` synthetic contacts to a CSV file (UTF-8, RFC 4180 with CRLF) and, if asked,
 * the truth to a JSON-lines sidecar, in bounded memory; returns how many rows of each kind it wrote.
 */
export async function writeSyntheticCsv(path: string, options: WriteOptions, onProgress?: OnProgress): Promise<TruthSummary> {
  const kinds: Record<TruthKind, number> = { new: 0, exact: 0, fuzzy: 0, bad: 0 };
  const csv = openSink(path);
  const truth = options.truthPath === undefined ? null : openSink(options.truthPath);
  let rows = 0;
  try {
    csv.push(CSV_HEADER + CSV_EOL);
    for (const contact of syntheticContacts(options)) {
      if (csv.push(csvLine(contact) + CSV_EOL)) await csv.flush();
      if (truth?.push(truthLine(contact.truth))) await truth.flush();
      kinds[contact.truth.kind]++;
      if (++rows % PROGRESS_EVERY === 0) onProgress?.(rows, options.rows);
    }
    await Promise.all([csv.close(), truth?.close()]);
  } catch (e) {
    csv.destroy();
    truth?.destroy();
    throw e;
  }
  if (rows % PROGRESS_EVERY !== 0) onProgress?.(rows, options.rows);
  return { rows, persons: kinds.new + kinds.bad, kinds };
}
