import { beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../questions';
import { loadQuestion } from '../questions';
import type { TopicMatcher } from './match';
import { topicMatcher, topicsWithSentiment } from './match';

let brexit: Question;
let en: TopicMatcher;
beforeAll(async () => {
  brexit = await loadQuestion('brexit');
  en = topicMatcher(brexit, 'en')!;
});

describe('topics', () => {
  it('finds several topics in one post, by word, prefix and phrase', () => {
    const r = topicsWithSentiment('Immigration and free movement matter, but the NHS and jobs come first', en);
    expect(r.topics).toEqual(['health', 'immigration', 'jobs']);
  });

  it('ignores case and accents, in each language', () => {
    const fr = topicMatcher(brexit, 'fr')!;
    expect(topicsWithSentiment('L’ECONOMIE va souffrir et la libre circulation aussi', fr).topics).toEqual(['economy', 'immigration']);
    const de = topicMatcher(brexit, 'de')!;
    expect(topicsWithSentiment('Die Wirtschaftslage und die Zuwanderung', de).topics).toEqual(['economy', 'immigration']);
  });

  it('gives each theme the sentiment of the words around it', () => {
    const r = topicsWithSentiment('The economy will be wonderful and thriving. Meanwhile on another note entirely the hospitals are a horrible disgrace', en);
    expect(r.themeSentiment.economy).toBeGreaterThan(0.3);
    expect(r.themeSentiment.health).toBeLessThan(-0.3);
  });

  it('finds nothing where no keyword is, and has no matcher for a language the question lacks', () => {
    expect(topicsWithSentiment('Lovely weather today', en)).toEqual({ topics: [], themeSentiment: {} });
    expect(topicMatcher(brexit, 'pt')).toBeNull();
  });
});
