import { describe, expect, it } from 'vitest';
import type { JsonEvent } from './json-values';
import { readJsonValues } from './json-values';

async function collect(text: string | Buffer, chunkSize = 7): Promise<JsonEvent[]> {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  async function* source(): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  const out: JsonEvent[] = [];
  for await (const batch of readJsonValues(source(), 1000)) out.push(...batch);
  return out;
}

const texts = (events: JsonEvent[]): unknown[] => events.map((e) => (e.kind === 'line' ? JSON.parse(e.text) : e.reason));

describe('readJsonValues', () => {
  it('yields the elements of a top-level array one by one, whatever the chunking', async () => {
    const doc = '[\n  {"id": 1, "t": "a ] } , ["},\n  {"id": 2, "t": "say \\"hi\\""}\n]\n';
    for (const size of [1, 3, 1000]) expect(texts(await collect(doc, size))).toEqual([{ id: 1, t: 'a ] } , [' }, { id: 2, t: 'say "hi"' }]);
  });

  it('leaves out a UTF-8 byte-order mark, whatever the chunking', async () => {
    const doc = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"id": 1}, {"id": 2}]')]);
    for (const size of [1, 2, 3, 1000]) expect(texts(await collect(doc, size))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(texts(await collect('{}', 1))).toEqual([{}]);
  });

  it('gives each value the line it starts on', async () => {
    const events = await collect('[\n{"a":1},\n\n{"b":2}]');
    expect(events.map((e) => e.line)).toEqual([2, 4]);
  });

  it('numbers the elements of each top-level array, good and bad, from 1 (a one-line array has them all on line 1)', async () => {
    const events = await collect('[{"a":1}, 7, {"b":2}, null, {"c":3}]\n{"d":4}\n[{"e":5}]');
    expect(events.map((e) => [e.kind, e.line, e.element])).toEqual([
      ['line', 1, 1], ['bad', 1, 2], ['line', 1, 3], ['bad', 1, 4], ['line', 1, 5], ['line', 2, undefined], ['line', 3, 1],
    ]);
  });

  it('yields whole pretty-printed documents one after another', async () => {
    const doc = '{\n  "data": [{"id": "1"}],\n  "meta": {}\n}\n{\n  "data": []\n}\n';
    expect(texts(await collect(doc))).toEqual([{ data: [{ id: '1' }], meta: {} }, { data: [] }]);
  });

  it('reports text outside JSON values, array elements that are not objects, and a truncated end', async () => {
    const events = await collect('garbage here\n[{"a":1}, 42, {"b":2}]\n{"c": [1, 2');
    expect(events.map((e) => e.kind)).toEqual(['bad', 'line', 'bad', 'line', 'bad']);
    expect(events[0]).toMatchObject({ line: 1, reason: expect.stringContaining('unexpected text outside a JSON value') });
    expect(events[2]).toMatchObject({ line: 2, reason: 'array element is not a JSON object' });
    expect(events[4]).toMatchObject({ line: 3, reason: 'truncated JSON: the input ends inside this value' });
  });

  it('reports a value over the size limit and reads on', async () => {
    const events = await collect(`[{"big": "${'x'.repeat(5000)}"}, {"ok": true}]`);
    expect(events[0]).toMatchObject({ kind: 'bad', reason: expect.stringContaining('over the 1,000-byte limit') });
    expect(texts(events.slice(1))).toEqual([{ ok: true }]);
  });

  it('reports invalid UTF-8 inside a value', async () => {
    const buf = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xff]), Buffer.from('"},{"b":1}]')]);
    const events = await collect(buf);
    expect(events[0]).toMatchObject({ kind: 'bad', reason: 'invalid UTF-8 at byte 7 of the value' });
    expect(texts(events.slice(1))).toEqual([{ b: 1 }]);
  });
});
