import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InputError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import type { Classification } from './classify';
import type { BadItem } from './ingest';
import { parseChunk } from './parse-chunk';
import type { Post } from './post';
import type { FormatContext, FormatName } from './formats';
import type { RawItem } from './read-items';
import { readItems } from './read-items';

export interface ClassifySummary {
  read: number;
  classified: number;
  bad: number;
  skipped: number;
  badShown: BadItem[];
  failedFiles: number;
  elapsedMs: number;
}

export interface ClassifyOptions {
  readonly format: FormatName | null;
  readonly ctx: FormatContext;
  readonly maxBadShown: number;
  /** Called with each post and its classification (for reports built while reading). */
  readonly each?: ((post: Post, c: Classification) => void) | undefined;
  readonly onProgress?: ((file: string, bytesRead: number, size: number | null, classified: number) => void) | undefined;
}

const CHUNK_ITEMS = 2000;

async function writeOut(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Reads posts as ingest does (same formats, same pseudonymisation, same handling of bad lines)
 * and writes one classification per post as a JSON line, streaming.
 */
export async function classifyFiles(paths: readonly string[], classify: (p: Post) => Classification, out: Writable | null, options: ClassifyOptions): Promise<ClassifySummary> {
  const started = Date.now();
  for (const p of paths) await checkReadable(p);
  const s: ClassifySummary = { read: 0, classified: 0, bad: 0, skipped: 0, badShown: [], failedFiles: 0, elapsedMs: 0 };
  for (const path of paths) {
    const name = path === '-' ? 'stdin' : path;
    try {
      const input = await openInput(path);
      const { items } = await readItems(input, { format: options.format });
      let chunk: RawItem[] = [];
      const flush = async (): Promise<void> => {
        const r = parseChunk(chunk, options.format, options.ctx);
        chunk = [];
        s.read += r.read;
        s.skipped += r.skipped;
        s.bad += r.rejects.length;
        for (const x of r.rejects) if (s.badShown.length < options.maxBadShown) s.badShown.push({ file: name, line: x.line, error: x.error });
        let text = '';
        for (const post of r.posts) {
          const c = classify(post);
          options.each?.(post, c);
          if (out) text += `${JSON.stringify(c)}\n`;
        }
        s.classified += r.posts.length;
        if (out) await writeOut(out, text);
        options.onProgress?.(name, input.bytesRead(), input.size, s.classified);
      };
      for await (const batch of items) {
        for (const item of batch) {
          chunk.push(item);
          if (chunk.length >= CHUNK_ITEMS) await flush();
        }
      }
      await flush();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      s.failedFiles++;
      s.badShown.push({ file: name, line: 0, error: e.message });
    }
  }
  s.elapsedMs = Date.now() - started;
  return s;
}
