/**
 * Candidate base forms of an inflected word, for lexicons that list one form only (the translated
 * AFINN lists give "bon" but not "bonne", "bueno" but not "buena"). Tried in order, after the
 * word itself.
 */
const ENDINGS: Readonly<Record<string, readonly (readonly [from: string, to: string])[]>> = {
  fr: [['nnes', 'n'], ['nne', 'n'], ['euses', 'eux'], ['euse', 'eux'], ['ives', 'if'], ['ive', 'if'], ['es', ''], ['s', ''], ['e', ''], ['x', '']],
  es: [['as', 'o'], ['os', 'o'], ['a', 'o'], ['es', ''], ['s', '']],
  it: [['e', 'o'], ['a', 'o'], ['i', 'o'], ['i', 'e']],
  de: [['en', ''], ['em', ''], ['er', ''], ['es', ''], ['e', '']],
  nl: [['en', ''], ['e', '']],
};

export function baseForms(word: string, lang: string): string[] {
  const out: string[] = [];
  for (const [from, to] of ENDINGS[lang] ?? []) {
    if (word.length - from.length >= 2 && word.endsWith(from)) out.push(word.slice(0, -from.length) + to);
  }
  return out;
}
