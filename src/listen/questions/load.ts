import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { InputError } from '../../core/errors';
import type { Question } from './schema';
import { QuestionSchema } from './schema';

/** Questions shipped with hustings, by id. */
export const BUILTIN_QUESTIONS: readonly string[] = ['brexit'];

function builtinPath(id: string): string {
  return fileURLToPath(new URL(`./builtin/${id}.yaml`, import.meta.url));
}

/**
 * The stance model shipped with a built-in question (trained by `npm run train:builtin`), or
 * null when the question is not built in or ships none.
 */
export function builtinModelPath(id: string): string | null {
  if (!BUILTIN_QUESTIONS.includes(id)) return null;
  const path = fileURLToPath(new URL(`./builtin/${id}.model.json`, import.meta.url));
  return existsSync(path) ? path : null;
}

/** Reads YAML or JSON (JSON is YAML); a syntax error names its line and column. */
function parseText(text: string, source: string): unknown {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new InputError(`${source}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML or JSON: ${error.message.split('\n')[0]}`, source);
  }
  return doc.toJS();
}

/**
 * A question from its text, validated: an error names the file, the field path and what was
 * expected ("q.yaml: languages.en.cues.3.side: expected one of leave, remain, found "out"").
 */
export function parseQuestion(text: string, source: string): Question {
  const result = QuestionSchema.safeParse(parseText(text, source));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new InputError(`${source}: ${path}: ${issue.message}`, source);
}

/** A built-in question by id, or a question file by path. */
export async function loadQuestion(idOrPath: string): Promise<Question> {
  const path = BUILTIN_QUESTIONS.includes(idOrPath) ? builtinPath(idOrPath) : idOrPath;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const known = BUILTIN_QUESTIONS.join(', ');
    throw new InputError(`cannot read question ${idOrPath}: ${(error as Error).message} (built-in questions: ${known}; or give a .yaml/.json file)`, idOrPath);
  }
  return parseQuestion(text, idOrPath);
}
