import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_CACHE, workerUrl } from './bundle.mjs';

const dir = mkdtempSync(join(tmpdir(), 'hustings-bundle-'));
const file = (name: string, text: string): URL => {
  writeFileSync(join(dir, name), text);
  return pathToFileURL(join(dir, name));
};
const shim = file('shim.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ from: 'shim' });\n");
file('data.txt', 'beside the source');
const word = (w: string) => file('word.ts', `export const word: string = ${JSON.stringify(w)};\n`);
const conf = (c: string) => file('conf.json', JSON.stringify({ conf: c, note: 'import.meta.url stays text here' }));
const entry = file(
  'entry.ts',
  [
    "import { readFileSync } from 'node:fs';",
    "import { parentPort } from 'node:worker_threads';",
    "import { word } from './word';",
    "import settings from './conf.json';",
    "const data = readFileSync(new URL('./data.txt', import.meta.url), 'utf8');",
    "parentPort!.postMessage({ from: import.meta.url.endsWith('/entry.ts') ? 'entry.ts' : import.meta.url, word, data, ...settings });",
  ].join('\n'),
);

async function run(url: URL): Promise<Record<string, string>> {
  const w = new Worker(url);
  try {
    return await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

afterEach(() => {
  delete process.env.HUSTINGS_BUNDLE;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('workerUrl', () => {
  it('bundles a TypeScript entry once, keeps each file its own import.meta, and rebuilds when a source changes', async () => {
    word('first');
    conf('one');
    const url = await workerUrl(entry, shim);
    expect(url.pathname.startsWith(BUNDLE_CACHE)).toBe(true);
    expect(await run(url)).toEqual({ from: 'entry.ts', word: 'first', data: 'beside the source', conf: 'one', note: 'import.meta.url stays text here' });
    expect((await workerUrl(entry, shim)).href).toBe(url.href);

    word('second, longer');
    const again = await workerUrl(entry, shim);
    expect(again.href).not.toBe(url.href);
    expect(await run(again)).toMatchObject({ word: 'second, longer' });

    conf('two, changed');
    const third = await workerUrl(entry, shim);
    expect(third.href).not.toBe(again.href);
    expect(await run(third)).toMatchObject({ word: 'second, longer', conf: 'two, changed' });
    const bundles = readdirSync(BUNDLE_CACHE).filter((f) => f.startsWith(third.pathname.split('/').pop()!.split('-')[0]!));
    for (const f of bundles) rmSync(join(BUNDLE_CACHE, f));
  });

  it('builds kysely in (many small modules, slow to load one by one) and leaves other packages to node_modules', async () => {
    const withPackages = file(
      'packages.ts',
      ["import { parentPort } from 'node:worker_threads';", "import { Command } from 'commander';", "import { sql } from 'kysely';", "parentPort!.postMessage({ sql: typeof sql, command: typeof Command });"].join('\n'),
    );
    const url = await workerUrl(withPackages, shim);
    expect(url.pathname.startsWith(BUNDLE_CACHE)).toBe(true);
    expect(await run(url)).toEqual({ sql: 'function', command: 'function' });
    const code = readFileSync(url, 'utf8');
    expect(code).toMatch(/from "commander"/);
    expect(code).not.toMatch(/from "kysely/);
    const name = url.pathname.split('/').pop()!.split('-')[0]!;
    const inputs = (JSON.parse(readFileSync(join(BUNDLE_CACHE, `${name}.json`), 'utf8')) as { inputs: [string][] }).inputs.map(([p]) => p);
    expect(inputs.some((p) => p.startsWith('node_modules/kysely/'))).toBe(true);
    for (const f of readdirSync(BUNDLE_CACHE).filter((x) => x.startsWith(name))) rmSync(join(BUNDLE_CACHE, f));
  });

  it('falls back to the loader shim when the entry does not build, or when bundles are turned off', async () => {
    const broken = file('broken.ts', 'export const = ;\n');
    expect((await workerUrl(broken, shim)).href).toBe(shim.href);
    process.env.HUSTINGS_BUNDLE = '0';
    expect((await workerUrl(entry, shim)).href).toBe(shim.href);
    expect(await run(await workerUrl(entry, shim))).toEqual({ from: 'shim' });
  });
});
