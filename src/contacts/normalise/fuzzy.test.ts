import { describe, expect, it } from 'vitest';
import { FUZZY_THRESHOLD, nameSimilarity, personSimilarity, type PersonLike } from './fuzzy';

type Pair = readonly [string, PersonLike, PersonLike];

/** Hand-labelled pairs FUZZY_THRESHOLD was chosen on: duplicates… */
const SAME: readonly Pair[] = [
  ['an exact copy', { given: 'Jean', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1980 }, { given: 'Jean', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1980 }],
  ['a typo in the family name', { given: 'Jean', family: 'Dupont', street: '3 av. Foch', postcode: '69006', birthYear: 1975 }, { given: 'Jean', family: 'Dupond', street: '3 avenue Foch', postcode: '69006', birthYear: 1975 }],
  ['given and family swapped', { given: 'Martin', family: 'Thomas', street: '8 rue Neuve', postcode: '33000', birthYear: 1990 }, { given: 'Thomas', family: 'Martin', street: '8 rue Neuve', postcode: '33000', birthYear: 1990 }],
  ['an initial', { given: 'J.', family: 'Lefèvre', street: '5 bd Haussmann', postcode: '75009', birthYear: null }, { given: 'Jean', family: 'Lefevre', street: '5 boulevard Haussmann', postcode: '75009', birthYear: 1962 }],
  ['accents and case', { given: 'ÉLODIE', family: 'NÚÑEZ', street: null, postcode: '28013', birthYear: 1988 }, { given: 'Elodie', family: 'Nunez', street: 'Calle Mayor 3', postcode: '28013', birthYear: 1988 }],
  ['a birth year from an age', { given: 'Pierre', family: 'Moreau', street: '4 place Bellecour', postcode: '69002', birthYear: 1970 }, { given: 'Pierre', family: 'Moreau', street: '4 pl. Bellecour', postcode: '69002', birthYear: 1971 }],
  ['a typo in the given name', { given: 'Catherine', family: 'Girard', street: '7 Downing Street', postcode: 'SW1A 2AA', birthYear: 1966 }, { given: 'Catharine', family: 'Girard', street: '7 Downing St', postcode: 'sw1a2aa', birthYear: 1966 }],
  ['a compound given name', { given: 'Jean-Pierre', family: 'Roux', street: '2 rue Victor Hugo', postcode: '13001', birthYear: 1955 }, { given: 'Jean Pierre', family: 'Roux', street: '2 r. Victor-Hugo', postcode: '13001', birthYear: null }],
  ['a name and a postcode only', { given: 'Hannah', family: 'Schmidt', street: null, postcode: '10115', birthYear: null }, { given: 'Hanna', family: 'Schmidt', street: 'Hauptstraße 5', postcode: '10115', birthYear: 1992 }],
  ['a name and a birth year only', { given: 'Luca', family: 'Bianchi', street: null, postcode: null, birthYear: 1983 }, { given: 'Luca', family: 'Bianchi', street: 'Via Roma 1', postcode: '00184', birthYear: 1983 }],
];

/** …and distinct people. */
const DIFFERENT: readonly Pair[] = [
  ['siblings', { given: 'Marie', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1980 }, { given: 'Paul', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1983 }],
  ['a father and son', { given: 'Jean', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1955 }, { given: 'Jean', family: 'Martin', street: '12 rue de la Paix', postcode: '75002', birthYear: 1985 }],
  ['namesakes elsewhere', { given: 'Jean', family: 'Martin', street: '1 rue A', postcode: '44000', birthYear: 1970 }, { given: 'Jean', family: 'Martin', street: '9 chemin B', postcode: '35000', birthYear: 1990 }],
  ['namesakes with nothing else known', { given: 'Jean', family: 'Martin' }, { given: 'Jean', family: 'Martin' }],
  ['neighbours', { given: 'Anne', family: 'Durand', street: '10 rue Haute', postcode: '67000', birthYear: 1960 }, { given: 'Alain', family: 'Dubois', street: '12 rue Haute', postcode: '67000', birthYear: 1961 }],
  ['an initial that differs', { given: 'J.', family: 'Lefèvre', street: '5 bd Haussmann', postcode: '75009', birthYear: null }, { given: 'Marc', family: 'Lefevre', street: '5 boulevard Haussmann', postcode: '75009', birthYear: 1962 }],
  ['cousins in two towns', { given: 'Julien', family: 'Lambert', street: '2 rue X', postcode: '59000', birthYear: 1979 }, { given: 'Julie', family: 'Lambert', street: '8 rue Y', postcode: '59800', birthYear: 1979 }],
  ['a couple', { given: 'Marc', family: 'Dubois', street: '4 allée des Pins', postcode: '06000', birthYear: 1972 }, { given: 'Marie', family: 'Dubois', street: '4 allee des Pins', postcode: '06000', birthYear: 1974 }],
];

