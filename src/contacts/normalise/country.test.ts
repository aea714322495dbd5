import { describe, expect, it } from 'vitest';
import { normaliseCountry } from './country';

describe('normaliseCountry', () => {
  it('reads codes and names in the six languages', () => {
    const cases: [string, string][] = [
      ['fr', 'FR'], ['DE', 'DE'], ['UK', 'GB'], ['Germany', 'DE'], ['Allemagne', 'DE'], ['Deutschland', 'DE'], ['Spain', 'ES'], ['España', 'ES'],
      ['United Kingdom', 'GB'], ['Royaume-Uni', 'GB'], ['Países Bajos', 'NL'], ['Nederland', 'NL'], ['Italia', 'IT'], ['États-Unis', 'US'], ['België', 'BE'], ['  belgique ', 'BE'],
    ];
    for (const [raw, code] of cases) expect([raw, normaliseCountry(raw)]).toEqual([raw, { ok: true, country: code }]);
  });

  it('refuses what is neither, instead of cutting it to two letters', () => {
    expect(normaliseCountry('XX')).toEqual({ ok: false, reason: 'not a country code (ISO 3166-1, such as FR or DE)' });
    expect(normaliseCountry('Atlantis').ok).toBe(false);
    expect(normaliseCountry('Georgia, USA').ok).toBe(false);
  });
});
