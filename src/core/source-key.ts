import { createHash } from 'node:crypto';
import { open, realpath, stat } from 'node:fs/promises';

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
 * Identifies a file's content wherever it lies and whenever it was touched: its size, first and
 * last 64 KiB. A copy, a download of the same export again or a `touch` keep the key; an edit
 * almost always changes the size or one of the ends. Standard input has no key.
 */
export async function contentKey(path: string): Promise<string | null> {
  if (path === '-') return null;
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
