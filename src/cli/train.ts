import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import { classifyFiles } from '../listen/classify-files';
import type { Question } from '../listen/questions';
import { loadQuestion } from '../listen/questions';
import { features } from '../listen/stance/features';
import type { Example, LogisticModel } from '../listen/stance/logistic';
import { predict } from '../listen/stance/logistic';
import { toModelFile } from '../listen/stance/model';
import type { LabelledText } from '../listen/stance/train';
import { exampleFromStance, labelledExamples, trainStance } from '../listen/stance/train';
import { formatContext } from '../listen/formats';
import { macroF1 } from '../core/stats';
import { readItems } from '../listen/read-items';
import { note, out, pseudonymiserFor } from './context';
import { n } from './format';

interface TrainFlags {
  question: string;
  labelled?: string;
  posts?: string[];
  out: string;
}

const Labelled = z.object({ text: z.string(), label: z.string(), split: z.string().optional() });
/** Distant examples kept at most: enough to learn from, bounded in memory. */
const MAX_DISTANT = 300_000;

async function readLabelled(path: string): Promise<LabelledText[]> {
  const rows: LabelledText[] = [];
  let bad = 0;
  const { items } = await readItems(await openInput(path), { format: null });
  for await (const batch of items) {
    for (const item of batch) {
      const r = item.kind === 'line' ? Labelled.safeParse(safeJson(item.text)) : null;
      if (r?.success) rows.push(r.data);
      else if (bad++ < 5) note(`  ${path}:${item.line}: expected {"text": …, "label": …}; skipped`);
    }
  }
  if (bad > 0) note(`  ${bad} bad labelled rows skipped`);
  return rows;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function distantExamples(paths: readonly string[], question: Question, command: Command): Promise<Example[]> {
  const examples: Example[] = [];
  const ps = await pseudonymiserFor(command);
  const { createClassifier } = await import('../listen/classify');
  await classifyFiles(paths, createClassifier(question, ps), null, {
    format: null,
    ctx: formatContext(ps, 'generic'),
    maxBadShown: 0,
    each: (post, c) => {
      const e = examples.length < MAX_DISTANT ? exampleFromStance(post.text, c.stance) : null;
      if (e) examples.push(e);
    },
  });
  return examples;
}

/** Macro-F1 of the two sides on the rows marked as test. */
function testScore(model: LogisticModel, rows: readonly LabelledText[], sides: readonly [string, string]): { rows: number; macroF1: number } | null {
  const test = rows.filter((r) => r.split === 'test' && sides.includes(r.label));
  if (test.length === 0) return null;
  const pred = test.map((r) => (predict(model, features(r.text)) >= 0.5 ? sides[1] : sides[0]));
  return { rows: test.length, macroF1: Number(macroF1(test.map((r) => r.label), pred, sides).toFixed(3)) };
}

/** `hustings listen train`: a stance model from labelled texts and/or cue-labelled posts (distant supervision). */
export function registerTrain(listen: Command): void {
  listen
    .command('train')
    .description('train a stance model from labelled texts and/or posts labelled by their cues (cues masked); writes plain JSON')
    .option('--question <id|file>', 'question the model is for', 'brexit')
    .option('--labelled <file>', 'JSON lines {text, label, split?}; label is a side; rows with split "test" are only used to score the model')
    .option('--posts <files...>', 'posts in any ingest format, labelled by their cues (distant supervision)')
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .action(async (flags: TrainFlags, command: Command) => {
      const question = await loadQuestion(flags.question);
      for (const f of [flags.labelled, ...(flags.posts ?? [])]) if (f) await checkReadable(f);
      const labelledRows = flags.labelled ? await readLabelled(flags.labelled) : [];
      const labelled = labelledExamples(labelledRows, question);
      const distant = flags.posts ? await distantExamples(flags.posts, question, command) : [];
      const examples = [...labelled, ...distant];
      if (examples.length === 0) throw new InputError('nothing to train on: give --labelled rows labelled with a side, or --posts with cues');
      const model = trainStance(examples);
      await writeFile(flags.out, `${JSON.stringify(toModelFile(model, question.id, question.sides, { labelled: labelled.length, distant: distant.length }))}\n`);
      const b = examples.filter((e) => e.label === 1).length;
      out(`Trained a stance model for ${question.id} on ${n(labelled.length)} labelled and ${n(distant.length)} cue-labelled texts (${question.sides[0]} ${n(examples.length - b)}, ${question.sides[1]} ${n(b)}): ${flags.out}`);
      const score = testScore(model, labelledRows, question.sides);
      if (score) out(`  on the ${n(score.rows)} test rows (never trained on): macro-F1 ${score.macroF1}`);
    });
}
