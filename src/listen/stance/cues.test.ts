import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cueTokens, foldText, TOKEN } from './cues';

const PIECES = ['Vote', 'LEAVE', '#Brexit', '@u_ab12', "don't", 'l’Europe', 'Économie', 'ΟΔΟΣ', '😂', '🇬🇧', '!!', '"', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', 'e\u0301', '\u0301', 'ß', 'İ', '_'];

describe('cueTokens', () => {
  it('reads a text piece by piece exactly as it would read it whole', () => {
    const whole = new RegExp(TOKEN, 'gu');
    const text = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(cueTokens(t)).toEqual(foldText(t).match(whole) ?? []);
      }),
      { numRuns: 2000 },
    );
  });
});
