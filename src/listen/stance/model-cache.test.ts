import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheModel, MODEL_CACHE, readCachedModel } from './model-cache';
import { loadModel } from './model';

const dir = mkdtempSync(join(tmpdir(), 'hustings-model-cache-'));
const BUILTIN = join(import.meta.dirname, '..', 'questions', 'builtin', 'brexit.model.json');
const stampOf = (path: string) => ({ path: resolve(path), size: statSync(path).size, mtimeMs: statSync(path).mtimeMs });
const plain = (m: Awaited<ReturnType<typeof loadModel>>) => ({ ...m, weights: [...m.weights], neutral: m.neutral ? { ...m.neutral, weights: [...m.neutral.weights], masked: [...m.neutral.masked] } : null, languages: m.languages ? [...m.languages] : null });

describe('the cached copy of a model file', () => {
  it('reads back as the model parsed from the file, and is kept once the file is read', async () => {
    const path = join(dir, 'a.model.json');
    copyFileSync(BUILTIN, path);
    expect(readCachedModel(stampOf(path))).toBeNull();
    const parsed = await loadModel(path);
    const cached = readCachedModel(stampOf(path));
    expect(cached).not.toBeNull();
    expect(plain(cached!)).toEqual(plain(parsed));
  });

  it('is passed by once the file changes (size or time), or when it does not read back whole', async () => {
    const path = join(dir, 'b.model.json');
    copyFileSync(BUILTIN, path);
    const model = await loadModel(path);
    const before = stampOf(path);
    expect(readCachedModel(before)).not.toBeNull();
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(readCachedModel(stampOf(path))).toBeNull();
    // Written again for the new time, then cut short: passed by.
    cacheModel(stampOf(path), model);
    expect(readCachedModel(stampOf(path))).not.toBeNull();
    for (const name of readdirSync(MODEL_CACHE)) {
      const p = join(MODEL_CACHE, name);
      const bytes = readFileSync(p);
      if (bytes.toString('utf8', 4, 4 + bytes.readUInt32LE(0)).includes(JSON.stringify(resolve(path)))) writeFileSync(p, bytes.subarray(0, bytes.length - 8));
    }
    expect(readCachedModel(stampOf(path))).toBeNull();
  });

  it('keeps the copies of the 8 models read last, and any written in the last ten minutes', async () => {
    const model = await loadModel(BUILTIN);
    const stamp = (i: number) => ({ path: join(dir, `many-${i}.json`), size: i, mtimeMs: i });
    for (let i = 0; i < 10; i++) cacheModel(stamp(i), model);
    // All new: none is removed.
    for (let i = 0; i < 10; i++) expect(readCachedModel(stamp(i))).not.toBeNull();
    // Made an hour old: all but the 8 latest go when the next copy is written.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of readdirSync(MODEL_CACHE)) utimesSync(join(MODEL_CACHE, name), hourAgo, hourAgo);
    cacheModel(stamp(10), model);
    // (Other test files may write copies of their own meanwhile: only the aged ones are counted.)
    const aged = readdirSync(MODEL_CACHE).filter((name) => (statSync(join(MODEL_CACHE, name), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) <= hourAgo.getTime() + 1000);
    expect(aged.length).toBeLessThanOrEqual(7);
    expect(readCachedModel(stamp(10))).not.toBeNull();
  });

  it('keeps a model without a neutral head and with languages', async () => {
    const path = join(dir, 'c.model.json');
    const file = JSON.parse(readFileSync(BUILTIN, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...file, neutral: null, languages: ['en', 'fr'] }));
    const parsed = await loadModel(path);
    const cached = readCachedModel(stampOf(path));
    expect(cached?.neutral).toBeNull();
    expect(plain(cached!)).toEqual(plain(parsed));
    expect([...cached!.languages!]).toEqual(['en', 'fr']);
  });
});
