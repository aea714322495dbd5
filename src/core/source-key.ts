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
