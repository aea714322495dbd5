import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDemoFiles } from '../src/listen/demo';
import type { QuarantineEntry } from '../src/listen/quarantine';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { BAD_LINES, goodLine, mixedFile, tempDir } from './support/corpus';

describe.each(backends())('ingest on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('reads every format of the demo corpus, and a second run stores nothing twice', async () => {
    t = await openTestApp(backend);
    const demo = await writeDemoFiles(join(t.dir, 'demo'), 3000, 11);
    const first = await t.ingest([...demo.files]);
    expect(first.bad).toBe(demo.planted);
    expect(first.read).toBe(first.stored + first.duplicates + first.bad + first.skipped);
    expect(first.stored).toBeGreaterThan(2800);
    expect(first.files.map((f) => f.container)).toEqual(['jsonl', 'jsonl', 'json', 'json', 'csv', 'jsonl']);
    const again = await t.ingest([...demo.files]);
    expect(again).toMatchObject({ stored: 0, duplicates: first.stored + first.duplicates, bad: first.bad, skipped: first.skipped });
    expect(await t.posts.count()).toBe(first.stored);
  });

  it('reports every bad line with its line number and stores every good one, gzip or not', async () => {
    t = await openTestApp(backend);
    for (const gzip of [false, true]) {
      const dir = tempDir();
      const { path, badLines } = mixedFile(dir, 1200, 40, gzip);
      const quarantine = join(dir, 'q.jsonl');
      const s = await t.ingest([path], { quarantinePath: quarantine, maxBadShown: 1000 });
      expect(s.bad).toBe(badLines.length);
      expect(s.badShown.map((b) => b.line)).toEqual(badLines);
      for (const b of s.badShown) {
        const kind = BAD_LINES.find((k) => k.reason.test(b.error));
        expect(kind, `line ${b.line}: ${b.error}`).toBeDefined();
      }
      expect(s.stored + s.duplicates).toBe(1200);
      const entries = readFileSync(quarantine, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QuarantineEntry);
      expect(entries.map((e) => e.line)).toEqual(badLines);
      expect(entries.find((e) => e.error.startsWith('invalid UTF-8'))?.rawBase64).toBeDefined();
    }
    expect(await t.posts.count()).toBe(1200);
  });

  it("keeps a quarantine file's entries about other files, and writes a file's own once however often it is read", async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const a = mixedFile(join(dir), 200, 10, false);
    const bDir = join(dir, 'b');
    mkdirSync(bDir);
    const b = mixedFile(bDir, 300, 20, false);
    const quarantine = join(dir, 'bad.jsonl');
    const lines = () => readFileSync(quarantine, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QuarantineEntry);
    await t.ingest([a.path], { quarantinePath: quarantine });
    await t.ingest([b.path], { quarantinePath: quarantine });
    expect(lines().filter((e) => e.file === a.path).map((e) => e.line)).toEqual(a.badLines);
    expect(lines().filter((e) => e.file === b.path).map((e) => e.line)).toEqual(b.badLines);
    await t.ingest([a.path], { quarantinePath: quarantine });
    expect(lines()).toHaveLength(a.badLines.length + b.badLines.length);
  });

  it('survives a 50 MB line and wrong CSV column counts', async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const jsonl = join(dir, 'long.jsonl');
    writeFileSync(jsonl, `${goodLine(1)}\n{"id":"big","text":"${'x'.repeat(50 << 20)}"}\n${goodLine(2)}\n`);
    const csv = join(dir, 'posts.csv');
    writeFileSync(csv, 'id,text,created_at\n1,"hello, world",2016-06-20T10:00:00Z\n2,too,many,columns,2016-06-20\n3,"multi\nline",2016-06-20T11:00:00Z\n4,short\n');
    const s = await t.ingest([jsonl, csv], { platform: 'forum' });
    expect(s.badShown).toEqual([
      { file: jsonl, line: 2, error: 'line is 52,428,822 bytes, over the 1,048,576-byte limit' },
      { file: csv, line: 3, error: 'expected 3 columns as in the header, found 5' },
      { file: csv, line: 6, error: 'expected 3 columns as in the header, found 2' },
    ]);
    expect(s.stored).toBe(4);
    const texts = await t.posts.db.selectFrom('posts').select(['platform', 'text']).where('format', '=', 'csv').orderBy('post_id').execute();
    expect(texts).toEqual([
      { platform: 'forum', text: 'hello, world' },
      { platform: 'forum', text: 'multi\nline' },
    ]);
  });

  it('stops a file that is not in any known format, and still reads the others', async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const png = join(dir, 'image.png');
    writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]));
    const ok = join(dir, 'ok.jsonl.gz');
    writeFileSync(ok, gzipSync(`${goodLine(1)}\n${goodLine(2)}\n`));
    const s = await t.ingest([png, ok]);
    expect(s.failedFiles).toBe(1);
    expect(s.files[0]!.error).toBe(`${png}: unknown format: expected JSON lines, a JSON array or document, or CSV with a header; found a PNG image`);
    expect(s.stored).toBe(2);
  });

  it('keeps the posts of a gzip file cut short, small as it is', async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const cut = join(dir, 'cut.jsonl.gz');
    const text = Array.from({ length: 2000 }, (_, i) => `${goodLine(i)}\n`).join('');
    expect(text.length).toBeLessThan(512 * 1024);
    const whole = gzipSync(text);
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const s = await t.ingest([cut]);
    expect(s.files[0]!.error).toMatch(/stopped early|corrupt|truncated|unexpected end/i);
    // What decompresses before the break is stored (the head of the file holds it all: under 256 KiB).
    expect(s.stored).toBeGreaterThan(400);
    expect(s.stored).toBeLessThan(2000);
  });

  it('resumes an interrupted file from its last committed batch', async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const { path } = mixedFile(dir, 5000, 100);
    // A first run that "dies" after its third batch: the error escapes from the store write.
    let batches = 0;
    let committed = 0;
    const original = t.posts.insertBatch.bind(t.posts);
    t.posts.insertBatch = async (posts, classes, cp) => {
      if (++batches > 3) throw new Error('killed');
      committed += posts.length;
      return original(posts, classes, cp);
    };
    await expect(t.ingest([path], { batchSize: 500 })).rejects.toThrow('killed');
    t.posts.insertBatch = original;
    expect(committed).toBeGreaterThan(1000);
    expect(await t.posts.count()).toBe(committed);
    const resumed = await t.ingest([path], { batchSize: 500 });
    expect(resumed.files[0]!.resumedAt).toBeGreaterThan(committed);
    expect(resumed).toMatchObject({ stored: 5000, duplicates: 0, bad: 49 });
    expect(await t.posts.count()).toBe(5000);
  });

  it('starts a file over, not resuming it, when the run stores its posts differently (another platform)', async () => {
    t = await openTestApp(backend);
    const dir = tempDir();
    const { path } = mixedFile(dir, 3000, 100);
    let batches = 0;
    const original = t.posts.insertBatch.bind(t.posts);
    t.posts.insertBatch = async (posts, classes, cp) => {
      if (++batches > 2) throw new Error('killed');
      return original(posts, classes, cp);
    };
    await expect(t.ingest([path], { batchSize: 500, platform: 'forum' })).rejects.toThrow('killed');
    t.posts.insertBatch = original;
    const other = await t.ingest([path], { batchSize: 500, platform: 'blog' });
    expect(other.files[0]!.resumedAt).toBeFalsy();
    expect(other.stored).toBe(3000);
    // The first platform's own run still resumes where it stopped.
    const again = await t.ingest([path], { batchSize: 500, platform: 'forum' });
    expect(again.files[0]!.resumedAt).toBeGreaterThan(0);
    const byPlatform = await t.posts.db.selectFrom('posts').select(['platform', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('platform').orderBy('platform').execute();
    expect(byPlatform.map((r) => [r.platform, Number(r.n)])).toEqual([['blog', 3000], ['forum', 3000]]);
  });
});
