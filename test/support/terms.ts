import type { PostStore } from '../../src/listen/store';
import { hourOf, termLines } from '../../src/listen/terms/cells';
import { addTermLines } from '../../src/listen/terms/sum.mjs';

/** The term rollups of a question as stored, `hour kind term topic` → posts. */
export async function storedTerms(posts: PostStore, q: string): Promise<Record<string, number>> {
  const rows = await posts.db.selectFrom('listen_terms').selectAll().where('question', '=', q).execute();
  return Object.fromEntries(rows.map((r) => [`${Number(r.hour)}\t${r.kind}\t${r.term}\t${r.topic}`, Number(r.posts)]));
}

/** The same, recounted from the stored posts and their classifications, one post at a time. */
export async function recountedTerms(posts: PostStore, q: string): Promise<Record<string, number>> {
  const rows = await posts.db
    .selectFrom('post_classes as c')
    .innerJoin('posts as p', (j) => j.onRef('p.platform', '=', 'c.platform').onRef('p.post_id', '=', 'c.post_id'))
    .select(['p.text', 'c.created_at', 'c.lang', 'c.topics'])
    .where('c.question', '=', q)
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) addTermLines(counts, hourOf(Number(r.created_at)), termLines(r.text, { lang: r.lang, topics: JSON.parse(r.topics) as string[] }));
  return Object.fromEntries(counts);
}
