// A model file's weights, kept once read as the arrays they become, so that the next process
// reads them in a few milliseconds instead of parsing the JSON again. The built-in model's
// JSON (3.2 MB, 200,000 pairs) took 250–350 ms and as much garbage to parse and check, on every
// command that classifies and at every worker's start. The JSON stays what is trained, shipped
// and checked; this copy is a cache, kept next to the command line's bundles, keyed by the
// file's path, size and time, and never trusted otherwise: a copy that is not there, cannot be
// written, or does not read back whole is passed by.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUCKETS } from './features';
import type { StanceModel } from './model';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MODEL_CACHE = join(ROOT, 'node_modules', '.cache', 'hustings', 'models');
const LAYOUT = 'hustings-model-cache/1';
/** Copies kept (2–4 MB each): the models read last, and any written in the last ten minutes (another process may be about to read it). */
const KEEP = 8;
const KEEP_NEW_MS = 10 * 60_000;

/** The model file a copy is of: its absolute path, size and modification time. */
export interface ModelStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface Header {
  readonly layout: string;
  readonly stamp: ModelStamp;
  readonly buckets: number;
  readonly model: Omit<StanceModel, 'weights' | 'neutral' | 'languages'> & {
    readonly neutral: { readonly bias: number; readonly masked: string[] } | null;
    readonly languages: string[] | null;
  };
}

function cacheFile(stamp: ModelStamp): string {
  return join(MODEL_CACHE, `${createHash('sha256').update(stamp.path).digest('hex').slice(0, 16)}.bin`);
}

/** The model as last read from the file of `stamp`; null when no whole copy of that very file is kept. */
export function readCachedModel(stamp: ModelStamp): StanceModel | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile(stamp));
  } catch {
    return null;
  }
  try {
    const headerBytes = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerBytes)) as Header;
    const s = header.stamp;
    if (header.layout !== LAYOUT || header.buckets !== BUCKETS || s.path !== stamp.path || s.size !== stamp.size || s.mtimeMs !== stamp.mtimeMs) return null;
    const arrays = header.model.neutral ? 2 : 1;
    const start = align(4 + headerBytes);
    if (bytes.length !== start + arrays * BUCKETS * 8) return null;
    // A copy: the read buffer's offset need not suit a Float64Array.
    const weights = (i: number): Float64Array => new Float64Array(bytes.buffer.slice(bytes.byteOffset + start + i * BUCKETS * 8, bytes.byteOffset + start + (i + 1) * BUCKETS * 8));
    const m = header.model;
    return { ...m, weights: weights(0), neutral: m.neutral ? { bias: m.neutral.bias, masked: new Set(m.neutral.masked), weights: weights(1) } : null, languages: m.languages ? new Set(m.languages) : null };
  } catch {
    return null;
  }
}

/** Keeps the model read from the file of `stamp`, for the next process; nothing when the cache cannot be written. */
export function cacheModel(stamp: ModelStamp, model: StanceModel): void {
  const n = model.neutral;
  const header: Header = {
    layout: LAYOUT,
    stamp,
    buckets: BUCKETS,
    model: { question: model.question, sides: model.sides, bias: model.bias, neutral: n ? { bias: n.bias, masked: [...n.masked] } : null, languages: model.languages ? [...model.languages] : null },
  };
  const text = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align(4 + text.length);
  const out = Buffer.alloc(start + (n ? 2 : 1) * BUCKETS * 8);
  out.writeUInt32LE(text.length, 0);
  text.copy(out, 4);
  Buffer.from(model.weights.buffer, model.weights.byteOffset, BUCKETS * 8).copy(out, start);
  if (n) Buffer.from(n.weights.buffer, n.weights.byteOffset, BUCKETS * 8).copy(out, start + BUCKETS * 8);
  const file = cacheFile(stamp);
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(MODEL_CACHE, { recursive: true });
    writeFileSync(partial, out);
    renameSync(partial, file);
    keepLatest();
  } catch {
    // A read-only install or a full disk: the next process parses the JSON, as this one did.
    rmSync(partial, { force: true });
  }
}

/** Removes all but the `KEEP` copies written last, or in the last ten minutes (models trained into temporary folders would pile up). */
function keepLatest(): void {
  const old = Date.now() - KEEP_NEW_MS;
  const copies = readdirSync(MODEL_CACHE).map((name) => {
    const path = join(MODEL_CACHE, name);
    return { path, at: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
  });
  if (copies.length <= KEEP) return;
  for (const c of copies.sort((a, b) => b.at - a.at).slice(KEEP)) if (c.at < old) rmSync(c.path, { force: true });
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
