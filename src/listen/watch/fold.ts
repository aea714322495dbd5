/**
 * How watchlists read text: case and accents do not matter ("Élysée" is "elysee"), nor does
 * compatibility form (full-width letters, ligatures); words are runs of letters and digits.
 */

const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const HASHTAG = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]*[\p{L}\p{N}][\p{L}\p{N}_]*)/gu;

/** Lower case, compatibility-decomposed, without combining marks. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** Without combining marks, case kept (expressions match case-insensitively by their flag). */
export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').normalize('NFC');
}

/** The folded words of a text, in order: punctuation and symbols between them are ignored. */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** A hashtag as watchlists compare it: folded, without '#'; null when it holds no letter or digit. */
export function normaliseHashtag(tag: string): string | null {
  const bare = fold(tag.trim().replace(/^#/, ''));
  return /^[\p{L}\p{N}_]+$/u.test(bare) && /[\p{L}\p{N}]/u.test(bare) ? bare : null;
}

/** The hashtags of a text, normalised ("#Brexit!" → "brexit"); "&#39;" and "a#b" are not tags. */
export function hashtagsOf(text: string): string[] {
  if (!text.includes('#')) return [];
  const out: string[] = [];
  for (const m of text.matchAll(HASHTAG)) out.push(fold(m[1]!));
  return out;
}
