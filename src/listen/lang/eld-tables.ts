import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** eld's detector, as its entry modules build it (`eld/small` is one of these). */
export interface EldDetector {
  detect(text: string): { language: string; isReliable(thresholdRatio?: number): boolean };
  setLanguageSubset(languages: string[]): unknown;
  enableTextCleanup(enabled: boolean): void;
}

interface EldData {
  readonly type: string;
  readonly languages: Record<string, string>;
  readonly ngrams: Record<string, Record<string, number>>;
}

/**
 * eld's "small" n-gram tables, as `eld/small` would load them, but with the scores of languages
 * outside `keep` left out. eld scores each language on its own and then drops those outside the
 * subset (`filterLangSubset`), so a detector with the subset set gives the same results on the
 * pruned tables; a test holds the two to the same answers.
 *
 * Why: `import('eld/small')` compiles a 1.6 MB object literal, which costs ~150 MB of memory in
 * every thread that does it (most of it the compiler's, kept by the process). Read as text and
 * pruned to the European candidates before anything is built, it costs ~15 MB: measured in two
 * worker threads that load the detector, peak RSS 161-166 MB against 373 MB.
 *
 * The file is eld's own (`src/ngrams/small.js`: `export const ngramsData = {…}`, keys bare or
 * single-quoted); null when it is not in that shape (another eld version), and the caller
 * falls back to `eld/small`.
 */
export async function loadPrunedEld(keep: readonly string[]): Promise<EldDetector | null> {
  const dir = eldDirectory();
  const source = dir === null ? null : await readFile(join(dir, 'src', 'ngrams', 'small.js'), 'utf8').catch(() => null);
  const data = source === null ? null : parseTables(source, keep);
  if (!data || dir === null) return null;
  const { createEld } = (await import(pathToFileURL(join(dir, 'src', 'languageDetector.js')).href)) as {
    createEld?: () => { instance: EldDetector; loadData(data: EldData): string };
  };
  if (typeof createEld !== 'function') return null;
  const { instance, loadData } = createEld();
  loadData(data);
  return instance;
}

/** The folder of the eld package, found as Node would look for it from here; null if none. */
export function eldDirectory(): string | null {
  // eld exports neither its files nor `require`, so the package is looked for, not resolved.
  for (const dir of createRequire(import.meta.url).resolve.paths('eld') ?? []) {
    if (existsSync(join(dir, 'eld', 'package.json'))) return join(dir, 'eld');
  }
  return null;
}

/** A JSON string of a key of eld's data: bare, or single-quoted (where only quotes are escaped). */
function jsonKey(key: string): string {
  return JSON.stringify(key.startsWith("'") ? key.slice(1, -1).replace(/\\(.)/g, '$1') : key);
}

/** `0:'am',1:'ar'` or `11:52,17:3`: the pairs of one of eld's small objects. */
function pairs(body: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of body.matchAll(/(\d+):('(?:[^'\\]|\\.)*'|\d+)/g)) out.push([m[1]!, m[2]!]);
  return out;
}

/**
 * The tables of eld's data module, with only the scores of the `keep` languages (all: null), read
 * without compiling it: each n-gram's scores are pruned as text, so only the kept ones are ever
 * built as objects. Null if the module is not in the expected shape.
 */
export function parseTables(source: string, keep: readonly string[] | null = null): EldData | null {
  const type = /export const ngramsData = \{type:'([^']*)',languages:\{([^{}]*)\}[^{}]*?ngrams:\{/.exec(source);
  const end = source.lastIndexOf('}}');
  if (!type || end < type.index) return null;
  const languages: Record<string, string> = {};
  for (const [i, code] of pairs(type[2]!)) languages[i] = code.slice(1, -1);
  const kept = new Set(Object.keys(languages).filter((i) => keep === null || keep.includes(languages[i]!)));
  const entries: string[] = [];
  const body = source.slice(type.index + type[0].length, end + 1);
  for (const m of body.matchAll(/('(?:[^'\\]|\\.)*'|[^'"{},:\s]+):\{([^{}]*)\}/g)) {
    const scores = pairs(m[2]!).filter(([i]) => kept.has(i));
    if (scores.length > 0) entries.push(`${jsonKey(m[1]!)}:{${scores.map(([i, v]) => `"${i}":${v}`).join(',')}}`);
  }
  try {
    const ngrams = JSON.parse(`{${entries.join(',')}}`) as EldData['ngrams'];
    return entries.length > 0 ? { type: type[1]!, languages, ngrams } : null;
  } catch {
    return null;
  }
}
