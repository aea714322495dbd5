import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { InputError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import type { BadItem } from './ingest';
import type { RawItem } from './read-items';
import { readItems } from './read-items';
import { tallyChunk } from './tally';
import { autoThreads, StageRunner } from './stage/runner';
import type { StageResult, StageSetup } from './stage/stage';

export interface ClassifySummary {
  read: number;
  classified: number;
  bad: number;
  skipped: number;
  badShown: BadItem[];
  failedFiles: number;
  elapsedMs: number;
  threads: number;
}

export interface ClassifyOptions {
  readonly maxBadShown: number;
  /** Worker threads that parse and classify; 0: in-process; null or absent: `autoThreads` for the input's size. */
  readonly threads?: number | null | undefined;
  /** Where the stage's JSON lines go (output `json`). */
  readonly out?: Writable | null | undefined;
  /** Called with each chunk's result, in input order (posts, or rollup cells for a report). */
  readonly each?: ((r: StageResult) => void) | undefined;
  readonly onProgress?: ((file: string, bytesRead: number, size: number | null, classified: number) => void) | undefined;
}

const CHUNK_ITEMS = 2000;

/** The size of the files to read (standard input counts as empty: its size is not known). */
async function inputBytes(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const p of paths) if (p !== '-') total += (await stat(p)).size;
  return total;
}

async function writeOut(out: Writable, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength > 0 && !out.write(bytes)) await once(out, 'drain');
}

/**
 * Reads posts as ingest does (same formats, same pseudonymisation, same handling of bad lines)
 * and runs the classifying stage on them in chunks, in-process or on worker threads
 * (`threads`); results come back in input order. Streaming: memory stays flat whatever the input size.
 */
export async function classifyFiles(paths: readonly string[], setup: StageSetup, options: ClassifyOptions): Promise<ClassifySummary> {
  const started = Date.now();
  for (const p of paths) await checkReadable(p);
  const threads = options.threads ?? autoThreads(await inputBytes(paths));
  const s: ClassifySummary = { read: 0, classified: 0, bad: 0, skipped: 0, badShown: [], failedFiles: 0, elapsedMs: 0, threads };
  const runner = await StageRunner.open<string>(setup, threads, async (r, name) => {
    tallyChunk(s, s.badShown, options.maxBadShown, name, r);
    s.classified += r.count;
    options.each?.(r);
    if (options.out) await writeOut(options.out, r.json);
  });
  try {
    for (const path of paths) await classifyFile(path, setup.format, runner, s, options);
  } finally {
    await runner.close();
  }
  s.elapsedMs = Date.now() - started;
  return s;
}

async function classifyFile(path: string, format: StageSetup['format'], runner: StageRunner<string>, s: ClassifySummary, options: ClassifyOptions): Promise<void> {
  const name = path === '-' ? 'stdin' : path;
  try {
    const input = await openInput(path);
    // Lines go undecoded to the stage, which decodes them where it runs (on a worker thread, if any).
    const { items } = await readItems(input, { format, blocks: true });
    let chunk: RawItem[] = [];
    let lines = 0;
    for await (const batch of items) {
      for (const item of batch) {
        chunk.push(item);
        lines += item.kind === 'block' ? item.lines : 1;
        if (lines < CHUNK_ITEMS) continue;
        await runner.submit(chunk, name);
        chunk = [];
        lines = 0;
      }
      options.onProgress?.(name, input.bytesRead(), input.size, s.classified);
    }
    if (chunk.length > 0) await runner.submit(chunk, name);
    await runner.drain();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Keep what was read before the input broke.
    await runner.drain();
    s.failedFiles++;
    s.badShown.push({ file: name, line: 0, error: e.message });
  }
}
