import { foldWords } from './fold';

/** A person's name as stored or as a row gives it; either part may be missing. */
export interface Named {
  readonly given?: string | null;
  readonly family?: string | null;
}

/**
 * Whether two names are clearly those of two people: what keeps a row that shares an e-mail or a
 * phone with someone (a household's landline, an office's address) from being merged into them.
 * Conservative, as a merge is the rule for a shared e-mail or phone: the names are compared folded
 * (case, accents, punctuation), and they differ only when both given names are known and neither
 * holds the other's words ("Jean" / "Jean-Pierre" agree, "Marie" / "Jean" do not), with one letter
 * replaced or two swapped forgiven in names of four letters or more ("Jaen" / "Jean"); initials
 * ("J.", or "M." for Monsieur) never decide, nor does a missing part (a row with a family name
 * alone), nor the family name (a name taken on marriage). A given name found in the other's family
 * name column ("Dupont Jean" / "Jean Dupont": columns swapped) agrees. A letter added or dropped is
 * not forgiven: it is how Paul and Paula, Denis and Denise, Jean and Jeanne differ.
 */
export function namesDiffer(a: Named, b: Named): boolean {
  // Most merges see the same spelling again (a re-import): nothing to fold.
  if (a.given === b.given && a.family === b.family) return false;
  const ga = fullWords(a.given);
  const gb = fullWords(b.given);
  if (!conflict(ga, gb)) return false;
  return !agree(fullWords(a.family), gb) && !agree(ga, fullWords(b.family));
}

/** The folded words of a name, initials left out. */
function fullWords(name: string | null | undefined): string[] {
  return name ? foldWords(name).filter((w) => w.length > 1) : [];
}

/** Both known, and neither's words are all among the other's (nor are they one word split otherwise). */
function conflict(x: readonly string[], y: readonly string[]): boolean {
  if (x.length === 0 || y.length === 0) return false;
  if (within(x, y) || within(y, x)) return false;
  return x.join('') !== y.join('');
}

function agree(x: readonly string[], y: readonly string[]): boolean {
  return x.length > 0 && y.length > 0 && !conflict(x, y);
}

function within(x: readonly string[], y: readonly string[]): boolean {
  return x.every((w) => y.some((v) => alike(w, v)));
}

/** The same word, or one slip of the keyboard apart in a word of four letters or more: a letter replaced, or two neighbours swapped. */
function alike(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length || a.length < 4) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
