import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Question } from '../../listen/questions';

/** The question a listening read is about: an id among those the server was started with, never a path. */
export const QuestionParam = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'expected a question id').default('brexit').describe('question id (default brexit)');

/** The server's question of that id; 404 naming those it knows otherwise. */
export function knownQuestion(questions: ReadonlyMap<string, Question>, id: string): Question {
  const question = questions.get(id);
  if (!question) throw new HTTPException(404, { message: `no question ${id} on this server (known: ${[...questions.keys()].join(', ')})` });
  return question;
}
