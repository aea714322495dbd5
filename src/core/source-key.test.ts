import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { contentKey, rawContentKey } from './source-key';

describe('contentKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-source-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Bytes that differ at every place (a window read at the wrong offset would not match). */
  const bytes = (n: number, seed = 1): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff));

  it('is the same for a file and its gzipped copy, whatever its size around the 64 KiB ends', async () => {
    for (const n of [0, 1, 1000, 65535, 65536, 65537, 100_000, 131_072, 131_073, 1_118_576, 2_098_152, 3_000_000]) {
      const content = bytes(n);
      const plain = join(dir, `f${n}.csv`);
      const gz = join(dir, `f${n}.csv.gz`);
      writeFileSync(plain, content);
      // Gunzipped in chunks of 1 MiB: past 1 MiB, the last 64 KiB may straddle two chunks, the last one short.
      writeFileSync(gz, gzipSync(content, { level: 1 }));
      const key = await contentKey(plain);
      // A plain file's key is what it always was (imports recorded before keep it).
      expect(key, `${n} bytes`).toBe(await rawContentKey(plain));
      expect(await contentKey(gz), `${n} bytes`).toBe(key);
      expect(await rawContentKey(gz)).not.toBe(key);
    }
  });

  it('differs when the content differs in size, at the start or at the end, gzipped or not', async () => {
    const content = bytes(200_000);
    const keyOf = async (b: Buffer): Promise<string | null> => {
      const gz = join(dir, 'other.gz');
      writeFileSync(gz, gzipSync(b));
      return contentKey(gz);
    };
    const key = await keyOf(content);
    const start = Buffer.from(content);
    start[10] = start[10]! ^ 1;
    const end = Buffer.from(content);
    end[end.length - 10] = end[end.length - 10]! ^ 1;
    for (const other of [start, end, content.subarray(0, content.length - 1)]) expect(await keyOf(other)).not.toBe(key);
    expect(await contentKey('-')).toBeNull();
  });
});
