import { foldLetters, foldText } from './fold';

/**
 * Characters that show nothing or change how the text around them shows: control characters
 * (NUL …), zero-width spaces, byte-order marks, and direction overrides, embeddings and isolates
 * (which can make a name display as another). Zero-width joiners stay: some scripts spell with them.
 */
const INVISIBLE = /[\p{Cc}\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const SPACES = /\s+/g;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
/** A word starts after these: "Jean-Pierre", "O'Brien", "d’Artagnan", "J.P.". */
const WORD_START = /(^|[\s\-'’.])(\p{L})/gu;
/** Particles written in lower case inside a name ("Charles de Gaulle", "Ludwig van Beethoven"). */
const PARTICLES = new Set(['de', 'del', 'della', 'der', 'des', 'di', 'du', 'da', 'dos', 'das', 'van', 'von', 'den', 'ten', 'ter', 'la', 'le', 'y', 'e']);
/** Elided particles: "d'Artagnan", "l'Hermite" (but "O'Brien"). */
const ELIDED = /(^|\s)([dl])(['’])/giu;
const MC = /(^|[\s-])Mc(\p{Ll})/gu;

/**
 * Tidies a name for display: trimmed, runs of spaces collapsed, NFC. Case typed by a person
 * ("McDonald", "van der Berg") is kept; only a name entirely in capitals or entirely in lower case —
 * the mark of a form or an old export — is recased: each word, including after a hyphen or an
 * apostrophe, gets a capital ("JEAN-PIERRE O'BRIEN" → "Jean-Pierre O'Brien", "MCDONALD" → "McDonald").
 * Particles (de, van, von, di, d', l'…) stay lower-case except as the first word, as at the start
 * of a sentence: "DE GAULLE" → "De Gaulle", "CHARLES DE GAULLE" → "Charles de Gaulle",
 * "D'ARTAGNAN" → "D'Artagnan", "charles d'artagnan" → "Charles d'Artagnan". An all-caps source has lost
 * the information, so "D'ANGELO" inside a longer name comes out "d'Angelo"; that is the price.
 *
 * @returns `null` for an empty or blank value.
 */
export function cleanName(raw: string): string | null {
  const name = raw.replace(INVISIBLE, '').trim().replace(SPACES, ' ').normalize('NFC');
  if (name === '') return null;
  const upper = HAS_UPPER.test(name);
  const lower = HAS_LOWER.test(name);
  if (upper && lower) return name;
  if (!upper && !lower) return name;
  return titleCase(name);
}

function titleCase(name: string): string {
  const words = name
    .toLowerCase()
    .replace(WORD_START, (_, before: string, letter: string) => before + letter.toUpperCase())
    .replace(ELIDED, (_, before: string, letter: string, quote: string) => before + letter.toLowerCase() + quote)
    .replace(MC, (_, before: string, letter: string) => `${before}Mc${letter.toUpperCase()}`)
    .split(' ');
  const cased = words.map((word, i) => (i > 0 && PARTICLES.has(word.toLowerCase()) ? word.toLowerCase() : word));
  const first = cased[0] ?? '';
  cased[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return cased.join(' ');
}

/**
 * A family name with its particle from a column of its own, as Dutch files keep it (Voornaam,
 * Tussenvoegsel, Achternaam: "van der" + "Berg" → "van der Berg"), for display and matching as one
 * name. The particle keeps the case it was typed in ("Van" in Flemish names); one entirely in
 * capitals or in lower case, the mark of a form or an old export, is written in lower case, as a
 * particle inside a name is. A family name that already begins with the particle is left as it is;
 * a particle without a family name is no name, and is left out.
 *
 * @param family a family name cleaned by `cleanName`.
 */
export function withParticle(particle: string | null, family: string | null): string | null {
  const p = particle ? cleanName(particle) : null;
  if (!p || !family) return family;
  // cleanName keeps a particle typed in mixed case as it is, and recases the others.
  const typed = HAS_UPPER.test(particle!) && HAS_LOWER.test(particle!) ? p : p.toLowerCase();
  if (foldText(family).startsWith(`${foldText(typed)} `)) return family;
  return `${typed} ${family}`;
}

/**
 * A blocking key for finding duplicate people: each part folded (accents stripped, lower-case,
 * letters only — "Núñez-García" → "nunezgarcia"), the two parts sorted, joined by "|".
 *
 * It is order-insensitive on purpose: given and family names swapped between columns is one of the
 * commonest import mistakes, and blocking only proposes candidates — `personSimilarity` and a person
 * in the review queue decide. The cost, "Martin Thomas" and "Thomas Martin" landing in one block,
 * is a few extra comparisons.
 *
 * @returns `null` when neither part has a letter, so nameless records do not all block together.
 */
export function nameKey(given: string, family: string): string | null {
  const a = foldLetters(given);
  const b = foldLetters(family);
  if (a === '' && b === '') return null;
  return a <= b ? `${a}|${b}` : `${b}|${a}`;
}
