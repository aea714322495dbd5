import type { Classification } from '../../src/listen/classify';
import { cellParams, rollupCells } from '../../src/listen/rollup/cells';
import type { CellParams } from '../../src/listen/rollup/sum.mjs';
import { addCells } from '../../src/listen/rollup/sum.mjs';
import type { PostStore } from '../../src/listen/store';

/** Rollup cells keyed by their key columns, with counts as numbers and sums rounded (float order differs). */
function keyed(cells: Iterable<CellParams>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const c of cells) out[c.slice(0, 6).join('|')] = [c[6], Number(c[7].toFixed(6)), Number(c[8].toFixed(6)), c[9]];
  return out;
}

/** The rollups of a question as stored. */
export async function storedRollups(posts: PostStore, question: string): Promise<Record<string, number[]>> {
  const cells: CellParams[] = [];
  for await (const x of posts.rollups(question)) cells.push(cellParams(question, x));
  return keyed(cells);
}

/** The rollups recounted from the stored classifications, one post at a time. */
export async function recountedRollups(posts: PostStore, question: string): Promise<Record<string, number[]>> {
  const rows = await posts.db.selectFrom('post_classes').selectAll().where('question', '=', question).execute();
  const sums = new Map<string, CellParams>();
  for (const r of rows) {
    const c: Classification = {
      id: r.post_id,
      platform: r.platform,
      lang: r.lang,
      country: r.country,
      stance: { label: r.stance, score: Number(r.score), confidence: Number(r.confidence), cues: [] },
      sentiment: { compound: r.sentiment === null ? null : Number(r.sentiment) },
      topics: JSON.parse(r.topics) as string[],
      themeSentiment: JSON.parse(r.theme_sentiment) as Record<string, number>,
    };
    addCells(sums, rollupCells(Number(r.created_at), c).map((x) => cellParams(question, x)));
  }
  return keyed(sums.values());
}
