import { getCountries } from 'libphonenumber-js';
import { foldText } from './fold';
import type { Normalised } from './result';
import { refused } from './result';

/** The languages whose country names are understood (those of the mapping's guessed headers). */
const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;

/** Names people write that are not a country's name in these languages. */
const ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', 'grande bretagne': 'GB', angleterre: 'GB',
  usa: 'US', 'united states of america': 'US', america: 'US', holland: 'NL', 'the netherlands': 'NL', deutschland: 'DE', espana: 'ES', italia: 'IT', 'belgie': 'BE',
};

const fold = (s: string): string => foldText(s).replace(/[^\p{L}]+/gu, ' ').trim();

let codes: Set<string> | null = null;
let names: Map<string, string> | null = null;

/** ISO 3166-1 alpha-2 codes known to libphonenumber-js, and their names in the six languages (Intl, built lazily). */
function tables(): { codes: Set<string>; names: Map<string, string> } {
  if (!codes || !names) {
    codes = new Set(getCountries());
    names = new Map(Object.entries(ALIASES));
    for (const lang of LANGUAGES) {
      const display = new Intl.DisplayNames([lang], { type: 'region' });
      for (const code of codes) {
        const name = display.of(code);
        const key = name && name !== code ? fold(name) : null;
        if (key && !names.has(key)) names.set(key, code);
      }
    }
  }
  return { codes, names };
}

/**
 * A country column's value as an ISO 3166-1 alpha-2 code: a code ("fr", "DE"; "UK" as GB), or a
 * country's name in English, French, German, Spanish, Italian or Dutch ("Allemagne", "United
 * Kingdom", "Espagne"). Anything else is refused, never cut to two letters.
 */
export function normaliseCountry(raw: string): Normalised<{ country: string }> {
  const t = raw.trim();
  const { codes: known, names: byName } = tables();
  if (/^[a-z]{2}$/i.test(t)) {
    const code = t.toUpperCase() === 'UK' ? 'GB' : t.toUpperCase();
    return known.has(code) ? { ok: true, country: code } : refused('not a country code (ISO 3166-1, such as FR or DE)');
  }
  const code = byName.get(fold(t));
  return code ? { ok: true, country: code } : refused('not a country code (such as FR) nor a country name known in English, French, German, Spanish, Italian or Dutch');
}
