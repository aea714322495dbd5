import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors';
import { openInput } from '../core/input';
import { readItems } from './read-items';

const dir = mkdtempSync(join(tmpdir(), 'hustings-read-items-'));
const post = (i: number): string => JSON.stringify({ id: `p${i}`, text: 'Vote leave', created_at: '2016-06-01T00:00:00Z' });

async function kinds(text: string): Promise<{ container: string; lines: number; bad: number; reasons: string[] }> {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, text);
  const { container, items } = await readItems(await openInput(file), { format: null });
  let lines = 0, bad = 0;
  const reasons: string[] = [];
  for await (const batch of items) {
    for (const item of batch) {
      if (item.kind === 'line') lines++;
      else bad++;
      if (item.kind === 'bad') reasons.push(`${item.line}: ${item.reason}`);
    }
  }
  return { container, lines, bad, reasons };
}

describe('readItems on JSON lines whose first lines do not show it', () => {
  it('reads a file whose first line is longer than the head as JSON lines: that line is bad, the others are read', async () => {
    const r = await kinds(`{"id":"b0","text":"${'a'.repeat(3 * 1024 * 1024)}\n${Array.from({ length: 1000 }, (_, i) => post(i + 1)).join('\n')}\n`);
    expect(r).toMatchObject({ container: 'jsonl', lines: 1000, bad: 1 });
  });

  it('reads a file whose first 24 lines are cut short as JSON lines', async () => {
    const broken = Array.from({ length: 24 }, (_, i) => `{"id":"q${i}", "text": "unterminated`).join('\n');
    const r = await kinds(`${broken}\n${Array.from({ length: 100 }, (_, i) => post(i)).join('\n')}\n`);
    expect(r.container).toBe('jsonl');
    expect(r.lines).toBe(124);
  });

  it('still reads one long JSON document as a document', async () => {
    const doc = JSON.stringify({ data: Array.from({ length: 8000 }, (_, i) => ({ id: `d${i}`, text: 'x'.repeat(40) })) });
    expect(doc.length).toBeGreaterThan(256 * 1024);
    expect((await kinds(doc)).container).toBe('json');
    expect((await kinds(`${doc}\n`)).container).toBe('json');
  });
});

