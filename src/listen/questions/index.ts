export type { Question } from './schema';
export { QuestionSchema } from './schema';
export { BUILTIN_QUESTIONS, loadQuestion, parseQuestion } from './load';
