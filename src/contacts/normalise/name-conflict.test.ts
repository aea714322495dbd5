import { describe, expect, it } from 'vitest';
import { namesDiffer } from './name-conflict';

const n = (given: string | null, family: string | null) => ({ given, family });

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
    }
  });
});
