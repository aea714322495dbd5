import type { Classification } from '../classify';
import { memoise } from '../../core/memo';
import { hourOf } from '../rollup/sum.mjs';
import { extractTerms } from './extract';
import type { TermParams } from './sum.mjs';
import { addTermLines, termParamsFrom } from './sum.mjs';

export type TermKind = 'hashtag' | 'phrase' | 'question';
export const TERM_KINDS: readonly TermKind[] = ['hashtag', 'phrase', 'question'];

/** One cell of the term rollups (table listen_terms): posts of one hour that carry a term. */
export interface TermCell {
  readonly kind: TermKind;
  readonly term: string;
  /** '' counts every post; question rows are also counted under each topic of their post. */
  readonly topic: string;
  readonly hour: number;
  readonly posts: number;
}

/**
 * What one classified post adds to the term rollups, one `kind\tterm\ttopic` per line: a line
 * per hashtag, phrase and question (topic ''), and per question and topic of the post, so that
 * questions can be grouped by topic. Hashtags and phrases are not counted by topic: that would
 * multiply the rows of the largest kind for a filter few need. Terms hold no tab or line break
 * (whitespace is collapsed to single spaces).
 */
export function termLines(text: string, c: Pick<Classification, 'lang' | 'topics'>): string {
  let key = c.lang ?? '';
  // Topics are slugs and languages codes: neither holds a control character.
  for (const topic of c.topics) key += `\u0000${topic}`;
  return remembered(`${key}\u0001${text}`);
}

/**
 * Texts repeat (reposts): their lines are remembered, by language, topics and text. On 100,000
 * posts a stream worker spent 1.7 s of its 12.8 s of CPU extracting terms, most of it for texts it had seen.
 */
const TERM_LINES_CACHE = 8_000;
const remembered = memoise((key: string): string => {
  const textAt = key.indexOf('\u0001');
  const [lang, ...topics] = key.slice(0, textAt).split('\u0000');
  return linesOf(key.slice(textAt + 1), lang || null, topics);
}, TERM_LINES_CACHE);

function linesOf(text: string, lang: string | null, topics: readonly string[]): string {
  const terms = extractTerms(text, lang);
  const lines: string[] = [];
  for (const tag of terms.hashtags) lines.push(`hashtag\t${tag}\t`);
  for (const phrase of terms.phrases) lines.push(`phrase\t${phrase}\t`);
  for (const q of terms.questions) {
    lines.push(`question\t${q}\t`);
    for (const topic of topics) lines.push(`question\t${q}\t${topic}`);
  }
  return lines.join('\n');
}

/** The same as bound parameters of the term upsert (one post: every count is 1). */
export function termParamsOf(question: string, createdAt: number, text: string, c: Pick<Classification, 'lang' | 'topics'>): TermParams[] {
  return termParamsFrom(question, addTermLines(new Map(), hourOf(createdAt), termLines(text, c)));
}

/** The start of a time's hour (the term rollups' time key, as the rollups'). */
export { hourOf };

/** The hourly posts of one term (kind, term, topic): the shape the term analytics read. */
export interface TermSeries {
  readonly kind: TermKind;
  readonly term: string;
  readonly topic: string;
  /** Posts by hour (epoch ms of the hour's start); hours without posts are absent. */
  readonly hours: ReadonlyMap<number, number>;
}

/** Term cells as series, one per kind, term and topic. */
export function seriesOf(cells: Iterable<TermCell>): TermSeries[] {
  const out = new Map<string, { kind: TermKind; term: string; topic: string; hours: Map<number, number> }>();
  for (const c of cells) {
    const key = `${c.kind}\u0000${c.term}\u0000${c.topic}`;
    const s = out.get(key) ?? out.set(key, { kind: c.kind, term: c.term, topic: c.topic, hours: new Map() }).get(key)!;
    s.hours.set(c.hour, (s.hours.get(c.hour) ?? 0) + c.posts);
  }
  return [...out.values()];
}