describe('personSimilarity', () => {
  it.each(SAME)('queues %s', (_, a, b) => {
    expect(personSimilarity(a, b)).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
  });

  it.each(DIFFERENT)('does not queue %s', (_, a, b) => {
    expect(personSimilarity(a, b)).toBeLessThan(FUZZY_THRESHOLD);
  });

  it('is symmetric and in [0, 1]', () => {
    for (const [, a, b] of [...SAME, ...DIFFERENT]) {
      const score = personSimilarity(a, b);
      expect(personSimilarity(b, a)).toBeCloseTo(score, 12);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('gives 1 to identical complete records', () => {
    const person = { given: 'Ana', family: 'Silva', street: 'Rua Augusta 10', postcode: '1100-053', birthYear: 1990 };
    expect(personSimilarity(person, { ...person })).toBe(1);
  });

  it('leaves the cases the score cannot settle where the documentation says', () => {
    const twins = personSimilarity({ given: 'Léa', family: 'Petit', street: '3 rue Haute', postcode: '67000', birthYear: 2000 }, { given: 'Léo', family: 'Petit', street: '3 rue Haute', postcode: '67000', birthYear: 2000 });
    const moved = personSimilarity({ given: 'Sophie', family: 'Bernard', street: '1 rue A', postcode: '44000', birthYear: 1985 }, { given: 'Sophie', family: 'Bernard', street: '9 chemin B', postcode: '35000', birthYear: 1985 });
    expect(twins).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(moved).toBeLessThan(FUZZY_THRESHOLD);
  });

  it('copes with empty records', () => {
    expect(personSimilarity({}, {})).toBeGreaterThanOrEqual(0);
    expect(personSimilarity({}, {})).toBeLessThan(FUZZY_THRESHOLD);
    expect(personSimilarity({ given: '', family: ' ', street: ',', postcode: ' ', birthYear: null }, { given: 'Jean', family: 'Martin' })).toBeLessThan(FUZZY_THRESHOLD);
  });
});

describe('nameSimilarity', () => {
  it('matches swapped names nearly as well as straight ones', () => {
    const straight = nameSimilarity({ given: 'Jean', family: 'Martin' }, { given: 'Jean', family: 'Martin' });
    const swapped = nameSimilarity({ given: 'Jean', family: 'Martin' }, { given: 'Martin', family: 'Jean' });
    expect(straight).toBe(1);
    expect(swapped).toBeGreaterThan(0.95);
    expect(swapped).toBeLessThan(1);
  });

  it('matches initials against first letters', () => {
    expect(nameSimilarity({ given: 'J.-P.', family: 'Roux' }, { given: 'Jean-Pierre', family: 'Roux' })).toBeGreaterThan(0.9);
    expect(nameSimilarity({ given: 'J.', family: 'Roux' }, { given: 'Pierre', family: 'Roux' })).toBeLessThan(0.7);
  });

  it('ignores accents and case', () => {
    expect(nameSimilarity({ given: 'ÉLODIE', family: 'NÚÑEZ' }, { given: 'elodie', family: 'nunez' })).toBe(1);
  });
});
