import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Worker threads started from bundles. A worker started on a TypeScript entry needs the
 * TypeScript loader, which runs each of the worker's ~50 imports through a hooks thread of its
 * own: measured on 2 cores, two listening workers took 1.6–2.0 s to be ready, and ~50 MB more
 * memory, against 0.8–0.9 s started from one bundle of the same modules. The bundle is built
 * with esbuild on first use and kept under node_modules/.cache/hustings/workers (where its
 * packages resolve), and built again as soon as one of its source files changes (size or time).
 * Anything in the way (no esbuild, a read-only install, a failed build) falls back to the
 * TypeScript entry's loader shim: slower to start, same code.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORKER_CACHE = join(ROOT, 'node_modules', '.cache', 'hustings', 'workers');

/** A source file of a bundle as it was read: path from the project root, size, modification time. */
type Stamp = readonly [path: string, size: number, mtimeMs: number];

interface Manifest {
  readonly layout: 1;
  readonly bundle: string;
  readonly inputs: readonly Stamp[];
}

/** `HUSTINGS_WORKER_BUNDLE=0` starts workers on their TypeScript entries (to debug with source lines). */
function bundlesWanted(): boolean {
  return process.env.HUSTINGS_WORKER_BUNDLE !== '0';
}

/**
 * Where to start a worker whose code is `entry` (a .ts file): a fresh bundle of it, or `shim`
 * (the .mjs that registers the TypeScript loader and imports `entry`) when no bundle can be had.
 */
export async function workerUrl(entry: URL, shim: URL): Promise<URL> {
  if (!bundlesWanted()) return shim;
  try {
    return pathToFileURL(await bundleOf(fileURLToPath(entry)));
  } catch {
    return shim;
  }
}

async function bundleOf(entry: string): Promise<string> {
  const name = createHash('sha256').update(relative(ROOT, entry)).digest('hex').slice(0, 12);
  const manifestPath = join(WORKER_CACHE, `${name}.json`);
  const manifest = await readManifest(manifestPath);
  if (manifest && (await fresh(manifest))) return join(WORKER_CACHE, manifest.bundle);
  return build(entry, name, manifestPath);
}

async function readManifest(path: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    return m.layout === 1 && Array.isArray(m.inputs) && typeof m.bundle === 'string' ? m : null;
  } catch {
    return null;
  }
}

async function fresh(m: Manifest): Promise<boolean> {
  try {
    await stat(join(WORKER_CACHE, m.bundle));
    for (const [path, size, mtimeMs] of m.inputs) {
      const s = await stat(join(ROOT, path));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Each source file keeps the `import.meta` of where it lies (data files next to it, packages
 * found from it), not that of the bundle.
 */
function importMetaOf(path: string): Record<string, string> {
  return { url: pathToFileURL(path).href, dirname: dirname(path), filename: path };
}

async function build(entry: string, name: string, manifestPath: string): Promise<string> {
  const esbuild = await import('esbuild');
  const stamps = new Map<string, Stamp>();
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'import-meta-of-source',
        setup(b) {
          b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, async ({ path }) => {
            // Stamped before it is read: a file changed meanwhile makes the bundle stale, never wrongly fresh.
            const s = await stat(path);
            stamps.set(path, [relative(ROOT, path), s.size, s.mtimeMs]);
            const meta = importMetaOf(path);
            const contents = (await readFile(path, 'utf8')).replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k: string) => JSON.stringify(meta[k]));
            return { contents, loader: path.endsWith('ts') ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0]!.contents;
  const bundle = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  await mkdir(WORKER_CACHE, { recursive: true });
  await replace(join(WORKER_CACHE, bundle), code);
  const manifest: Manifest = { layout: 1, bundle, inputs: [...stamps.values()] };
  await replace(manifestPath, JSON.stringify(manifest));
  await dropOld(name, bundle);
  return join(WORKER_CACHE, bundle);
}

/** Written beside, then renamed over: a process starting the worker meanwhile reads the old file or the new, whole. */
async function replace(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/** An earlier bundle is removed once no process can still be about to start it. */
const KEEP_OLD_MS = 10 * 60_000;

/** Removes the earlier bundles of the same entry, once they are a few minutes old. */
async function dropOld(name: string, keep: string): Promise<void> {
  for (const f of await readdir(WORKER_CACHE)) {
    if (!f.startsWith(`${name}-`) || !f.endsWith('.mjs') || f === keep) continue;
    const path = join(WORKER_CACHE, f);
    if (Date.now() - (await stat(path)).mtimeMs > KEEP_OLD_MS) await rm(path, { force: true });
  }
}
