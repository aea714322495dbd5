import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError, UsageError } from '../core/errors';
import { checkReadable, openInput } from '../core/input';
import type { Question } from '../listen/questions';
import { loadQuestion } from '../listen/questions';
import { features } from '../listen/stance/features';
import type { Example, LogisticModel } from '../listen/stance/logistic';
import { predict } from '../listen/stance/logistic';
import { toModelFile } from '../listen/stance/model';
import type { LabelledText } from '../listen/stance/train';
import { exampleFromStance, labelledExamples, MIN_NEUTRAL_ROWS, NEUTRAL_LABELS, languageMix, neutralRows, trainModel } from '../listen/stance/train';
import { macroF1 } from '../core/stats';
import { readItems } from '../listen/read-items';
import { note, out, pseudonymiserFor } from './context';
import type { ReadingFlags } from './listen-options';
import { readingOptions, stageSetup } from './listen-options';
import { n } from './format';
import { outputFile } from '../core/output';

interface TrainFlags extends ReadingFlags {
  question: string;
  labelled?: string;
  posts?: string[];
  out: string;
  languages?: string;
}

const Labelled = z.object({ text: z.string(), label: z.string(), split: z.string().optional(), lang: z.string().optional() });
/** Distant examples kept at most: enough to learn from, bounded in memory. */
const MAX_DISTANT = 300_000;

