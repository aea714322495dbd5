import { MIN_CELL } from '../report/aggregate';
import type { PostStore } from '../store';
import type { TermKind } from './cells';
import { seriesOf, TERM_KINDS } from './cells';
import type { RankedTerm } from './rank';
import { topTerms } from './rank';
import { readShownTerms } from './read';

export type TopTerms = Readonly<Record<TermKind, readonly RankedTerm[]>>;

/** The `limit` terms of each kind carried by most posts of a question in the store, over all its time. */
export async function topTermsInStore(posts: PostStore, question: string, limit: number): Promise<TopTerms> {
  const series = seriesOf(await readShownTerms(posts.db, question, MIN_CELL));
  const always = { from: -Infinity, to: Infinity };
  return { hashtag: topTerms(series, 'hashtag', '', always, limit, MIN_CELL), phrase: topTerms(series, 'phrase', '', always, limit, MIN_CELL), question: topTerms(series, 'question', '', always, limit, MIN_CELL) };
}

const TITLES: Readonly<Record<TermKind, string>> = { hashtag: 'Top hashtags', phrase: 'Top phrases', question: 'Most asked questions' };

/** The top terms as readable lines, for a terminal. */
export function formatTopTerms(top: TopTerms): string {
  const lines: string[] = [];
  for (const kind of TERM_KINDS) {
    lines.push('', `${TITLES[kind]} (posts; none of fewer than ${MIN_CELL} posts is shown)`);
    if (top[kind].length === 0) lines.push('  (none)');
    for (const t of top[kind]) lines.push(`  ${`${kind === 'hashtag' ? '#' : ''}${t.term}`.padEnd(40)} ${t.posts.toLocaleString('en').padStart(9)}`);
  }
  return lines.join('\n');
}
