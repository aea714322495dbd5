import { describe, expect, it } from 'vitest';
import { jsonProblem } from './read';

/** The parser's own message for `text` (Node's wording). */
function messageOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('jsonProblem', () => {
  it('says what is wrong and where, never quoting the record (its personal data)', () => {
    const cases: [string, string][] = [
      ['Jane Secret', 'not valid JSON at character 1: unexpected character (expected a JSON object, with strings in double quotes)'],
      ['{"first_name":Jean Leaky}', 'not valid JSON at character 15: unexpected character (expected a JSON object, with strings in double quotes)'],
      ['{"email":"jean@example.org"', "not valid JSON at character 28: expected ',' or '}' after property value"],
      ['{"name":"Jean', 'not valid JSON at character 14: unterminated string'],
      ['', 'not valid JSON: it ends too soon'],
    ];
    for (const [text, said] of cases) {
      const problem = jsonProblem(messageOf(text), text);
      expect(problem, text).toBe(said);
      expect(problem).not.toMatch(/Jane|Jean|Leaky|example/);
    }
  });
});
