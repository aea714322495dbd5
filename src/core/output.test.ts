import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors';
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

  it('opens a stream on it', async () => {
    const s = await openOutput(join(dir, 'a.jsonl'), '--out');
    s.end('x\n');
    await once(s, 'finish');
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe('x\n');
  });
});
