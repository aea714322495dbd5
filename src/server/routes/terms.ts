import type { Context } from 'hono';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { Question } from '../../listen/questions';
import { MIN_CELL } from '../../listen/report/aggregate';
import type { ReportCache } from '../../listen/report/cache';
import type { TermKind } from '../../listen/terms/cells';
import { TERM_KINDS } from '../../listen/terms/cells';
import { normaliseQuestion } from '../../listen/terms/extract';
import { normaliseWord } from '../../listen/terms/stopwords';
import type { Routes } from './define';
import { isoTime, query, rangeInOrder, wholeNumberParam } from './input';
import { knownQuestion, QuestionParam } from './question';


/** The fewest posts a term must be counted in, in the window, to be shown (small cells are suppressed). */
export const TERM_MIN_POSTS = MIN_CELL;

export const TermKindParam = z.enum(TERM_KINDS as [TermKind, ...TermKind[]]);

const TermsQuery = z.object({
  question: QuestionParam,
  kind: TermKindParam.default('hashtag').describe('hashtag (default), phrase (word 2- and 3-grams) or question (sentences that ask something)'),
  from: isoTime.optional().describe('start of the time range, inclusive (ISO 8601); default: the first hour with posts'),
  to: isoTime.optional().describe('end of the time range, exclusive (ISO 8601); default: after the last hour with posts'),
  topic: z.string().min(1).max(64).optional().describe('kind=question only: the questions of posts on this topic'),
  limit: wholeNumberParam(1, 100, 20).describe('terms per list (1–100, default 20)'),
}).superRefine(rangeInOrder);

/**
 * Filters the term rollups cannot honour: they count terms by question, hour and (questions
 * only) topic, not by country, language or stance. A clear 400 beats a silently wider answer.
 */
export function rejectUnstoredFilters(c: Context, what: string): void {
  for (const name of ['country', 'lang', 'stance']) {
    if (c.req.query(name) !== undefined) throw new InputError(`query ${name}: ${what} are not counted by ${name} (only by time${what === 'questions' ? ' and topic' : ''}); leave it out, or see /api/listen/report for ${name}`);
  }
}

/** A term as the rollups hold it: '#' dropped from a hashtag, lower case, NFC, one space between words. */
export function termKey(kind: TermKind, raw: string): string {
  if (kind === 'question') return normaliseQuestion(raw) ?? normaliseWord(raw.trim());
  const text = normaliseWord(raw).replace(/\s+/g, ' ').trim();
  return kind === 'hashtag' ? text.replace(/^#/, '') : text;
}

/** Top and rising hashtags, phrases and questions (Google Trends' "top" and "rising"), from the term rollups. */
export function termRoutes(routes: Routes, reports: ReportCache, questions: ReadonlyMap<string, Question>): void {
  routes.add(
    {
      method: 'get',
      path: '/api/listen/terms',
      summary: `top and rising hashtags, phrases or questions in a time range. Answers {question, kind, minPosts, window: {from, to} | null, top: [{term, posts, index}], rising: [{term, posts, growth}], byTopic (kind=question only): [{topic, questions: [{term, posts, index}]}]}. top: most posts, index 0–100 against the first; rising: growth in percent of the term's share of posts from the earlier to the later half of the window (posts: in the later half), 'breakout' when new or ≥ 5000 %; terms in fewer than ${TERM_MIN_POSTS} posts are never shown. No country, lang or stance filter (400): terms are not counted by them`,
      role: 'viewer',
      query: TermsQuery,
    },
    async (c) => {
      const { question: asked, kind, limit, ...filter } = query(c, TermsQuery);
      rejectUnstoredFilters(c, `${kind}s`);
      if (filter.topic !== undefined && kind !== 'question') throw new InputError(`query topic: ${kind}s are not counted by topic (questions are); leave it out, or ask for kind=question`);
      const question = knownQuestion(questions, asked).id;
      return c.json({ question, kind, minPosts: TERM_MIN_POSTS, ...(await reports.terms.terms(question, kind, filter, limit)) });
    },
  );
}
