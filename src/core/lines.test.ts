import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineEvent } from './lines';
import { blockLines, readLineBlocks, readLines } from './lines';

async function collect(chunks: Buffer[], maxLineBytes = 1 << 20): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  for await (const batch of readLines(source(), { maxLineBytes })) out.push(...batch);
  return out;
}

describe('readLines', () => {
  it('splits lines across chunk boundaries and numbers them from 1', async () => {
    const events = await collect([Buffer.from('{"a":1}\n{"b"'), Buffer.from(':2}\n\n{"c":3}')]);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: '{"a":1}' },
      { kind: 'line', line: 2, text: '{"b":2}' },
      { kind: 'line', line: 4, text: '{"c":3}' },
    ]);
  });

  it('drops a byte-order mark and carriage returns', async () => {
    const events = await collect([Buffer.from('\ufeffid,text\r\n1,hi\r\n')]);
    expect(events.map((e) => (e.kind === 'line' ? e.text : e.reason))).toEqual(['id,text', '1,hi']);
  });

  it('reports invalid UTF-8 with its byte position and goes on', async () => {
    const bad = Buffer.concat([Buffer.from('ab'), Buffer.from([0xc3, 0x28]), Buffer.from('\nok\n')]);
    const events = await collect([bad]);
    expect(events[0]).toMatchObject({ kind: 'bad', line: 1, reason: 'invalid UTF-8 at byte 3 of the line' });
    expect(events[1]).toEqual({ kind: 'line', line: 2, text: 'ok' });
  });

  it('reports an over-long line without holding it, and keeps the lines around it', async () => {
    const big = Buffer.alloc(4096, 'x');
    const events = await collect([Buffer.from('first\n'), big, big, big, Buffer.from('\nlast\n')], 1000);
    expect(events).toHaveLength(3);
    expect(events[1]).toMatchObject({ kind: 'bad', line: 2, reason: 'line is 12,288 bytes, over the 1,000-byte limit' });
    expect((events[1] as { preview: Buffer }).preview.length).toBeLessThanOrEqual(64 * 1024);
    expect(events[2]).toEqual({ kind: 'line', line: 3, text: 'last' });
  });

  it('keeps the last line when the input does not end with a newline', async () => {
    const events = await collect([Buffer.from('a\nb')]);
    expect(events.map((e) => e.line)).toEqual([1, 2]);
  });
});

/** The events of `readLineBlocks`, with every block decoded by `blockLines`. */
async function collectBlocks(chunks: Buffer[], maxLineBytes: number): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  for await (const batch of readLineBlocks(source(), { maxLineBytes })) {
    for (const e of batch) {
      if (e.kind === 'block') out.push(...blockLines(structuredClone(e)));
      else out.push(e);
    }
  }
  return out;
}

describe('readLineBlocks', () => {
  it('gives, once its blocks are decoded, exactly the events of readLines', async () => {
    const line = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', '  ', 'é€😀', '\r', 'x'.repeat(40)), fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('latin1')));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (lines, cuts, rawBytes) => {
        // Some lines as raw bytes (possibly not UTF-8), the rest as UTF-8 text.
        const bytes = Buffer.concat(lines.map((l) => Buffer.concat([rawBytes ? Buffer.from(l, 'latin1') : Buffer.from(l), Buffer.from('\n')])));
        const chunks: Buffer[] = [];
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const next = Math.min(bytes.length, at + cuts[k % cuts.length]!);
          chunks.push(bytes.subarray(at, next));
          at = next;
        }
        expect(await collectBlocks(chunks, 32)).toEqual(await collect(chunks, 32));
      }),
      { numRuns: 300 },
    );
  });

  it('hands whole valid lines over as blocks that own their bytes', async () => {
    const batches: unknown[] = [];
    async function* source(): AsyncGenerator<Buffer> {
      // Line 1 is always checked on its own (a byte-order mark may start it).
      yield Buffer.from('first\n');
      yield Buffer.from('{"a": 1}\n{"b": 2}\n\n{"c": 3}\n');
    }
    for await (const batch of readLineBlocks(source())) batches.push(...batch);
    expect(batches).toMatchObject([
      { kind: 'line', line: 1, text: 'first' },
      { kind: 'block', line: 2, lines: 4 },
    ]);
    const block = batches[1] as { bytes: Uint8Array };
    expect(block.bytes.byteLength).toBe(block.bytes.buffer.byteLength);
  });
});
