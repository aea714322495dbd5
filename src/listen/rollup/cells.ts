import type { Classification } from '../classify';
import type { CellParams } from './sum.mjs';
import { HOUR_MS } from './sum.mjs';

export { HOUR_MS };

/** One cell of the listening rollups (table listen_rollups). */
export interface RollupCell {
  readonly hour: number;
  readonly country: string | null;
  readonly lang: string | null;
  readonly stance: string;
  /** '' for the row that counts every post once. */
  readonly topic: string;
  readonly posts: number;
  readonly scoreSum: number;
  /** Compound sentiment for topic '', theme sentiment for a topic. */
  readonly sentimentSum: number;
  readonly sentimentN: number;
}

/** What one classified post adds to the rollups: a row for all posts, and one per topic. */
export function rollupCells(createdAt: number, c: Classification): RollupCell[] {
  return cellParamsOf('', createdAt, c).map(cellFromParams);
}

/** The same cells as bound parameters of the rollup upsert, built directly (ingest calls this per post). */
export function cellParamsOf(question: string, createdAt: number, c: Classification): CellParams[] {
  const hour = Math.floor(createdAt / HOUR_MS) * HOUR_MS;
  const country = c.country ?? '';
  const lang = c.lang ?? '';
  const { label, score } = c.stance;
  const compound = c.sentiment.compound;
  const cells: CellParams[] = [[question, hour, country, lang, label, '', 1, score, compound ?? 0, compound === null ? 0 : 1]];
  for (const topic of c.topics) cells.push([question, hour, country, lang, label, topic, 1, score, c.themeSentiment[topic] ?? 0, 1]);
  return cells;
}

/** A cell as bound parameters of the rollup upsert; unknown country or language is ''. */
export function cellParams(question: string, x: RollupCell): CellParams {
  return [question, x.hour, x.country ?? '', x.lang ?? '', x.stance, x.topic, x.posts, x.scoreSum, x.sentimentSum, x.sentimentN];
}

/** A stored row back as a cell. */
export function cellFromRow(r: { hour: number | string; country: string; lang: string; stance: string; topic: string; posts: number | string; score_sum: number; sentiment_sum: number; sentiment_n: number | string }): RollupCell {
  return {
    hour: Number(r.hour),
    country: r.country || null,
    lang: r.lang || null,
    stance: r.stance,
    topic: r.topic,
    posts: Number(r.posts),
    scoreSum: Number(r.score_sum),
    sentimentSum: Number(r.sentiment_sum),
    sentimentN: Number(r.sentiment_n),
  };
}

/** Bound parameters back as a cell. */
export function cellFromParams(c: CellParams): RollupCell {
  const [, hour, country, lang, stance, topic, posts, scoreSum, sentimentSum, sentimentN] = c;
  return { hour, country: country || null, lang: lang || null, stance, topic, posts, scoreSum, sentimentSum, sentimentN };
}