describe('readItems: the 1 MiB line limit holds for a line without a line end', () => {
  const longPost = JSON.stringify({ id: 'long', text: 'a'.repeat(3 * 1024 * 1024), created_at: '2016-06-01T00:00:00Z' });

  it('refuses a file of one 3 MiB line, with or without a line end, as any over-long line', async () => {
    for (const text of [longPost, `${longPost}\n`, `${longPost}\r\n`, `  ${longPost}`]) {
      expect(await kinds(text)).toEqual({ container: 'jsonl', lines: 0, bad: 1, reasons: [`1: line is ${Buffer.byteLength(text.replace(/\n$/, '')).toLocaleString('en')} bytes, over the 1,048,576-byte limit`] });
    }
  });

  it('refuses the unterminated last line of a good file when it is too long, and reads the others', async () => {
    const good = Array.from({ length: 1000 }, (_, i) => post(i)).join('\n');
    expect(await kinds(`${good}\n${longPost}`)).toEqual({ container: 'jsonl', lines: 1000, bad: 1, reasons: [`1001: line is ${longPost.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit`] });
  });

  it('still reads a one-line JSON array past the limit element by element, and a one-line document within it whole', async () => {
    const array = `[${Array.from({ length: 30_000 }, (_, i) => post(i)).join(',')}]`;
    expect(array.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(await kinds(array)).toEqual({ container: 'json', lines: 30_000, bad: 0, reasons: [] });
    const doc = JSON.stringify({ data: Array.from({ length: 14_600 }, (_, i) => ({ id: `d${i}`, text: 'x'.repeat(40) })) });
    expect(doc.length).toBeGreaterThan(900 * 1024);
    expect(doc.length).toBeLessThan(1024 * 1024);
    expect(await kinds(doc)).toMatchObject({ container: 'json', lines: 1, bad: 0 });
  });
});

describe('readItems on a CSV file whose header is broken', () => {
  it('names the header and what was expected when a quote in it is not closed', async () => {
    const file = join(dir, 'broken-header.csv');
    writeFileSync(file, 'id,"text,created_at\np1,Vote leave,2016-06-01T00:00:00Z\n');
    const read = async (): Promise<void> => {
      const { items } = await readItems(await openInput(file), { format: null });
      for await (const batch of items) void batch;
    };
    await expect(read()).rejects.toThrow(InputError);
    await expect(read()).rejects.toThrow(/line 1 \(the header\) is not valid CSV: expected column names separated by ",", each quoted one closed/);
  });
});

describe('readItems on a Twitter archive data file', () => {
  const tweet = (i: number): Record<string, unknown> => ({ tweet: { id_str: `15000000000000000${i}`, created_at: 'Sat Mar 05 09:00:00 +0000 2022', full_text: `tweet ${i}` } });

  it('reads the array behind window.YTD.tweets.part0 = , pretty-printed as the archive writes it, element by element', async () => {
    for (const text of [`window.YTD.tweets.part0 = ${JSON.stringify([tweet(1), tweet(2)], null, 2)}`, `\ufeffwindow.YTD.tweet.part3 =[${JSON.stringify(tweet(1))}]\n`]) {
      const file = join(dir, `tweets${Math.random().toString(36).slice(2)}.js`);
      writeFileSync(file, text);
      const { container, items } = await readItems(await openInput(file), { format: null });
      const texts: string[] = [];
      for await (const batch of items) for (const item of batch) texts.push(item.kind === 'line' ? JSON.parse(item.text).tweet.full_text : `bad ${item.kind}`);
      expect(container).toBe('json');
      expect(texts).toEqual(text.includes('tweet 2') ? ['tweet 1', 'tweet 2'] : ['tweet 1']);
    }
  });

  it('still says what it found in a file of other JavaScript', async () => {
    await expect(kinds('var tweets = [];\n')).rejects.toThrow(InputError);
  });
});

describe('readItems on a file holding no posts', () => {
  it('reads an empty file, a byte-order mark alone, or with blank lines and spaces, as no posts, not as of unknown format', async () => {
    for (const text of ['', '\ufeff', '\ufeff\n\n  \r\n\t\n', '\n\n']) {
      expect(await kinds(text)).toEqual({ container: 'jsonl', lines: 0, bad: 0, reasons: [] });
    }
  });

  it('reads standard input of only a byte-order mark and blank lines as no posts, and blank lines sent before the first post as nothing', async () => {
    const stdin = (chunks: string[]) => ({ path: 'stdin', size: null, gzip: false, bytesRead: () => 0, chunks: async function* () { for (const c of chunks) yield Buffer.from(c); } });
    const count = async (chunks: string[]) => {
      const { container, items } = await readItems(stdin(chunks), { format: null });
      let lines = 0;
      for await (const batch of items) lines += batch.filter((i) => i.kind !== 'bad').length;
      return { container, lines };
    };
    expect(await count(['\ufeff\n', '\n  \r\n'])).toEqual({ container: 'jsonl', lines: 0 });
    // The first chunk has a line end but no content: the container is told by the post that follows.
    expect(await count(['\ufeff\n\n', `${post(1)}\n`, `${post(2)}\n`])).toEqual({ container: 'jsonl', lines: 2 });
    expect(await count(['\ufeff', 'id,text,created_at\n', 'a,vote leave,2016-06-01T00:00:00Z\n'])).toEqual({ container: 'csv', lines: 1 });
  });

  it('describes a first line after a byte-order mark without counting the mark', async () => {
    await expect(kinds('\ufeffx\n')).rejects.toThrow('first line (1 character)');
  });
});
