import { describe, expect, it } from 'vitest';
import { countryFromFlag, countryFromLocation, resolveCountry } from './country';

describe('countryFromLocation', () => {
  it.each([
    ['London, England', 'GB'],
    ['London', 'GB'],
    ['Manchester UK', 'GB'],
    ['Glasgow, Scotland', 'GB'],
    ['Yorkshire', 'GB'],
    ['Cardiff', 'GB'],
    ['Amsterdam', 'NL'],
    ['Den Haag', 'NL'],
    ['Dublin, Ireland', 'IE'],
    ['Athens', 'GR'],
    ['Bruxelles', 'BE'],
    ['München', 'DE'],
    ['Köln', 'DE'],
    ['Londres', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Deutschland', 'DE'],
    ['España', 'ES'],
    ['Italia', 'IT'],
    ['Nederland', 'NL'],
    ['Paris, France', 'FR'],
    ['Tampa, FL', 'US'],
    ['Texas', 'US'],
    ['Utrecht, NL', 'NL'],
    ['somewhere 🇮🇪', 'IE'],
  ])('%s → %s', (location, country) => {
    expect(countryFromLocation(location)).toBe(country);
  });

  it.each(['Earth', 'somewhere over the rainbow', 'Everywhere', 'the internet', 'Europe', 'Cambridge', 'in my head', 'de', 'it'])(
    '%s stays unknown',
    (location) => {
      expect(countryFromLocation(location)).toBeNull();
    },
  );
});

describe('resolveCountry and flags', () => {
  it('prefers the platform place, then the declared location', () => {
    expect(resolveCountry('FR', 'London')).toEqual({ country: 'FR', source: 'place' });
    expect(resolveCountry(null, 'London')).toEqual({ country: 'GB', source: 'location' });
    expect(resolveCountry(null, null)).toEqual({ country: null, source: null });
  });

  it('reads flag emoji, including the flags of the UK nations', () => {
    expect(countryFromFlag('🇳🇱')).toBe('NL');
    expect(countryFromFlag('🇬🇧 proud')).toBe('GB');
    expect(countryFromFlag('🏴󠁧󠁢󠁳󠁣󠁴󠁿')).toBe('GB');
    expect(countryFromFlag('🇪🇺')).toBeNull();
  });
});
