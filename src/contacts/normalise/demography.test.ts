import { describe, expect, it } from 'vitest';
import { ageBand, birthYearOf, normaliseGender, supportLevel } from './demography';

const now = new Date('2026-06-01T00:00:00Z');

describe('birthYearOf', () => {
  it.each([
    [1987, 1987], ['1987', 1987], [' 1987 ', 1987], ['1987-03-02', 1987], ['1987-3-2', 1987], ['1987-03-02T00:00:00Z', 1987],
    ['02/03/1987', 1987], ['02.03.1987', 1987], ['31/12/1987', 1987], ['12/31/1987', 1987], ['1906', 1906], ['2012', 2012],
  ])('reads %j as %j', (raw, year) => {
    expect(birthYearOf(raw, now)).toEqual({ ok: true, year });
  });

  it('treats an empty value as absent', () => {
    expect(birthYearOf('', now)).toBeNull();
    expect(birthYearOf('  ', now)).toBeNull();
  });

  it('takes a birthday without its year (Mailchimp: 05/17; 17.05.) as no birth year, not as a bad value', () => {
    for (const raw of ['05/17', '17/05', '17.05.', '1-2', '12/31']) expect(birthYearOf(raw, now)).toBeNull();
    expect(birthYearOf('13/13', now)).toEqual({ ok: false, reason: 'not a year or a date' });
    expect(birthYearOf('05/32', now)).toEqual({ ok: false, reason: 'not a year or a date' });
  });

  it.each([
    ['2013', 'birth year after 2012 (younger than 14)'],
    [2026, 'birth year after 2012 (younger than 14)'],
    ['1905', 'birth year before 1906 (older than 120)'],
    ['87', 'two-digit year is ambiguous'],
    ['02/03/87', 'two-digit year is ambiguous'],
    ['1987-13-02', 'not a valid date'],
    ['32/13/1987', 'not a valid date'],
    ['1987-02-00', 'not a valid date'],
    ['yesterday', 'not a year or a date'],
    [1987.5, 'not a year or a date'],
    [Number.NaN, 'not a year or a date'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(birthYearOf(raw, now)).toEqual({ ok: false, reason });
  });
});

describe('ageBand', () => {
  it.each([
    [2009, 'under 18'], [2008, '18-24'], [2002, '18-24'], [2001, '25-34'], [1992, '25-34'], [1991, '35-44'], [1982, '35-44'],
    [1981, '45-54'], [1972, '45-54'], [1971, '55-64'], [1962, '55-64'], [1961, '65+'], [1906, '65+'],
  ])('puts someone born in %j in %j', (year, band) => {
    expect(ageBand(year, now)).toBe(band);
  });
});

describe('normaliseGender', () => {
  it.each(['F', 'f', 'Female', 'woman', 'Mme', 'Madame', 'femme', 'Frau', 'weiblich', 'W', 'mujer', 'Sra.', 'señora', 'donna', 'Sig.ra', 'vrouw', 'V', 'Mevr.'])(
    'reads %j as female',
    (raw) => expect(normaliseGender(raw)).toBe('female'),
  );
  it.each(['M', 'male', 'Man', 'Mr.', 'M.', 'homme', 'H', 'Monsieur', 'Herr', 'männlich', 'hombre', 'Sr.', 'señor', 'uomo', 'maschio', 'Dhr.', 'mannelijk'])(
    'reads %j as male',
    (raw) => expect(normaliseGender(raw)).toBe('male'),
  );
  it.each(['X', 'other', 'non-binary', 'Non binaire', 'divers', 'D', 'autre', 'otro', 'altro', 'anders', 'Mx'])('reads %j as other', (raw) =>
    expect(normaliseGender(raw)).toBe('other'),
  );

  it('reads M as mujer on a Spanish form', () => {
    expect(normaliseGender('M', 'es')).toBe('female');
    expect(normaliseGender('H', 'es')).toBe('male');
  });

  it('gives null for empty and unrecognised values', () => {
    expect(normaliseGender('')).toBeNull();
    expect(normaliseGender('  ')).toBeNull();
    expect(normaliseGender('prefer not to say')).toBeNull();
    expect(normaliseGender('?')).toBeNull();
  });
});

describe('supportLevel', () => {
  it.each([[1, 1], ['3', 3], [' 5 ', 5], ['2.0', 2], [4, 4]])('reads %j as %j', (raw, level) => {
    expect(supportLevel(raw)).toEqual({ ok: true, level });
  });

  it('treats an empty value as absent', () => {
    expect(supportLevel('')).toBeNull();
  });

  it.each([
    ['0', 'support level outside 1-5'],
    [6, 'support level outside 1-5'],
    ['-1', 'support level outside 1-5'],
    ['2.5', 'support level is not a whole number'],
    ['2,5', 'support level is not a whole number'],
    ['1e0', 'support level: expected one digit, 1 to 5'],
    ['strong', 'support level is not a number'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(supportLevel(raw)).toEqual({ ok: false, reason });
  });
});
