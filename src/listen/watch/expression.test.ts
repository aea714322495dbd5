import { describe, expect, it } from 'vitest';
import { compileExpression, requiredLiteral } from './expression';

describe('the literal every match of an expression contains', () => {
  it('finds the longest plain run outside groups, classes and quantified characters', () => {
    expect(requiredLiteral('brexit\\s+means')).toBe('brexit');
    expect(requiredLiteral('Take back control')).toBe('take back control');
    expect(requiredLiteral('colou?r of brexit')).toBe('r of brexit');
    expect(requiredLiteral('(?:vote|voting) leave')).toBe(' leave');
    expect(requiredLiteral('leave|remain')).toBeNull();
    expect(requiredLiteral('[abc]+xy')).toBeNull();
    expect(requiredLiteral('abcd{2}e')).toBe('abc');
    expect(requiredLiteral('\\#euref')).toBe('#euref');
    expect(requiredLiteral('£350')).toBe('350');
    expect(requiredLiteral('\\bnhs\\b')).toBe('nhs');
  });

  it('never drops a post the pattern matches', () => {
    const cases: [string, string][] = [
      ['colou?r of brexit', 'Colour of BREXIT'],
      ['(?:vote|voting) leave', 'VOTING LEAVE'],
      ['abcd{2}e', 'xxabcdde'],
      ['a\\.b\\.c', 'A.B.C'],
    ];
    for (const [pattern, text] of cases) expect(compileExpression(pattern).test(text, text.toLowerCase()), pattern).toBe(true);
  });
});
