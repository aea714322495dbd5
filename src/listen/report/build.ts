import type { Pseudonymiser } from '../../core/pseudonym';
import { createClassifier } from '../classify';
import type { ClassifySummary } from '../classify-files';
import { classifyFiles } from '../classify-files';
import type { FormatName } from '../formats';
import { formatContext } from '../formats';
import type { Question } from '../questions';
import type { StanceModel } from '../stance';
import type { Report } from './aggregate';
import { ReportBuilder } from './aggregate';

/** Classifies the posts of files and aggregates them into the report, in one streaming pass. */
export async function reportFromFiles(
  paths: readonly string[],
  question: Question,
  pseudonymiser: Pseudonymiser,
  options: { format: FormatName | null; platform: string; model?: StanceModel | null },
): Promise<{ report: Report; summary: ClassifySummary }> {
  const builder = new ReportBuilder(question.id, question.sides);
  const summary = await classifyFiles(paths, createClassifier(question, pseudonymiser, options.model ?? null), null, {
    format: options.format,
    ctx: formatContext(pseudonymiser, options.platform),
    maxBadShown: 20,
    each: (post, c) => builder.add(post.createdAt, c),
  });
  return { report: builder.result(), summary };
}
