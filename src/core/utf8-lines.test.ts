import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Lines } from './utf8-lines';

describe('Utf8Lines', () => {
  it('gives the UTF-8 of the lines joined with newlines, growing as needed', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (lines, initial) => {
        const out = new Utf8Lines(initial);
        for (const l of lines) out.add(l);
        expect(Buffer.from(out.bytes()).toString('utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes a lone surrogate as the replacement character, as TextEncoder does', () => {
    const out = new Utf8Lines(4);
    out.add('a\ud800b');
    expect(Buffer.from(out.bytes())).toEqual(Buffer.from(new TextEncoder().encode('a\ud800b\n')));
  });
});
