import { describe, expect, it } from 'vitest';
import { termLines } from './cells';

describe('termLines', () => {
  const text = 'Is the #NHS safe after Brexit? Free movement matters. Is the NHS safe?';

  it('gives a line per hashtag, phrase and question, and per question and topic', () => {
    const lines = termLines(text, { lang: 'en', topics: ['health', 'immigration'] }).split('\n');
    expect(lines).toContain('hashtag\tnhs\t');
    expect(lines).toContain('phrase\tmovement matters\t');
    const questions = lines.filter((l) => l.startsWith('question\t'));
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.filter((l) => l.endsWith('\t'))).toHaveLength(questions.length / 3);
    expect(questions.filter((l) => l.endsWith('\thealth'))).toHaveLength(questions.length / 3);
  });

  it('remembers a text by its language and topics: the same text with other topics or no language gives its own lines', () => {
    const both = termLines(text, { lang: 'en', topics: ['health', 'immigration'] });
    const none = termLines(text, { lang: 'en', topics: [] });
    const one = termLines(text, { lang: 'en', topics: ['health'] });
    expect(none).not.toMatch(/\thealth/);
    expect(one).toMatch(/\thealth/);
    expect(one).not.toMatch(/\timmigration/);
    expect(termLines(text, { lang: 'en', topics: [] })).toBe(none);
    expect(termLines(text, { lang: 'en', topics: ['health', 'immigration'] })).toBe(both);
    // Without a language, stopwords are not known: phrases may differ, questions do not.
    const unknown = termLines('the cat sat on the mat. Why?', { lang: null, topics: [] });
    expect(termLines('the cat sat on the mat. Why?', { lang: 'en', topics: [] })).not.toBe(unknown);
    expect(termLines('the cat sat on the mat. Why?', { lang: null, topics: [] })).toBe(unknown);
  });
});
