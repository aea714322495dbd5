import type { PostStore } from '../../src/listen';
import { audienceReport } from '../../src/listen/audience';
import type { Question } from '../../src/listen/questions';
import { samplePosts } from '../../src/listen/report/samples';
import { readShownTerms } from '../../src/listen/terms/read';

/** One read of the dashboard, through the application's own code. */
export interface Read {
  readonly label: string;
  run(posts: PostStore): Promise<unknown>;
}

/**
 * What the dashboard's routes read from the store (src/server/routes/listen.ts): the report and
 * trends come from the rollups (read whole, then held in memory), terms and hype from the term
 * rollups, samples and the audience breakdown from posts and their classes, with and without the
 * filters the dashboard offers. `from` is the first month of the corpus.
 */
export function readsOfTheDashboard(q: Question, from: number): Read[] {
  const june = { from: Date.UTC(2016, 5, 1), to: Date.UTC(2016, 6, 1) };
  const week = { from: Date.UTC(2016, 5, 16), to: Date.UTC(2016, 5, 23) };
  const first = { from, to: from + 7 * 86_400_000 };
  return [
    { label: 'report, trends: rollups of the question, first page of 10,000', run: (p) => p.rollups(q.id).next() },
    { label: 'post count of the question (rollups)', run: (p) => p.questionPosts(q.id) },
    { label: 'terms and hype: term cells shown (listen_terms)', run: (p) => readShownTerms(p.db, q.id, 10) },
    { label: 'samples: latest 20', run: (p) => samplePosts(p, q.id, {}, 20) },
    { label: 'samples: latest 20 of a week in June', run: (p) => samplePosts(p, q.id, week, 20) },
    { label: 'samples: latest 20 of the first week', run: (p) => samplePosts(p, q.id, first, 20) },
    { label: 'samples: latest 20 from DE', run: (p) => samplePosts(p, q.id, { country: 'DE' }, 20) },
    { label: 'samples: latest 20 on the economy', run: (p) => samplePosts(p, q.id, { topic: 'economy' }, 20) },
    { label: 'audience: all time', run: (p) => audienceReport(p, q.id, q.sides, {}) },
    { label: 'audience: June', run: (p) => audienceReport(p, q.id, q.sides, june) },
  ];
}
