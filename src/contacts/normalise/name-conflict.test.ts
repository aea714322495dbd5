import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Named } from './name-conflict';
import { differsFromSealed, namesDiffer, sealName, WORD_HASHES } from './name-conflict';

const n = (given: string | null, family: string | null) => ({ given, family });

/** A keyed hash within a context, as a tombstone seals a name (the point's hash as context). */
const sealIn = (context: string) => (text: string) => createHmac('sha256', 'test key').update(`${context}\u0000${text}`).digest('hex').slice(0, 16);

/** namesDiffer(a, b), asked of b sealed: the same answer, or false when b cannot be sealed (no full given name). */
function sealedAnswer(a: Named, b: Named, context = 'phone-hash'): boolean {
  const sealed = sealName(b, sealIn(context));
  return sealed === null ? false : differsFromSealed(a, sealed, sealIn(context));
}

describe('namesDiffer', () => {
  it('keeps real duplicates together: case, accents, initials, swapped columns, missing parts, one slip', () => {
    const same: [ReturnType<typeof n>, ReturnType<typeof n>][] = [
      [n('Jean', 'Dupont'), n('Jean', 'Dupont')],
      [n('JEAN', 'DUPONT'), n('jean', 'dupont')],
      [n('Gwenaëlle', 'Le Bihan'), n('Gwenaelle', 'LE BIHAN')],
      [n('J.', 'Dupont'), n('Jean', 'Dupont')],
      [n('J. P.', 'Dupont'), n('Jean-Pierre', 'Dupont')],
      [n('M.', 'Dupont'), n('Jean', 'Dupont')],
      [n('Dupont', 'Jean'), n('Jean', 'Dupont')],
      [n('Dupont', null), n('Jean', 'Dupont')],
      [n(null, 'Dupont'), n('Jean', 'Dupont')],
      [n('Jean', null), n('Jean', 'Dupont')],
      [n('Marie', 'Dupont'), n(null, 'Dupont')],
      [n(null, null), n('Jean', 'Dupont')],
      [n('Jean', 'Dupont'), n(null, null)],
      [n('Jean-Pierre', 'Dupont'), n('Pierre', 'Dupont')],
      [n('Jean Pierre', 'Dupont'), n('Jeanpierre', 'Dupont')],
      [n('Jaen', 'Dupont'), n('Jean', 'Dupont')],
      [n('Marie', 'Durand'), n('Marie', 'Dupont')],
      [n('Maria', 'Dupont'), n('Marie', 'Dupont')],
    ];
    for (const [a, b] of same) {
      expect(namesDiffer(a, b), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(false);
      expect(namesDiffer(b, a), `${JSON.stringify(b)} / ${JSON.stringify(a)}`).toBe(false);
      expect(sealedAnswer(a, b), `${JSON.stringify(a)} / sealed ${JSON.stringify(b)}`).toBe(false);
      expect(sealedAnswer(b, a), `${JSON.stringify(b)} / sealed ${JSON.stringify(a)}`).toBe(false);
    }
  });

  it('tells apart a household, an office, and names one letter longer', () => {
    const two: [ReturnType<typeof n>, ReturnType<typeof n>][] = [
      [n('Marie', 'Dupont'), n('Jean', 'Dupont')],
      [n('Paul', 'Martin'), n('Jean', 'Dupont')],
      [n('Marie', null), n('Jean', 'Dupont')],
      [n('Jeanne', 'Dupont'), n('Jean', 'Dupont')],
      [n('Paula', 'Dupont'), n('Paul', 'Dupont')],
      [n('Léa', 'Dupont'), n('Léo', 'Dupont')],
      [n('Marie-Claire', 'Dupont'), n('Anne-Claire', 'Dupont')],
      [n('Mme', 'Dupont'), n('Jean', 'Dupont')],
    ];
    for (const [a, b] of two) {
      expect(namesDiffer(a, b), `${JSON.stringify(a)} / ${JSON.stringify(b)}`).toBe(true);
      expect(namesDiffer(b, a), `${JSON.stringify(b)} / ${JSON.stringify(a)}`).toBe(true);
      expect(sealedAnswer(a, b), `${JSON.stringify(a)} / sealed ${JSON.stringify(b)}`).toBe(true);
      expect(sealedAnswer(b, a), `${JSON.stringify(b)} / sealed ${JSON.stringify(a)}`).toBe(true);
    }
  });
});

describe('differsFromSealed', () => {
  // Names of few letters, so that equal words, one letter replaced or added, two swapped, initials and compounds come up often.
  const word = fc.stringMatching(/^[abcé]{1,6}$/);
  const part = fc.option(fc.tuple(fc.array(word, { maxLength: 3 }), fc.constantFrom(' ', '-', '. ')).map(([ws, sep]) => ws.join(sep)), { nil: null });
  const name = fc.record({ given: part, family: part });
  /** A name and another made from it by one slip: a letter replaced, dropped or added, two swapped, a part moved to the other column. */
  const slip = (nm: { given: string | null; family: string | null }, k: number, c: string): Named => {
    const g = nm.given ?? '';
    const i = g.length ? k % g.length : 0;
    switch (k % 5) {
      case 0: return { ...nm, given: g.slice(0, i) + c + g.slice(i + 1) };
      case 1: return { ...nm, given: g.slice(0, i) + g.slice(i + 1) };
      case 2: return { ...nm, given: g.slice(0, i) + c + g.slice(i) };
      case 3: return { ...nm, given: g.slice(0, i) + g.slice(i + 1, i + 2) + g.slice(i, i + 1) + g.slice(i + 2) };
      default: return { given: nm.family, family: nm.given };
    }
  };

  it('answers as namesDiffer does of the name in plain, for any two names', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(sealedAnswer(a, b)).toBe(namesDiffer(a, b));
      }),
      { numRuns: 3_000 },
    );
  });

  it('answers as namesDiffer does for a name one slip away', () => {
    fc.assert(
      fc.property(name, fc.nat(), fc.constantFrom('a', 'b', 'c', 'é', 'd'), (a, k, c) => {
        const b = slip(a, k, c);
        expect(sealedAnswer(a, b)).toBe(namesDiffer(a, b));
        expect(sealedAnswer(b, a)).toBe(namesDiffer(b, a));
      }),
      { numRuns: 3_000 },
    );
  });

  it('keeps no word, nor its length, nor anything alike in another context', () => {
    const a = sealName(n('Zéphyrine', 'Quillebœuf'), sealIn('one'))!;
    const b = sealName(n('Zéphyrine', 'Quillebœuf'), sealIn('two'))!;
    const text = JSON.stringify(a);
    expect(text).not.toMatch(/z[eé]phyrine|quilleb/i);
    for (const w of [...a.given, ...a.family]) for (const h of w) expect(h).toMatch(/^[0-9a-f]{16}$/);
    // Padded: a short given name shows as many hashes as a longer one.
    expect(sealName(n('Léa', null), sealIn('one'))!.given[0]).toHaveLength(WORD_HASHES);
    expect(a.given[0]).toHaveLength(WORD_HASHES);
    // The same name sealed in two contexts (two tombstones) shares no hash.
    const all = (x: typeof a) => [...x.given.flat(), ...x.family.flat(), x.givenJoined, x.familyJoined];
    expect(all(a).filter((h) => all(b).includes(h))).toEqual([]);
    // An initial alone, or no given name, cannot tell anyone apart: nothing is sealed.
    expect(sealName(n('J.', 'Dupont'), sealIn('one'))).toBeNull();
    expect(sealName(n(null, 'Dupont'), sealIn('one'))).toBeNull();
  });
});
