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
