/**
 * Folding text for comparison keys: lower case, accents stripped, the few Latin letters that
 * Unicode does not decompose mapped by hand (ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ→d, þ→th, ı→i).
 * Used by the name, address and fuzzy keys, never for display.
 */

const COMBINING = /\p{M}+/gu;
const UNDECOMPOSED = /[ßæœøłđþı]/g;
const UNDECOMPOSED_MAP: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th', ı: 'i' };
/** Printable ASCII: needs no Unicode normalisation (other text just takes the slower path). */
const ASCII = /^[ -~]*$/;

/**
 * Lower-cases `text` and strips its diacritics (NFD, then drops combining marks — UAX #15).
 * ASCII input skips the Unicode work, which is most of the cost on real files.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(COMBINING, '').replace(UNDECOMPOSED, (c) => UNDECOMPOSED_MAP[c] ?? c);
}

const NOT_LETTER = /[^\p{L}]+/gu;
const NOT_ASCII_LETTER = /[^a-z]+/g;

/** `foldText`, keeping letters only (any script): "O'Brien-Núñez" → "obriennunez". */
export function foldLetters(text: string): string {
  const folded = foldText(text);
  return ASCII.test(folded) ? folded.replace(NOT_ASCII_LETTER, '') : folded.replace(NOT_LETTER, '');
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** `foldText` split into words of letters and digits: "12, Rue St-Denis" → ["12", "rue", "st", "denis"]. */
export function foldWords(text: string): string[] {
  const folded = foldText(text).replace(NOT_WORD, ' ').trim();
  return folded === '' ? [] : folded.split(' ');
}
