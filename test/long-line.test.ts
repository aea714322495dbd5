import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { tempDir } from './support/corpus';

/** One line without a line end is held to the same 1 MiB limit as any other, without being held. */
describe('listen ingest of one very long line without a line end', () => {
  it('refuses it as an over-long line with memory flat: a 96 MiB line costs about what a few posts do', async () => {
    const dir = tempDir();
    const env = { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32), DATABASE_URL: '', HUSTINGS_DB: '' };
    const ingest = (input: Buffer) => runCli(['--db', join(dir, 'store.db'), 'listen', 'ingest', '-', '--json', '--no-progress'], { env, input });
    const few = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `p${i}`, text: 'Vote leave', created_at: '2016-06-01T00:00:00Z' })).join('\n');
    const small = await ingest(Buffer.from(few));
    expect(small.code, small.stderr).toBe(0);
    const line = Buffer.concat([Buffer.from('{"id":"x","text":"'), Buffer.alloc(96 * 1024 * 1024, 'a')]);
    const big = await ingest(line);
    // Every item bad: exit 3, after the report, as for any input of over-long lines.
    expect(big.code, big.stderr).toBe(3);
    const summary = JSON.parse(big.stdout) as { read: number; bad: number; badShown: { line: number; error: string }[]; peakRssMb: number };
    expect(summary).toMatchObject({ read: 1, bad: 1, badShown: [{ line: 1, error: `line is ${line.length.toLocaleString('en')} bytes, over the 1,048,576-byte limit` }] });
    // Held as a JSON value (up to 64 MiB, and a copy of it) it added ~140 MB to the peak; read as a
    // line, 20–45 MB here: chunks read and not yet collected, whatever the line's length.
    const smallRss = (JSON.parse(small.stdout) as { peakRssMb: number }).peakRssMb;
    expect(summary.peakRssMb - smallRss).toBeLessThan(80);
  }, 120_000);
});

/** The same limit on a contacts file of one line: refused naming it, without being read whole. */
describe('contacts import of a file of one very long line', () => {
  it('refuses it naming the line and the limit, with memory flat: a 60 MiB line costs about what a small file does', async () => {
    const dir = tempDir();
    // The process's peak memory, said at exit (the import's summary does not carry it).
    const rss = join(dir, 'rss.mjs');
    writeFileSync(rss, "process.on('exit', () => process.stderr.write(`peak ${process.resourceUsage().maxRSS}\\n`));\n");
    const env = { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32), DATABASE_URL: '', HUSTINGS_DB: '', NODE_OPTIONS: `--import ${rss}` };
    const importing = (file: string) => runCli(['--db', join(dir, 'store.db'), 'contacts', 'import', file, '--basis', 'consent', '--notice', 'v1', '--no-progress', '--json'], { env });
    const peakMb = (stderr: string): number => Number(/peak (\d+)/.exec(stderr)![1]) / 1024;
    const small = join(dir, 'small.jsonl');
    writeFileSync(small, Array.from({ length: 5 }, (_, i) => JSON.stringify({ email: `p${i}@example.org` })).join('\n'));
    const few = await importing(small);
    expect(few.code, few.stderr).toBe(0);
    // Under the 64 MiB a JSON value may take: read as one document, it was imported as a person, at ~580 MB.
    const big = join(dir, 'big.json');
    const line = Buffer.concat([Buffer.from('{"email":"x@example.org","note":"'), Buffer.alloc(60 * 1024 * 1024, 'a'), Buffer.from('"}\n')]);
    writeFileSync(big, line);
    const r = await importing(big);
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toContain(`hustings: ${big}: its one record cannot be read, so the file gives no columns to import; line 1: line is ${(line.length - 1).toLocaleString('en')} bytes, over the 1,048,576-byte limit\n`);
    // Read as one document it added ~460 MB to the peak; read as a line, 30–40 MB alone, up to ~120 MB
    // beside other tests on two busy cores: chunks read and not yet collected, whatever the line's length.
    expect(peakMb(r.stderr) - peakMb(few.stderr)).toBeLessThan(160);
  }, 120_000);
});
