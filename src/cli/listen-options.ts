import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../core/errors';
import type { FormatName } from '../listen';
import { FORMAT_NAMES } from '../listen';
import type { Question } from '../listen/questions';
import { loadQuestion } from '../listen/questions';
import type { StanceModel } from '../listen/stance';
import { loadModel } from '../listen/stance';

/** The options of every command that reads posts: `--format` and `--platform`. */
export function readingOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <name>', 'input format (default: detected per record)').choices(['auto', ...FORMAT_NAMES]).default('auto'))
    .option('--platform <name>', 'platform name for generic and CSV posts that carry none', 'generic');
}

/** The format a `--format` value names; null for `auto` (detected record by record). */
export function chosenFormat(format: string): FormatName | null {
  return format === 'auto' ? null : (format as FormatName);
}

/** The options of every command that measures stance: `--question` and `--model`. */
export function stanceOptions(command: Command): Command {
  return command
    .option('--question <id|file>', 'question to measure stance against (built-in id or YAML/JSON file)', 'brexit')
    .option('--model <file>', 'a stance model from `hustings listen train` (default: cues only)');
}

/** The question and, if one is given, a model trained for that same question. */
export async function loadStance(flags: { question: string; model?: string | undefined }): Promise<{ question: Question; model: StanceModel | null }> {
  const question = await loadQuestion(flags.question);
  const model = flags.model ? await loadModel(flags.model) : null;
  if (model && model.question !== question.id) throw new UsageError(`the model was trained for question ${model.question}, not ${question.id}`);
  return { question, model };
}
