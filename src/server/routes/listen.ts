import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { Question } from '../../listen/questions';
import type { ReportCache } from '../../listen/report/cache';
import { HYPE_KINDS } from '../../listen/report/cache';
import { samplePosts } from '../../listen/report/samples';
import { AudienceCache, MIN_PEOPLE } from '../../listen/audience';
import type { PostStore } from '../../listen/store';
import type { Routes } from './define';
import { isoTime, query, rangeInOrder, wholeNumberParam } from './input';
import { knownQuestion, QuestionParam } from './question';
import { rejectUnstoredFilters, termKey, TermKindParam } from './terms';


const Filters = {
  question: QuestionParam,
  from: isoTime.optional().describe('start of the time range, inclusive (ISO 8601)'),
  to: isoTime.optional().describe('end of the time range, exclusive (ISO 8601)'),
  country: z.string().regex(/^([A-Z]{2}|unknown)$/, 'expected an ISO 3166-1 alpha-2 code in capitals, or unknown').optional().describe('country code, or unknown'),
  lang: z.string().regex(/^([a-z]{2,3}|unknown)$/, 'expected an ISO 639-1 code, or unknown').optional().describe('language code, or unknown'),
  topic: z.string().min(1).max(64).optional().describe('only posts on this topic'),
  stance: z.string().regex(/^(neutral|(strong|weak)_[a-z0-9_-]+)$/, 'expected neutral, strong_<side> or weak_<side>').optional().describe('one label of the 5-point scale'),
};
const ReportQuery = z.object(Filters).superRefine(rangeInOrder);
const { topic: _topic, ...Narrowing } = Filters;
const TrendsQuery = z.object({
  ...Narrowing,
  topic: z.string().min(1).max(64).optional().describe('the topic whose interest is wanted (or give term)'),
  term: z.string().min(1).max(200).optional().describe('instead of topic: the hashtag, phrase or question whose interest is wanted (no country, lang or stance filter)'),
  kind: TermKindParam.default('hashtag').describe('with term: hashtag (default), phrase or question'),
  bucket: z.enum(['hour', 'day']).default('day').describe('hour or day (default day)'),
}).superRefine(rangeInOrder);
const HypeQuery = z.object({ ...Narrowing, kind: z.enum(HYPE_KINDS as ['topic', 'hashtag', 'phrase']).optional().describe('topic, hashtag or phrase; default all (topics only under a country, lang or stance filter, which terms are not counted by)') }).superRefine(rangeInOrder);
const SamplesQuery = z.object({ ...Filters, limit: wholeNumberParam(1, 100, 20).describe('how many posts (1–100, default 20)') }).superRefine(rangeInOrder);

/** The listening reads: the questions the server knows, the SSIX-style report, topic interest and hype, from the rollups, filtered. */
export function listenRoutes(routes: Routes, reports: ReportCache, questions: ReadonlyMap<string, Question>, posts: PostStore): void {
  const known = (id: string | undefined): Question => knownQuestion(questions, id);
  routes.add({ method: 'get', path: '/api/listen/questions', summary: 'the questions this server reports on, with their sides', role: 'viewer' }, (c) =>
    c.json({ questions: [...questions.values()].map((q) => ({ id: q.id, sides: q.sides })) }),
  );
  routes.add({ method: 'get', path: '/api/listen/report', summary: 'the report of the stored posts (shares with 95 % intervals, by country, topic, day, language), filtered; from rollups held in memory, at most 5 s behind posts stored by other processes', role: 'viewer', query: ReportQuery }, async (c) => {
    const { question, ...filter } = query(c, ReportQuery);
    return c.json(await reports.report(known(question), filter));
  });
  routes.add({ method: 'get', path: '/api/listen/trends', summary: "interest in a topic, 0–100 (its share of the posts of each time, and of each country, scaled to the peak; Google Trends' definition), with the other filters: {question, topic, bucket, overTime: [{t, index}], byRegion: [{country, index}]}; or in a term (term=, kind=): {question, kind, term, bucket, posts, overTime} (overTime empty when the term is in fewer than 10 posts)", role: 'viewer', query: TrendsQuery }, async (c) => {
    const { question: asked, topic, term, kind, bucket, ...filter } = query(c, TrendsQuery);
    const question = known(asked).id;
    if (term === undefined) {
      if (topic === undefined) throw new InputError('query topic: expected a topic, or a term (with kind=hashtag|phrase|question)');
      return c.json({ question, topic, bucket, ...(await reports.trends(question, topic, bucket, filter)) });
    }
    if (topic !== undefined) throw new InputError('query term: give a topic or a term, not both');
    rejectUnstoredFilters(c, `${kind}s`);
    const key = termKey(kind, term);
    return c.json({ question, kind, term: key, bucket, ...(await reports.terms.interest(question, kind, key, bucket, { from: filter.from, to: filter.to })) });
  });
  routes.add({ method: 'get', path: '/api/listen/hype', summary: "volume bursts per topic, hashtag and phrase (EWMA baseline, z ≥ 3, at least 10 posts an hour), newest first: {question, alerts: [{kind: 'topic', topic, …} | {kind: 'hashtag' | 'phrase', term, …}, each with start, peak, peakCount, baseline, z, magnitude]}", role: 'viewer', query: HypeQuery }, async (c) => {
    const { question: asked, kind, ...filter } = query(c, HypeQuery);
    const question = known(asked).id;
    if (kind !== undefined && kind !== 'topic') rejectUnstoredFilters(c, `${kind}s`);
    return c.json({ question, alerts: await reports.hype(question, filter, kind ? [kind] : HYPE_KINDS) });
  });
  routes.add({ method: 'get', path: '/api/listen/samples', summary: 'the latest classified posts that pass the filters, pseudonymous (authors and mentions are keyed pseudonyms), each with the cues that decided its stance', role: 'viewer', query: SamplesQuery }, async (c) => {
    const { question: asked, limit, ...filter } = query(c, SamplesQuery);
    const question = known(asked).id;
    return c.json({ question, posts: await samplePosts(posts, question, filter, limit) });
  });
  const audience = new AudienceCache(posts);
  routes.add({ method: 'get', path: '/api/listen/audience', summary: `who posted, by age band and gender, where the input carried them: posts, distinct authors and side B's share per cell; any cell resting on fewer than ${MIN_PEOPLE} distinct people is suppressed (null), and so is the next smallest of its line when it would give a hidden one away`, role: 'viewer', query: ReportQuery }, async (c) => {
    const { question, ...filter } = query(c, ReportQuery);
    const q = known(question);
    return c.json(await audience.report(q.id, q.sides, filter));
  });
}
