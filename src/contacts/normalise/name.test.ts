import { describe, expect, it } from 'vitest';
import { cleanName, nameKey, withParticle } from './name';

describe('cleanName', () => {
  it('trims and collapses spaces', () => {
    expect(cleanName('  Jean   Pierre\t Dupont ')).toBe('Jean Pierre Dupont');
  });

  it('keeps mixed case as typed', () => {
    expect(cleanName('McDonald')).toBe('McDonald');
    expect(cleanName('van der Berg')).toBe('van der Berg');
    expect(cleanName('DiMaggio')).toBe('DiMaggio');
  });

  it.each([
    ['JEAN-PIERRE', 'Jean-Pierre'],
    ['marie-claire', 'Marie-Claire'],
    ["O'BRIEN", "O'Brien"],
    ['o’brien', 'O’Brien'],
    ["D'ARTAGNAN", "D'Artagnan"],
    ["charles d'artagnan", "Charles d'Artagnan"],
    ['CHARLES DE GAULLE', 'Charles de Gaulle'],
    ['DE GAULLE', 'De Gaulle'],
    ['ludwig van beethoven', 'Ludwig van Beethoven'],
    ['MCDONALD', 'McDonald'],
    ['ÉLODIE NÚÑEZ', 'Élodie Núñez'],
    ['J.P.', 'J.P.'],
    ['j.-p.', 'J.-P.'],
  ])('recases %j as %j', (raw, clean) => {
    expect(cleanName(raw)).toBe(clean);
  });

  it('composes to NFC', () => {
    expect(cleanName('Zoe\u0301')).toBe('Zo\u00e9');
  });

  it('leaves names without case alone', () => {
    expect(cleanName('李 小龍')).toBe('李 小龍');
  });

  it('treats an empty value as absent', () => {
    expect(cleanName('')).toBeNull();
    expect(cleanName('   ')).toBeNull();
  });
});

describe('nameKey', () => {
  it('folds accents, case and punctuation', () => {
    expect(nameKey('Élodie', 'Núñez-García')).toBe('elodie|nunezgarcia');
    expect(nameKey('ELODIE', 'nunez garcia')).toBe('elodie|nunezgarcia');
  });

  it('is the same with given and family swapped', () => {
    expect(nameKey('Jean', 'Martin')).toBe(nameKey('Martin', 'Jean'));
  });

  it('works with one part missing', () => {
    expect(nameKey('', 'Dupont')).toBe('|dupont');
    expect(nameKey('Dupont', '')).toBe('|dupont');
  });

  it('gives no key to a nameless record', () => {
    expect(nameKey('', '')).toBeNull();
    expect(nameKey(' - ', '.')).toBeNull();
  });
  it('leaves out control characters, zero-width spaces and direction overrides, keeping joiners', () => {
    expect(cleanName('Ann\u0000e')).toBe('Anne');
    expect(cleanName('\u202eeitsirhC')).toBe('eitsirhC');
    expect(cleanName('Zo\u200Be\uFEFF')).toBe('Zoe');
    expect(cleanName('\u200B')).toBeNull();
    expect(cleanName('مهر\u200Cسا')).toBe('مهر\u200Cسا');
  });
});

describe('withParticle', () => {
  it('joins a Dutch tussenvoegsel before the family name, in lower case unless typed in mixed case', () => {
    expect(withParticle('van der', 'Berg')).toBe('van der Berg');
    expect(withParticle(' VAN  DER ', 'Berg')).toBe('van der Berg');
    expect(withParticle('de', 'Vries')).toBe('de Vries');
    // Flemish names keep their capital: "Van Damme".
    expect(withParticle('Van', 'Damme')).toBe('Van Damme');
    expect(withParticle("'t", 'Hart')).toBe("'t Hart");
  });

  it('leaves a family name that already holds the particle, and a particle without a family name', () => {
    expect(withParticle('van der', 'van der Berg')).toBe('van der Berg');
    expect(withParticle('van', 'Vanderbilt')).toBe('van Vanderbilt');
    expect(withParticle('van der', null)).toBeNull();
    expect(withParticle('', 'Berg')).toBe('Berg');
    expect(withParticle(null, 'Berg')).toBe('Berg');
  });
});
