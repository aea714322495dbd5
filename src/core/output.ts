import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from './errors';

/**
 * A file the command is about to write, checked before any work: its folder must exist and the
 * path must not be a folder. Returns the absolute path, so that a record of the file (an export
 * that erasure must find again) does not depend on the folder the command ran in. `inputs`: the
 * files the command reads; the output may be none of them (opening it for writing would empty it
 * before it is read).
 */
export function outputFile(path: string, option: string, inputs: readonly string[] = []): string {
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
  const same = inputs.find((input) => input !== '-' && sameFile(absolute, input));
  if (same !== undefined) throw new UsageError(`${option} ${path}: expected another file than the input ${same} (writing it would empty it before it is read)`);
  return absolute;
}

/** Whether two paths name one file (links and relative paths included); false when either is missing. */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** A write stream on a checked output file, open (so that a refused open is an input error, not a crash). */
export async function openOutput(path: string, option: string, inputs: readonly string[] = []): Promise<WriteStream> {
  const stream = createWriteStream(outputFile(path, option, inputs));
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new InputError(`${option} ${path}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return stream;
}