async function readLabelled(path: string, question: Question): Promise<LabelledText[]> {
  const rows: LabelledText[] = [];
  const labels = [...question.sides, ...NEUTRAL_LABELS];
  let bad = 0;
  const { items } = await readItems(await openInput(path), { format: null });
  for await (const batch of items) {
    for (const item of batch) {
      const r = item.kind === 'line' ? Labelled.safeParse(safeJson(item.text)) : null;
      const problem = !r?.success ? 'expected {"text": …, "label": …}' : labels.includes(r.data.label) ? null : `label "${r.data.label}": expected one of ${labels.join(', ')}`;
      if (r?.success && !problem) rows.push(r.data);
      else if (bad++ < 5) note(`  ${path}:${item.line}: ${problem}; skipped`);
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

/** Cue-labelled examples of posts, with their texts (for the neutral head) and languages. */
async function distantExamples(paths: readonly string[], question: Question, flags: TrainFlags, command: Command): Promise<{ examples: Example[]; texts: string[]; langs: (string | null)[] }> {
  const examples: Example[] = [];
  const texts: string[] = [];
  const langs: (string | null)[] = [];
  const ps = await pseudonymiserFor(command);
  // Cues only: the model learns what the cues decide, not what an earlier model thought.
  const setup = stageSetup(flags, { question, modelPath: null }, ps, 'posts');
  const { classifyFiles } = await import('../listen/classify-files');
  await classifyFiles(paths, setup, {
    maxBadShown: 0,
    threads: flags.threads ?? 0,
    each: (r) => {
      r.posts.forEach((post, i) => {
        const e = examples.length < MAX_DISTANT ? exampleFromStance(post.text, r.classes![i]!.stance) : null;
        if (!e) return;
        examples.push(e);
        texts.push(post.text);
        langs.push(r.classes![i]!.lang);
      });
    },
  });
  return { examples, texts, langs };
}

/** The fewest examples of either side a model is trained from. */
const MIN_SIDE_EXAMPLES = 5;

/** Macro-F1 of the two sides on the rows marked as test. */
function testScore(model: LogisticModel, rows: readonly LabelledText[], sides: readonly [string, string]): { rows: number; macroF1: number } | null {
  const test = rows.filter((r) => r.split === 'test' && sides.includes(r.label));
  if (test.length === 0) return null;
  const pred = test.map((r) => (predict(model, features(r.text)) >= 0.5 ? sides[1] : sides[0]));
  return { rows: test.length, macroF1: Number(macroF1(test.map((r) => r.label), pred, sides).toFixed(3)) };
}

/** `hustings listen train`: a stance model from labelled texts and/or cue-labelled posts (distant supervision). */
export function registerTrain(listen: Command): void {
  const cmd = listen
    .command('train')
    .description('train a stance model from labelled texts and/or posts labelled by their cues (cues masked); writes plain JSON');
  readingOptions(cmd)
    .option('--question <id|file>', 'question the model is for', 'brexit')
    .option('--labelled <file>', 'JSON lines {text, label, split?}; label is a side, or neutral / none (trains the neutral head); rows with split "test" only score the model')
    .option('--posts <files...>', 'posts in any ingest format, labelled by their cues (distant supervision)')
    .option('--languages <codes>', 'languages the model reads, e.g. en,fr (default: every language); posts in others are read by their cues alone')
    .requiredOption('--out <file>', 'where to write the model (JSON)')
    .action(async (flags: TrainFlags, command: Command) => {
      const languages = flags.languages ? flags.languages.split(',').map((l) => l.trim().toLowerCase()) : null;
      const badCode = languages?.find((l) => !/^[a-z]{2,3}$/.test(l));
      if (badCode !== undefined) throw new UsageError(`--languages: expected ISO 639-1 codes separated by commas (e.g. en,fr), found "${badCode}"`);
      const question = await loadQuestion(flags.question);
      for (const f of [flags.labelled, ...(flags.posts ?? [])]) if (f) await checkReadable(f);
      const modelFile = outputFile(flags.out, '--out', [flags.labelled, ...(flags.posts ?? [])].filter((f): f is string => f !== undefined));
      const labelledRows = flags.labelled ? await readLabelled(flags.labelled, question) : [];
      const labelled = labelledExamples(labelledRows, question);
      const fromPosts = flags.posts ? await distantExamples(flags.posts, question, flags, command) : { examples: [], texts: [], langs: [] };
      const distant = fromPosts.examples;
      const { detectLanguage, loadDetector } = await import('../listen/lang');
      await loadDetector();
      const mix = languageMix([...labelledRows.filter((r) => r.split !== 'test').map((r) => detectLanguage(r.text, r.lang ?? null).lang), ...fromPosts.langs]);
      const examples = [...labelled, ...distant];
      if (examples.length === 0) throw new InputError(`nothing to train on: give --labelled rows labelled ${question.sides.join(' or ')}, or --posts with cues`);
      const b = examples.filter((e) => e.label === 1).length;
      // A model that saw one side only calls everything that side ("The weather is nice today": leave).
      const fewest = Math.min(b, examples.length - b);
      if (fewest < MIN_SIDE_EXAMPLES) {
        throw new InputError(`too few examples of one side to train on: expected at least ${MIN_SIDE_EXAMPLES} of each, found ${question.sides[0]} ${n(examples.length - b)} and ${question.sides[1]} ${n(b)}; no model written`);
      }
      const model = trainModel(labelledRows, distant, question, fromPosts.texts);
      await writeFile(modelFile, `${JSON.stringify(toModelFile(model, question.id, question.sides, { labelled: labelled.length, distant: distant.length }, languages))}\n`);
      const neutral = neutralRows(labelledRows).length;
      out(`Trained a stance model for ${question.id} on ${n(labelled.length)} labelled and ${n(distant.length)} cue-labelled texts (${question.sides[0]} ${n(examples.length - b)}, ${question.sides[1]} ${n(b)}): ${flags.out}`);
      const shares = mix.slice(0, 6).map(([l, x]) => `${l} ${Math.round(x * 100)} %`).join(', ');
      out(`  training texts: ${shares || 'no language detected'}`);
      out(languages ? `  reads posts in: ${languages.join(', ')} (posts in other languages are read by their cues alone)` : '  reads posts in every language (--languages en,fr limits it to the languages it was trained on)');
      out(model.neutral ? `  with a neutral head from ${n(neutral)} neutral rows` : `  no neutral head (${n(neutral)} neutral rows; it needs ${MIN_NEUTRAL_ROWS}): unsure posts are neutral near 50 %`);
      const score = testScore(model, labelledRows, question.sides);
      if (score) out(`  on the ${n(score.rows)} test rows (never trained on): macro-F1 ${score.macroF1}`);
    });
}
