import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './errors';

/**
 * A file the command is about to write, checked before any work: its folder must exist and the
 * path must not be a folder. Returns the absolute path, so that a record of the file (an export
 * that erasure must find again) does not depend on the folder the command ran in.
 */
export function outputFile(path: string, option: string): string {
  const absolute = resolve(path);
  const folder = dirname(absolute);
  const kind = (p: string): 'file' | 'folder' | 'other' | null => {
    try {
      const s = statSync(p);
      return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other';
    } catch {
      return null;
    }
  };
  if (kind(folder) !== 'folder') throw new InputError(`${option} ${path}: expected a file in an existing folder, found no folder ${folder}`);
  if (kind(absolute) === 'folder') throw new InputError(`${option} ${path}: expected a file, found a folder`);
  return absolute;
}

/** A write stream on a checked output file, open (so that a refused open is an input error, not a crash). */
export async function openOutput(path: string, option: string): Promise<WriteStream> {
  const stream = createWriteStream(outputFile(path, option));
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new InputError(`${option} ${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return stream;
}
