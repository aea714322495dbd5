import { describe, expect, it } from 'vitest';
import { normaliseLanguage } from './language';

describe('normaliseLanguage', () => {
  it.each([
    ['fr', 'fr'], ['FR', 'fr'], [' de ', 'de'], ['fr-BE', 'fr'], ['nl_BE', 'nl'], ['pt-BR', 'pt'],
    ['fra', 'fr'], ['fre', 'fr'], ['ger', 'de'], ['deu', 'de'], ['dut', 'nl'], ['spa', 'es'], ['gre', 'el'],
  ])('reads the code %j as %j', (raw, code) => {
    expect(normaliseLanguage(raw)).toEqual({ ok: true, language: code });
  });

  it.each([
    ['French', 'fr'], ['français', 'fr'], ['FRANCAIS', 'fr'], ['Französisch', 'fr'], ['francés', 'fr'], ['francese', 'fr'], ['Frans', 'fr'],
    ['German', 'de'], ['allemand', 'de'], ['Deutsch', 'de'], ['alemán', 'de'], ['tedesco', 'de'], ['Duits', 'de'],
    ['Nederlands', 'nl'], ['Vlaams', 'nl'], ['néerlandais', 'nl'], ['Spanish', 'es'], ['español', 'es'], ['castellano', 'es'],
    ['italiano', 'it'], ['Arabic', 'ar'], ['arabe', 'ar'], ['Türkisch', 'tr'], ['polonais', 'pl'], ['Portuguese', 'pt'],
  ])('reads the name %j as %j', (raw, code) => {
    expect(normaliseLanguage(raw)).toEqual({ ok: true, language: code });
  });

  it('treats an empty value as absent', () => {
    expect(normaliseLanguage('')).toBeNull();
    expect(normaliseLanguage('  ')).toBeNull();
  });

  it.each(['xx', 'qqq', 'Klingonese', '42', 'fr--'])('refuses %j', (raw) => {
    expect(normaliseLanguage(raw)).toEqual({ ok: false, reason: 'unknown language' });
  });
});
