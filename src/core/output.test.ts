import { once } from 'node:events';
import { linkSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from './errors';
import { openOutput, outputFile } from './output';

describe('output files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-output-'));

  it('gives the absolute path of a file in an existing folder, whatever the folder the command ran in', () => {
    expect(outputFile(join(dir, 'out.csv'), '--out')).toBe(join(dir, 'out.csv'));
    expect(outputFile(relative(process.cwd(), join(dir, 'out.csv')), '--out')).toBe(join(dir, 'out.csv'));
    expect(outputFile('/dev/null', '--out')).toBe('/dev/null');
  });

  it('refuses a missing folder and a folder, naming the option', () => {
    expect(() => outputFile(join(dir, 'nodir', 'x.csv'), '--out')).toThrow(InputError);
    expect(() => outputFile(join(dir, 'nodir', 'x.csv'), '--out')).toThrow(`--out ${join(dir, 'nodir', 'x.csv')}: expected a file in an existing folder, found no folder ${join(dir, 'nodir')}`);
    expect(() => outputFile(dir, '--html')).toThrow(`--html ${dir}: expected a file, found a folder`);
  });

  it('refuses an input of the command, however it is named, and leaves it whole', async () => {
    const input = join(dir, 'posts.jsonl');
    writeFileSync(input, '{"id":"1"}\n');
    linkSync(input, join(dir, 'linked.jsonl'));
    for (const out of [input, relative(process.cwd(), input), join(dir, 'linked.jsonl'), `${dir}/./posts.jsonl`]) {
      expect(() => outputFile(out, '--out', ['-', input]), out).toThrow(UsageError);
    }
    expect(() => outputFile(input, '--out', [input])).toThrow(`--out ${input}: expected another file than the input ${input} (writing it would empty it before it is read)`);
    await expect(openOutput(join(dir, 'linked.jsonl'), '--out', [input])).rejects.toThrow(UsageError);
    expect(readFileSync(input, 'utf8')).toBe('{"id":"1"}\n');
    expect(outputFile(join(dir, 'other.jsonl'), '--out', [input])).toBe(join(dir, 'other.jsonl'));
  });

  it('opens a stream on it', async () => {
    const s = await openOutput(join(dir, 'a.jsonl'), '--out');
    s.end('x\n');
    await once(s, 'finish');
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe('x\n');
  });
});
