import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../core/errors';
import type { FormatName } from '../listen';
import { FORMAT_NAMES } from '../listen';
import type { Progress } from '../core/progress';
import type { Pseudonymiser } from '../core/pseudonym';
import type { Question } from '../listen/questions';
import type { StageOutput, StageSetup } from '../listen/stage/stage';
import { builtinModelPath, loadQuestion } from '../listen/questions';
import { PLATFORM_PATTERN } from '../listen/formats/types';
import type { StanceModel } from '../listen/stance';
import { loadModel } from '../listen/stance';
import { n } from './format';

/** The flags of `readingOptions`. */
export interface ReadingFlags {
  format: string;
  platform: string;
  threads?: number;
}

/** The flags of `stanceOptions`: a model file, or false for `--no-model`. */
export interface StanceFlags {
  question: string;
  model?: string | boolean;
}

function threadCount(value: string): number {
  // Digits only: Number('') is 0, and "0x2" is 2.
  const parsed = /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 64) throw new InvalidArgumentError(`expected a whole number from 0 to 64, found "${value}"`);
  return parsed;
}

/** A `--platform` value: a name in another spelling would store the same posts a second time. */
function platformName(value: string): string {
  if (!PLATFORM_PATTERN.test(value)) throw new InvalidArgumentError(`expected a lower-case platform name (letters, digits, _ and -, such as twitter or bluesky), found "${value}"`);
  return value;
}

/** The options of every command that reads posts: `--format`, `--platform` and `--threads`. */
export function readingOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <name>', 'input format (default: detected per record)').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--platform <name>', 'platform name for generic and CSV posts that carry none (lower case: twitter, bluesky, …)', platformName, 'generic')
    .option('--threads <n>', 'worker threads that parse and classify, each with its own classifiers (~200 MB); 0: in-process (default for ingest and train; classify and report take 2 for inputs over 32 MB on 2 cores or more)', threadCount);
}

/** The format a `--format` value names; null for `auto` (detected record by record). */
export function chosenFormat(format: string): FormatName | null {
  return format === 'auto' ? null : (format as FormatName);
}

/** The options of every command that measures stance: `--question` and `--model`. */
export function stanceOptions(command: Command): Command {
  return command
    .option('--question <id|file>', 'question to measure stance against (built-in id or YAML/JSON file)', 'brexit')
    .option('--model <file>', "a stance model from `hustings listen train` (default: the built-in question's own model; otherwise cues only)")
    .option('--no-model', 'cues only: no trained model');
}

/**
 * The question and the model to use with it: the one given, else the built-in question's own,
 * else none. The model is checked here (readable, valid, trained for this question), before any
 * input is read.
 */
export async function loadStance(flags: StanceFlags): Promise<{ question: Question; model: StanceModel | null; modelPath: string | null }> {
  const question = await loadQuestion(flags.question);
  const modelPath = typeof flags.model === 'string' ? flags.model : flags.model === false ? null : builtinModelPath(flags.question);
  const model = modelPath ? await loadModel(modelPath) : null;
  if (model && model.question !== question.id) throw new UsageError(`the model ${modelPath} was trained for question ${model.question}, not ${question.id}`);
  return { question, model, modelPath };
}

/** The stage setup of a reading command: its format and platform, the key, the question and model. */
export function stageSetup(
  flags: ReadingFlags,
  stance: { question: Question; modelPath: string | null } | null,
  ps: Pseudonymiser,
  output: StageOutput,
): StageSetup {
  return { format: chosenFormat(flags.format), platform: flags.platform, key: ps.exportKey(), question: stance?.question ?? null, modelPath: stance?.modelPath ?? null, output };
}

/** The progress callback of `classifyFiles`, drawn on a progress bar. */
export function classifyProgress(progress: Progress): (file: string, bytesRead: number, size: number | null, classified: number) => void {
  return (file, done, size, classified) => progress.update(done, size, `${file} · ${n(classified)} classified`);
}
