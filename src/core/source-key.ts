import { createHash } from 'node:crypto';
import { open, realpath, stat } from 'node:fs/promises';
import { openInput } from './input';

/**
 * Identifies one version of an input file: its real path, size, modification time and first
 * 64 KiB. A resumed ingest continues only from a checkpoint of the very same file.
 * Standard input has no key: it cannot be resumed.
 */
export async function sourceKey(path: string): Promise<string | null> {
  if (path === '-') return null;
  const real = await realpath(path);
  const info = await stat(real);
  const handle = await open(real, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65536), 0, 65536, 0);
    return createHash('sha256')
      .update(`${real}\u0000${info.size}\u0000${info.mtimeMs}\u0000`)
      .update(buffer.subarray(0, bytesRead))
      .digest('hex');
  } finally {
    await handle.close();
  }
}

const EDGE = 65536;

/**
 * Identifies a file's content wherever it lies and whenever it was touched, and whether it is
 * gzipped or not: the size, first and last 64 KiB of its content, decompressed. A copy, a
 * download of the same export again, a `touch`, a gzipped copy or the gzipped file unzipped keep
 * the key; an edit almost always changes the size or one of the ends. A plain file's ends are
 * read where they lie; a gzip file's content is streamed through once (memory stays flat).
 * Standard input has no key.
 */
export async function contentKey(path: string): Promise<string | null> {
  if (path === '-') return null;
  const input = await openInput(path);
  return input.gzip ? streamedKey(input.chunks()) : rawContentKey(path);
}

/** The key of a file's bytes as they lie on disk: its content's, unless it is gzipped (how gzip files were known before). */
export async function rawContentKey(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256').update(`${size}\u0000`);
    const read = async (at: number): Promise<void> => {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(EDGE), 0, EDGE, at);
      hash.update(buffer.subarray(0, bytesRead));
    };
    await read(0);
    if (size > EDGE) await read(Math.max(EDGE, size - EDGE));
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** `rawContentKey` of the bytes `chunks` would make as a file: its first 64 KiB kept, and a window over its last. */
async function streamedKey(chunks: AsyncIterable<Buffer>): Promise<string> {
  let size = 0;
  let first = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (first.length < EDGE) first = Buffer.concat([first, chunk.subarray(0, EDGE - first.length)]);
    tail = chunk.length >= EDGE ? Buffer.from(chunk.subarray(chunk.length - EDGE)) : Buffer.concat([tail, chunk]).subarray(-EDGE);
    size += chunk.length;
  }
  const hash = createHash('sha256').update(`${size}\u0000`).update(first);
  // As read from a file: the last 64 KiB, but never again bytes of the first 64 KiB.
  if (size > EDGE) hash.update(tail.subarray(tail.length - (size - Math.max(EDGE, size - EDGE))));
  return hash.digest('hex');
}
