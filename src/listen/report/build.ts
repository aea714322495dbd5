import type { ClassifyOptions, ClassifySummary } from '../classify-files';
import { classifyFiles } from '../classify-files';
import type { Question } from '../questions';
import { cellFromParams } from '../rollup/cells';
import type { StageSetup } from '../stage/stage';
import type { PostStore } from '../store';
import type { Report } from './aggregate';
import { ReportBuilder } from './aggregate';
import type { ReportFilter } from './filter';
import { keptCells } from './filter';

/** The report of the posts in the store, from the rollups that ingest keeps (no post is read again), narrowed by `filter`. */
export async function reportFromStore(posts: PostStore, question: Question, filter: ReportFilter = {}): Promise<Report> {
  const builder = new ReportBuilder(question.id, question.sides);
  for await (const cell of posts.rollups(question.id)) for (const kept of keptCells(cell, filter)) builder.addCell(kept);
  return builder.result();
}

/**
 * Classifies the posts of files and aggregates them into the report, in one streaming pass: the
 * stage sums each chunk into rollup cells, exactly what ingest stores, so that a report of files
 * and a report of the store that holds them agree.
 */
export async function reportFromFiles(
  paths: readonly string[],
  question: Question,
  setup: Omit<StageSetup, 'question' | 'output'>,
  threads: number | null = null,
  onProgress?: ClassifyOptions['onProgress'],
): Promise<{ report: Report; summary: ClassifySummary }> {
  const builder = new ReportBuilder(question.id, question.sides);
  const summary = await classifyFiles(paths, { ...setup, question, output: 'cells' }, {
    maxBadShown: 20,
    threads,
    onProgress,
    each: (r) => {
      for (const c of r.cells) builder.addCell(cellFromParams(c));
    },
  });
  return { report: builder.result(), summary };
}
