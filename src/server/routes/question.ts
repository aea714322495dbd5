import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Question } from '../../listen/questions';

/** The question a listening read is about: an id among those the server was started with, never a path. */
export const QuestionParam = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'expected a question id').optional().describe("question id (default: the server's first question)");

/** The server's question of that id (without one, its first question); 404 naming those it knows otherwise. */
export function knownQuestion(questions: ReadonlyMap<string, Question>, id: string | undefined): Question {
  const question = id === undefined ? questions.values().next().value : questions.get(id);
  if (!question) throw new HTTPException(404, { message: `no question ${id} on this server (known: ${[...questions.keys()].join(', ')})` });
  return question;
}
