import { describe, expect, it } from 'vitest';
import type { LineEvent } from './lines';
import { readLines } from './lines';

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
