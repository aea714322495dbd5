import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'hono';
import { InputError } from '../../core/errors';
import type { Env, Routes } from './define';
import { limitBody } from './input';

export interface UploadLimit {
  /** Largest upload, in bytes: 413 beyond it, counted as the body arrives (with or without Content-Length). */
  readonly maxBytes: number;
  /** What to do with a larger file, e.g. "import such a file with `hustings field addresses import`". */
  readonly instead: string;
}

/** Cuts uploads to `path` off at the limit while they arrive, before any of them is buffered. */
export function limitUploads(routes: Routes, path: string, limit: UploadLimit): void {
  limitBody(routes.app, path, limit.maxBytes, `upload: larger than ${limit.maxBytes / 1024 / 1024} MB; ${limit.instead}`);
}

export interface Upload {
  /** The file, in a private temporary folder the caller removes (`dir`). */
  readonly file: string;
  readonly dir: string;
  /** The multipart form's other fields, over the query's. */
  readonly fields: Record<string, string>;
}

/**
 * A request's upload — multipart field `file`, or the raw body — written to a private temporary
 * folder under a fixed or cleaned name (never a path the client chose).
 */
export async function readUpload(c: Context<Env>, defaultName: string, empty: string): Promise<Upload> {
  const fields: Record<string, string> = { ...c.req.query() };
  let name = defaultName;
  let data: Uint8Array;
  if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    let form: Record<string, string | File>;
    try {
      form = (await c.req.parseBody()) as Record<string, string | File>;
    } catch {
      throw new InputError('upload: expected a multipart/form-data body with a file in the field "file"; the body could not be read as a form');
    }
    const f = form['file'];
    if (!(f instanceof File)) throw new InputError('upload: expected a file in the form field "file"');
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') fields[k] = v;
    name = f.name || name;
    data = new Uint8Array(await f.arrayBuffer());
  } else data = new Uint8Array(await c.req.arrayBuffer());
  if (data.length === 0) throw new InputError(`upload: the file is empty; ${empty}`);
  const dir = await mkdtemp(join(tmpdir(), 'hustings-upload-'));
  const file = join(dir, name.replace(/[^\w.-]/g, '_').slice(-100) || defaultName);
  await writeFile(file, data);
  return { file, dir, fields };
}

/**
 * Runs `use` on the upload, then removes it. An input error names the uploaded file as the client
 * named it, never by its temporary path on the server.
 */
export async function usingUpload<T>(u: Upload, use: (u: Upload) => Promise<T>): Promise<T> {
  try {
    return await use(u);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message.split(`${u.dir}/`).join(''));
    throw error;
  } finally {
    await rm(u.dir, { recursive: true, force: true });
  }
}
