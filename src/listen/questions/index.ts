export type { Question } from './schema';
export { QuestionSchema } from './schema';
export { BUILTIN_QUESTIONS, builtinModelPath, loadQuestion, parseQuestion } from './load';
