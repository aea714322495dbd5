import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { startsLikeGzip } from './container';
import { InputError } from './errors';
import { withoutBomText } from './utf8';

/** An input opened for streaming: its decompressed bytes, and how far into the file we are. */
export interface OpenedInput {
  readonly path: string;
  /** Size on disk (compressed size for gzip), or null for standard input. */
  readonly size: number | null;
  readonly gzip: boolean;
  /** Bytes read from disk so far: drives the progress bar. */
  bytesRead(): number;
  /** Decompressed content; errors are InputErrors naming the file. */
  chunks(): AsyncIterable<Buffer>;
}

const CHUNK = 1 << 20;

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error).message;
}

/** Checks that a path can be read at all, before any work starts: a one-line error if not. */
export async function checkReadable(path: string): Promise<number | null> {
  if (path === '-') return null;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const handle = await open(path, 'r');
    await handle.close();
    return info.size;
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`, path);
  }
}

/** A whole JSON file (a mapping, a matrix, a definition): a missing file or bad JSON is an input error naming it. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  await checkReadable(path);
  // A UTF-8 byte-order mark (as Windows tools write one, Notepad among them) is not JSON: left out.
  const text = withoutBomText(await readFile(path, 'utf8'));
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the file's text in some messages: the reason only, and the line when a position is given.
    const message = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    const at = /position (\d+)/.exec(message);
    const end = /end of JSON input/.test(message) ? text.length : null;
    const line = at || end !== null ? text.slice(0, at ? Number(at[1]) : (end ?? 0)).split('\n').length : null;
    throw new InputError(`${path}${line ? `:${line}` : ''}: expected ${what} as JSON (${message})`, path);
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return startsLikeGzip(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Opens a file (or "-" for standard input), gunzipping transparently when it starts like gzip. */
export async function openInput(path: string): Promise<OpenedInput> {
  const size = await checkReadable(path);
  let read = 0;
  if (path === '-') {
    return { path: 'stdin', size, gzip: false, bytesRead: () => read, chunks: () => sniffGzipStream(process.stdin, path, (n) => (read += n)) };
  }
  const gzip = await startsWithGzipMagic(path);
  const chunks = (): AsyncIterable<Buffer> => {
    const file = createReadStream(path, { highWaterMark: CHUNK });
    file.on('data', (c) => (read += (c as Buffer).length));
    return withInputErrors(gzip ? file.pipe(createGunzip({ chunkSize: CHUNK })).on('close', () => file.destroy()) : file, path, () => file.destroy());
  };
  return { path, size, gzip, bytesRead: () => read, chunks };
}

async function* sniffGzipStream(stream: Readable, path: string, count: (n: number) => void): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  count(first.value.length);
  async function* rest(): AsyncGenerator<Buffer> {
    yield first.value;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) {
      count(n.value.length);
      yield n.value;
    }
  }
  yield* withInputErrors(startsLikeGzip(first.value) ? Readable.from(rest()).pipe(createGunzip()) : rest(), path, () => undefined);
}

async function* withInputErrors(source: AsyncIterable<Buffer>, path: string, cleanup: () => void): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const what = code.startsWith('Z_') ? `gzip data is corrupt or truncated (${(error as Error).message})` : reason(error);
    throw new InputError(`${path}: ${what}`, path);
  } finally {
    cleanup();
  }
}
