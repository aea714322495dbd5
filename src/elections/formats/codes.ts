/**
 * Unit codes as sources write them differ between files of the same election: the ministry pads
 * polling-station numbers to four digits in one round ("0001") and not in the other ("1"), case
 * and spacing vary. Matching needs one spelling.
 */

const SEPARATORS = /[\s\-_/.|:]+/;

/**
 * The code used to match units between rounds: lower case, split at spaces and punctuation
 * (- _ / . | :), leading zeros removed from every all-digit part ("0" stays "0"), parts joined
 * by "-". "29-29011-0001", "29 29011 1" and "29-29011-01" all become "29-29011-1"; a code with
 * letters keeps its digits ("E06000001" → "e06000001"). Accented letters are compared in one
 * Unicode form (NFC): "Évry" typed on one machine and saved decomposed on another is one code.
 */
export function normaliseUnitCode(code: string): string {
  const parts = code
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .split(SEPARATORS)
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? p.replace(/^0+(?=\d)/, '') : p));
  return parts.join('-');
}
