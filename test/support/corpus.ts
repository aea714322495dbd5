import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function tempDir(prefix = 'hustings-files-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function goodLine(i: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: `p${i}`, text: `post number ${i} #EURef`, created_at: new Date(Date.UTC(2016, 5, 9) + i * 1000).toISOString(), author_id: String(1000 + (i % 50)), lang: 'en', ...extra });
}

/** The kinds of bad line the reader must survive, each with the reason it should report. */
export const BAD_LINES: ReadonlyArray<{ kind: string; bytes: Buffer; reason: RegExp }> = [
  { kind: 'truncated JSON', bytes: Buffer.from('{"id": "t1", "text": "cut off'), reason: /^truncated JSON/ },
  { kind: 'binary garbage', bytes: Buffer.from([0x00, 0x13, 0x37, 0x42, 0x7f, 0x01]), reason: /^not valid JSON/ },
  { kind: 'invalid UTF-8', bytes: Buffer.concat([Buffer.from('{"id": "u1", "text": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]), reason: /^invalid UTF-8 at byte 26 of the line$/ },
  { kind: 'unknown format', bytes: Buffer.from('{"foo": 1, "bar": [2]}'), reason: /^unknown format: a JSON object with keys foo, bar/ },
  { kind: 'missing field', bytes: Buffer.from('{"id": "m1", "text": "no date"}'), reason: /^generic post: created_at: / },
  { kind: 'not an object', bytes: Buffer.from('[1, 2, 3]'), reason: /^expected a JSON object, found an array$/ },
];

/**
 * A JSON-lines file of `good` posts with every kind of bad line mixed in every `every` lines.
 * Returns the file and the 1-based line numbers of the bad lines.
 */
export function mixedFile(dir: string, good: number, every = 50, gzip = false): { path: string; badLines: number[] } {
  const parts: Buffer[] = [];
  const badLines: number[] = [];
  let line = 0;
  for (let i = 0; i < good; i++) {
    if (i > 0 && i % every === 0) {
      const bad = BAD_LINES[(i / every) % BAD_LINES.length]!;
      parts.push(bad.bytes, Buffer.from('\n'));
      badLines.push(++line);
    }
    parts.push(Buffer.from(`${goodLine(i)}\n`));
    line++;
  }
  const body = Buffer.concat(parts);
  const path = join(dir, gzip ? 'mixed.jsonl.gz' : 'mixed.jsonl');
  writeFileSync(path, gzip ? gzipSync(body) : body);
  return { path, badLines };
}
