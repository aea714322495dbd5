// Bundles of the TypeScript sources, for the command line and its worker threads. Plain
// JavaScript: the launcher (bin/hustings.mjs) uses it before any TypeScript loader is there.
//
// Started on TypeScript, each thread needs the TypeScript loader, which runs every import
// through a hooks thread of its own. Measured on 2 cores: two listening workers took 1.6–2.0 s
// to be ready and ~50 MB more memory, against 0.8–0.9 s started from one bundle of the same
// modules. A bundle is built with esbuild on first use, kept under
// node_modules/.cache/hustings/bundles (where its packages resolve), and built again as soon as
// one of its source files changes (size or time). Anything in the way (no esbuild, a read-only
// install, a failed build) falls back to the TypeScript loader: slower to start, same code.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_CACHE = join(ROOT, 'node_modules', '.cache', 'hustings', 'bundles');
/** Bumped when what goes into a bundle changes (2: kysely built in), so that earlier bundles are built again. */
const LAYOUT = 2;
/** An earlier bundle is removed once no process can still be about to start it. */
const KEEP_OLD_MS = 10 * 60_000;

/** False when `HUSTINGS_BUNDLE=0`: everything runs on the TypeScript sources (source line numbers in stack traces). */
function bundlesWanted() {
  return process.env.HUSTINGS_BUNDLE !== '0';
}

/** A fresh bundle of `entry` (a .ts file's URL), built if need be; null when none can be had. */
export async function bundled(entry) {
  if (!bundlesWanted()) return null;
  try {
    return pathToFileURL(await bundleOf(fileURLToPath(entry)));
  } catch {
    return null;
  }
}

/**
 * Where to start a worker whose code is `entry` (a .ts file): a fresh bundle of it, or `shim`
 * (the .mjs that registers the TypeScript loader and imports `entry`) when no bundle can be had.
 */
export async function workerUrl(entry, shim) {
  return (await bundled(entry)) ?? shim;
}

async function bundleOf(entry) {
  // Named by the absolute path: two checkouts sharing one node_modules keep a bundle each.
  const name = createHash('sha256').update(entry).digest('hex').slice(0, 12);
  const manifestPath = join(BUNDLE_CACHE, `${name}.json`);
  const manifest = await readManifest(manifestPath);
  if (manifest && (await fresh(manifest))) return join(BUNDLE_CACHE, manifest.bundle);
  return build(entry, name, manifestPath);
}

async function readManifest(path) {
  try {
    const m = JSON.parse(await readFile(path, 'utf8'));
    return m.layout === LAYOUT && Array.isArray(m.inputs) && typeof m.bundle === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** True when the bundle is there and every source file has the size and time it was read with. */
async function fresh(m) {
  try {
    await stat(join(BUNDLE_CACHE, m.bundle));
    const stamps = await Promise.all(m.inputs.map(([path]) => stat(join(ROOT, path))));
    return stamps.every((s, i) => s.size === m.inputs[i][1] && s.mtimeMs === m.inputs[i][2]);
  } catch {
    return false;
  }
}

/** Each source file keeps the `import.meta` of where it lies (data files next to it), not the bundle's. */
function withOwnImportMeta(text, path) {
  const meta = { url: pathToFileURL(path).href, dirname: dirname(path), filename: path };
  return text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, k) => JSON.stringify(meta[k]));
}

const LOADERS = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', jsx: 'jsx', json: 'json' };

/** esbuild's loader for a source file: by its extension, JavaScript when none other applies. */
function loaderOf(path) {
  return LOADERS[path.slice(path.lastIndexOf('.') + 1)] ?? 'js';
}

/**
 * Packages built into the bundle rather than loaded from node_modules when it starts: plain
 * JavaScript in many small modules, each resolved and loaded on its own otherwise. Kysely is 280
 * modules, about 0.9 s of every start of the CLI. (Packages with native parts, WebAssembly or data
 * files of their own stay outside, where they find them.)
 */
const BUNDLED_PACKAGES = new Set(['kysely']);

/** `kysely` of `kysely/helpers/postgres`, `@hono/node-server` of `@hono/node-server/conninfo`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

async function build(entry, name, manifestPath) {
  const esbuild = await import('esbuild');
  /** Path from the root, size and time of each source file, taken before it was read: one changed meanwhile makes the bundle stale, never wrongly fresh. */
  const stamps = new Map();
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    // The packages built in are found in this install wherever a source lies.
    nodePaths: [join(ROOT, 'node_modules')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    keepNames: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'packages',
        setup(b) {
          // Bare specifiers are packages (or node: builtins): loaded from node_modules at run time, but for BUNDLED_PACKAGES.
          b.onResolve({ filter: /^[^./]/ }, ({ path }) => (BUNDLED_PACKAGES.has(packageName(path)) ? undefined : { external: true }));
        },
      },
      {
        name: 'own-import-meta',
        setup(b) {
          b.onLoad({ filter: /\.([cm]?[jt]sx?|json)$/ }, async ({ path }) => {
            const s = await stat(path);
            stamps.set(path, [relative(ROOT, path), s.size, s.mtimeMs]);
            const loader = loaderOf(path);
            const text = await readFile(path, 'utf8');
            return { contents: loader === 'json' ? text : withOwnImportMeta(text, path), loader };
          });
        },
      },
    ],
  });
  // A file read without a stamp could change unseen and leave the bundle stale: no bundle then.
  const unstamped = Object.keys(result.metafile.inputs).filter((p) => !stamps.has(join(ROOT, p)));
  if (unstamped.length > 0) throw new Error(`cannot track ${unstamped.join(', ')} for changes`);
  const code = result.outputFiles[0].contents;
  const bundle = `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  await mkdir(BUNDLE_CACHE, { recursive: true });
  await replace(join(BUNDLE_CACHE, bundle), code);
  await replace(manifestPath, JSON.stringify({ layout: LAYOUT, bundle, inputs: [...stamps.values()] }));
  await dropOld(name, bundle);
  return join(BUNDLE_CACHE, bundle);
}

/** Written beside, then renamed over: a process starting meanwhile reads the old file or the new, whole. */
async function replace(path, contents) {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/** Removes the earlier bundles of the same entry, once they are a few minutes old. */
async function dropOld(name, keep) {
  for (const f of await readdir(BUNDLE_CACHE)) {
    if (!f.startsWith(`${name}-`) || !f.endsWith('.mjs') || f === keep) continue;
    const path = join(BUNDLE_CACHE, f);
    if (Date.now() - (await stat(path)).mtimeMs > KEEP_OLD_MS) await rm(path, { force: true });
  }
}
