import { describe, expect, it } from 'vitest';
import { addressKey, postcodeKey, streetWords } from './address';

describe('postcodeKey', () => {
  it('upper-cases and drops spaces', () => {
    expect(postcodeKey(' sw1a 1aa ', 'GB')).toBe('SW1A1AA');
    expect(postcodeKey('1011 ab', 'NL')).toBe('1011AB');
  });

  it('drops a country prefix', () => {
    expect(postcodeKey('F-75001', 'FR')).toBe('75001');
    expect(postcodeKey('FR-75001', 'fr')).toBe('75001');
    expect(postcodeKey('D-10115', 'DE')).toBe('10115');
  });

  it('keeps a dash that belongs to the postcode', () => {
    expect(postcodeKey('00-950', 'PL')).toBe('00-950');
    expect(postcodeKey('1000-001', 'PT')).toBe('1000-001');
  });

  it('puts back leading zeros a spreadsheet dropped', () => {
    expect(postcodeKey('1000', 'FR')).toBe('01000');
    expect(postcodeKey('1067', 'DE')).toBe('01067');
    expect(postcodeKey('1000', 'BE')).toBe('1000');
    expect(postcodeKey('1234', 'GB')).toBe('1234');
  });

  it('treats an empty value as absent', () => {
    expect(postcodeKey('', 'FR')).toBeNull();
    expect(postcodeKey('  ', 'FR')).toBeNull();
  });
});

describe('addressKey', () => {
  it('folds abbreviations, accents and punctuation', () => {
    const key = '12 r st denis|75001|paris';
    expect(addressKey('12, Rue Saint-Denis', '75001', 'Paris')).toBe(key);
    expect(addressKey('12 r. St Denis', '75 001', 'PARIS')).toBe(key);
    expect(addressKey('12 RUE ST-DENIS', '75001', 'Paris Cedex 01')).toBe(key);
  });

  it('folds the other street types', () => {
    expect(addressKey('3 Avenue Foch', '', '')).toBe(addressKey('3 av. Foch', '', ''));
    expect(addressKey('5 Boulevard Haussmann', '', '')).toBe(addressKey('5 bd Haussmann', '', ''));
    expect(addressKey('10 Downing Street', 'SW1A 2AA', 'London')).toBe(addressKey('10 Downing St', 'sw1a2aa', 'london'));
    expect(addressKey('1 Abbey Road', '', '')).toBe(addressKey('1 Abbey Rd.', '', ''));
    expect(addressKey('Hauptstraße 5', '10115', 'Berlin')).toBe(addressKey('Hauptstr. 5', '10115', 'Berlin'));
    expect(addressKey('Berliner Straße 5', '', '')).toBe(addressKey('Berliner Str. 5', '', ''));
    expect(addressKey('Calle Mayor 3', '', 'Málaga')).toBe(addressKey('C/ Mayor 3', '', 'MALAGA'));
  });

  it('uses the country to repair the postcode', () => {
    expect(addressKey('1 rue Neuve', '1000', 'Bourg-en-Bresse', 'FR')).toBe('1 r neuve|01000|bourg en bresse');
  });

  it('needs a street', () => {
    expect(addressKey('', '75001', 'Paris')).toBeNull();
    expect(addressKey(' , ', '75001', 'Paris')).toBeNull();
  });

  it('exposes the street words', () => {
    expect(streetWords('12 bis, Avenue du Général Leclerc')).toEqual(['12', 'bis', 'av', 'du', 'general', 'leclerc']);
  });
});
