import { memoise } from '../../core/memo';
import type { Question } from '../questions';
import { chunksOf, repeats, withoutLinkPaths } from '../text';

// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\u0000-\u007f]*$/;

/** Lower case, no accents, typographic apostrophes made plain. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[’‘]/g, "'").toLowerCase();
}

/** A token: a word, hashtag or mention (the pattern other token scans must follow to count alike). */
export const TOKEN = "[#@]?[\\p{L}\\p{N}_']+";
const TOKENS = new RegExp(TOKEN, 'gu');

const NONE: readonly string[] = [];
/** The tokens of a piece of text between whitespace (no token spans whitespace); a link's up to its host (`withoutLinkPaths`). */
const chunkTokens = memoise((chunk: string): readonly string[] => foldText(withoutLinkPaths(chunk)).match(TOKENS) ?? NONE, undefined, repeats);

/** Words, hashtags and mentions, in order; punctuation and the paths of links dropped. */
export function cueTokens(text: string): string[] {
  const out: string[] = [];
  for (const chunk of chunksOf(text)) for (const token of chunkTokens(chunk)) out.push(token);
  return out;
}

/** The tokens of the cues that decided a stance: what distant supervision and the model leave out. */
export function cueMask(cues: readonly { readonly cue: string }[]): Set<string> {
  const mask = new Set<string>();
  for (const c of cues) for (const t of cueTextTokens(c.cue)) mask.add(t);
  return mask;
}

/** The tokens of a cue's text: a question has few cues, met again and again. */
const cueTextTokens = memoise((cue: string): readonly string[] => cueTokens(cue), 10_000);

export interface CompiledCue {
  readonly text: string;
  readonly side: 0 | 1;
  readonly weight: number;
  readonly tokens: readonly string[];
}

/** A question's cues for one language, with hashtags and handles of every language (they travel). */
export interface CueSet {
  readonly question: Question;
  readonly byFirst: ReadonlyMap<string, readonly CompiledCue[]>;
  readonly negations: ReadonlySet<string>;
}

/**
 * Compiles the cues a post in `lang` is read with: that language's phrases and negations, plus
 * the hashtags and handles of all languages. `handle` turns "@name" into the token the stored
 * text carries for it (mentions are pseudonymised at the door).
 */
export function compileCues(question: Question, lang: string, handle: (name: string) => string): CueSet {
  const byFirst = new Map<string, CompiledCue[]>();
  const add = (text: string, side: string, weight: number): void => {
    const tokens = text.startsWith('@') ? [handle(text.slice(1).toLowerCase())] : cueTokens(text);
    if (tokens.length === 0) return;
    const cue: CompiledCue = { text, side: side === question.sides[0] ? 0 : 1, weight, tokens };
    const list = byFirst.get(tokens[0]!) ?? byFirst.set(tokens[0]!, []).get(tokens[0]!)!;
    if (!list.some((c) => c.tokens.join(' ') === tokens.join(' '))) list.push(cue);
  };
  for (const [l, cues] of Object.entries(question.languages)) {
    for (const c of cues.cues) if (l === lang || /^[#@]/.test(c.text)) add(c.text, c.side, c.weight);
  }
  const negations = new Set((question.languages[lang]?.negations ?? []).flatMap((n) => cueTokens(n)));
  return { question, byFirst, negations };
}
