import type { Command } from 'commander';
import type { Question } from '../listen/questions';
import { BUILTIN_QUESTIONS, loadQuestion } from '../listen/questions';
import { out } from './context';

function describe(q: Question, source: string): string[] {
  const langs = Object.entries(q.languages).map(([lang, l]) => `${lang} (${l.cues.length} cues, ${Object.keys(l.topics).length} topics)`);
  return [`${q.id}: ${q.title ?? '(no title)'} — sides ${q.sides[0]} / ${q.sides[1]} — from ${source}`, `  languages: ${langs.join(', ')}`];
}

/** `hustings listen questions`: the questions stance is measured against, and a checker for new ones. */
export function registerQuestions(listen: Command): void {
  listen
    .command('questions')
    .description('list the built-in questions, or check a question file (YAML or JSON) of your own')
    .option('--check <file>', 'validate a question file and say where it is wrong')
    .option('--json', 'print the question(s) as JSON')
    .action(async (flags: { check?: string; json?: boolean }) => {
      const ids = flags.check ? [flags.check] : [...BUILTIN_QUESTIONS];
      const questions = await Promise.all(ids.map((id) => loadQuestion(id)));
      if (flags.json) {
        out(JSON.stringify(flags.check ? questions[0] : questions));
        return;
      }
      questions.forEach((q, i) => describe(q, flags.check ? ids[i]! : 'built-in').forEach((line) => out(line)));
      if (flags.check) out('The question file is valid.');
    });
}
