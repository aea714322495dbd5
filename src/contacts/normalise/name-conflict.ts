import { randomBytes } from 'node:crypto';
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
  return differ(a, plainWords(fullWords(b.given)), plainWords(fullWords(b.family)));
}

/**
 * The words of one part of the other name (given or family), as the comparison asks about them:
 * in plain (a stored person), or sealed (an erased person's tombstone, see SealedName).
 */
interface Words {
  readonly empty: boolean;
  /** Whether `word` is alike one of these words. */
  holds(word: string): boolean;
  /** Whether each of these words is alike one of `words`. */
  within(words: readonly string[]): boolean;
  /** Whether these words run together are `text`. */
  spells(text: string): boolean;
}

/** namesDiffer, with the other name's given (`gb`) and family (`fb`) words as Words. */
function differ(a: Named, gb: Words, fb: Words): boolean {
  const ga = fullWords(a.given);
  if (!conflict(ga, gb)) return false;
  return !agree(fullWords(a.family), gb) && !agree(ga, fb);
}

/** The folded words of a name, initials left out. */
function fullWords(name: string | null | undefined): string[] {
  return name ? foldWords(name).filter((w) => w.length > 1) : [];
}

/** Both known, and neither's words are all among the other's (nor are they one word split otherwise). */
function conflict(x: readonly string[], y: Words): boolean {
  if (x.length === 0 || y.empty) return false;
  if (x.every((w) => y.holds(w)) || y.within(x)) return false;
  return !y.spells(x.join(''));
}

function agree(x: readonly string[], y: Words): boolean {
  return x.length > 0 && !y.empty && !conflict(x, y);
}

function plainWords(words: readonly string[]): Words {
  return {
    empty: words.length === 0,
    holds: (w) => words.some((v) => alike(w, v)),
    within: (xs) => words.every((v) => xs.some((w) => alike(v, w))),
    spells: (text) => words.join('') === text,
  };
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

/** A keyed hash (the caller's: an HMAC with the store's key, within a context). */
export type Seal = (text: string) => string;

/**
 * A name as an erased person's tombstone keeps it, so that namesDiffer can still be asked of it
 * (differsFromSealed) without the name: for each folded word of the given and the family name, the
 * keyed hashes of the word and, in words of four letters or more, of each form of it with one
 * letter masked (what a slip of one letter is found by; a swap of two is found by hashing the
 * row's word swapped), in sorted order and padded with random hashes to at least WORD_HASHES, so
 * that neither the order nor the count tells the word's length; and the hash of each part's words
 * run together. Nothing of the name can be read back without the key; with it, a guess can be
 * tested, as for the other tombstones.
 */
export interface SealedName {
  readonly given: readonly (readonly string[])[];
  readonly family: readonly (readonly string[])[];
  readonly givenJoined: string | null;
  readonly familyJoined: string | null;
}

/** The fewest hashes kept per word: a word of up to WORD_HASHES − 1 letters shows no length. */
export const WORD_HASHES = 16;

/** What each hashed form of a word is, so that no form of one kind can match one of another. */
const WORD = 'w:';
const MASKED = 'm:';
const JOINED = 'j:';

function masked(word: string, i: number): string {
  return `${MASKED}${word.slice(0, i)}\u0000${word.slice(i + 1)}`;
}

/** The keyed hashes of a word's forms that find a word alike it among sealed ones: itself, and (four letters or more) its masked and swapped forms. */
function probes(word: string, seal: Seal): string[] {
  const out = [seal(WORD + word)];
  if (word.length < 4) return out;
  for (let i = 0; i < word.length; i++) out.push(seal(masked(word, i)));
  for (let i = 0; i + 1 < word.length; i++) if (word[i] !== word[i + 1]) out.push(seal(WORD + word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)));
  return out;
}

function sealWord(word: string, seal: Seal, filler: () => string): string[] {
  const hashes = [seal(WORD + word)];
  if (word.length >= 4) for (let i = 0; i < word.length; i++) hashes.push(seal(masked(word, i)));
  while (hashes.length < WORD_HASHES) hashes.push(filler());
  return hashes.sort();
}

const randomHash = (): string => randomBytes(8).toString('hex');

/** A name sealed for a tombstone; null when its given name has no full word (namesDiffer could then never tell it apart). */
export function sealName(name: Named, seal: Seal, filler: () => string = randomHash): SealedName | null {
  const given = fullWords(name.given);
  if (given.length === 0) return null;
  const family = fullWords(name.family);
  return {
    given: given.map((w) => sealWord(w, seal, filler)),
    family: family.map((w) => sealWord(w, seal, filler)),
    givenJoined: seal(JOINED + given.join('')),
    familyJoined: family.length ? seal(JOINED + family.join('')) : null,
  };
}

function sealedWords(words: readonly (readonly string[])[], joined: string | null, seal: Seal): Words {
  const sets = words.map((w) => new Set(w));
  const probed = new Map<string, string[]>();
  const probesOf = (w: string): string[] => probed.get(w) ?? probed.set(w, probes(w, seal)).get(w)!;
  const alikeOne = (w: string, set: ReadonlySet<string>): boolean => probesOf(w).some((h) => set.has(h));
  return {
    empty: sets.length === 0,
    holds: (w) => sets.some((set) => alikeOne(w, set)),
    within: (xs) => sets.every((set) => xs.some((w) => alikeOne(w, set))),
    spells: (text) => joined !== null && seal(JOINED + text) === joined,
  };
}

/** namesDiffer(a, b), with b as a tombstone keeps it (sealName, with the same seal). */
export function differsFromSealed(a: Named, b: SealedName, seal: Seal): boolean {
  return differ(a, sealedWords(b.given, b.givenJoined, seal), sealedWords(b.family, b.familyJoined, seal));
}
