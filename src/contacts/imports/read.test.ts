import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { openInput } from '../../core/input';
import { jsonProblem, openRecords } from './read';

/** The parser's own message for `text` (Node's wording). */
function messageOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('jsonProblem', () => {
  it('says what is wrong and where, never quoting the record (its personal data)', () => {
    const cases: [string, string][] = [
      ['Jane Secret', 'not valid JSON at character 1: unexpected character (expected a JSON object, with strings in double quotes)'],
      ['{"first_name":Jean Leaky}', 'not valid JSON at character 15: unexpected character (expected a JSON object, with strings in double quotes)'],
      ['{"email":"jean@example.org"', "not valid JSON at character 28: expected ',' or '}' after property value"],
      ['{"name":"Jean', 'not valid JSON at character 14: unterminated string'],
      ['', 'not valid JSON: it ends too soon'],
    ];
    for (const [text, said] of cases) {
      const problem = jsonProblem(messageOf(text), text);
      expect(problem, text).toBe(said);
      expect(problem).not.toMatch(/Jane|Jean|Leaky|example/);
    }
  });
});

describe('openRecords: one record is held to the 1 MiB line limit, whatever its container', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-contacts-read-'));
  const person = (i: number): string => JSON.stringify({ email: `p${i}@example.org`, first_name: `P${i}` });
  const longPerson = JSON.stringify({ email: 'long@example.org', note: 'a'.repeat(3 * 1024 * 1024) });

  async function read(name: string, text: string): Promise<{ container: string; header: readonly string[]; records: number; bad: string[] }> {
    const file = join(dir, name);
    writeFileSync(file, text);
    const opened = await openRecords(await openInput(file));
    let records = 0;
    const bad: string[] = [];
    for await (const batch of opened.records) {
      for (const r of batch) {
        if (r.kind === 'record') records++;
        else bad.push(`${r.line}: ${r.reason}`);
      }
    }
    return { container: opened.container, header: opened.header, records, bad };
  }

  it('refuses a file of one line past the limit, with or without its line end, naming the line and the limit', async () => {
    for (const text of [longPerson, `${longPerson}\n`, `\ufeff${longPerson}\r\n`, longPerson.slice(0, -2)]) {
      // Counted as the line reader counts a line it does not hold: its byte-order mark and CR with it.
      const bytes = Buffer.byteLength(text.replace(/\n$/, ''));
      const file = join(dir, 'one-line.json');
      await expect(read('one-line.json', text)).rejects.toThrow(new InputError(`${file}: its one record cannot be read, so the file gives no columns to import; line 1: line is ${bytes.toLocaleString('en')} bytes, over the 1,048,576-byte limit`, file));
    }
  });

  it('reads the lines after a first line past the limit: that line is a bad row, the others records', async () => {
    const r = await read('long-first.jsonl', `${longPerson}\n${Array.from({ length: 50 }, (_, i) => person(i)).join('\n')}\n`);
    expect(r).toEqual({ container: 'jsonl', header: ['email', 'first_name'], records: 50, bad: [`1: line is ${longPerson.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit`] });
  });

  it('refuses a record of a JSON array past the limit, and reads the others; a one-line array past it is read element by element', async () => {
    const many = `[${Array.from({ length: 40_000 }, (_, i) => person(i)).join(',')}]`;
    expect(many.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(await read('many.json', many)).toEqual({ container: 'json', header: ['email', 'first_name'], records: 40_000, bad: [] });
    const r = await read('array.json', `[\n${person(1)},\n${longPerson},\n${person(2)}\n]\n`);
    expect(r).toEqual({ container: 'json', header: ['email', 'first_name'], records: 2, bad: [`2: JSON value is ${longPerson.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit (the value starting on line 3)`] });
  });

  it('still reads a one-line document within the limit whole, as one person', async () => {
    const doc = JSON.stringify({ email: 'doc@example.org', note: 'x'.repeat(900 * 1024) });
    expect(await read('doc.json', doc)).toEqual({ container: 'json', header: ['email', 'note'], records: 1, bad: [] });
  });
});
