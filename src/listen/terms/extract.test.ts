import { describe, expect, it } from 'vitest';
import { extractTerms, MAX_QUESTION_CHARS, normaliseQuestion } from './extract';

describe('extractTerms', () => {
  it('finds hashtags (lower case, NFC, without #) and phrases that neither start nor end with a stopword', () => {
    const t = extractTerms('Vote Leave on Thursday, the single market is key #VoteLeave #EURef 💪 https://t.co/8qcnptwb', 'en');
    expect(t.hashtags).toEqual(['voteleave', 'euref']);
    expect(t.phrases).toEqual(['vote leave', 'leave on thursday', 'single market', 'market is key']);
    expect(t.questions).toEqual([]);
    // "Café" written with a combining accent is the same hashtag as with the precomposed letter.
    expect(extractTerms('#Cafe\u0301 #CAFÉ', 'fr').hashtags).toEqual(['café']);
  });

  it('never counts mentions, URLs, e-mail placeholders or numbers, and phrases do not cross them', () => {
    const t = extractTerms('@u_0a1b2c3d4e5f6071 single market @u_99aa88bb77cc66dd trade deal [email] 2016 2017 polls https://x.example/a b #2016', 'en');
    expect(t.phrases).toEqual(['single market', 'trade deal']);
    expect(t.hashtags).toEqual([]);
    expect(JSON.stringify(t)).not.toMatch(/u_|@|http|2016/);
  });

  it('takes 3-grams only around a stopword: three content words are told by their two 2-grams', () => {
    expect(extractTerms('Boris Johnson campaign', 'en').phrases).toEqual(['boris johnson', 'johnson campaign']);
    expect(extractTerms('They voted to leave the EU', 'en').phrases).toEqual(['voted to leave', 'leave the eu']);
  });

  it('cuts phrases at punctuation, and counts each term once per post', () => {
    const t = extractTerms('Single market. Single market! Market forces, single market', 'en');
    expect(t.phrases).toEqual(['single market', 'market forces']);
  });

  it('reads French, German and Spanish with their own stopwords (elided articles included)', () => {
    const fr = extractTerms("Je pense que l'Europe doit rester unie. Qu'est-ce que le marché unique apporte aux agriculteurs ?", 'fr');
    expect(fr.phrases).toContain("l'europe doit rester");
    expect(fr.phrases).toContain('apporte aux agriculteurs');
    expect(fr.phrases.every((p) => !/^(que|le|aux) |\s(que|le|aux)$/.test(p))).toBe(true);
    expect(fr.questions).toEqual(["qu'est-ce que le marché unique apporte aux agriculteurs?"]);
    const de = extractTerms('Die Briten sollten in der Europäischen Union bleiben. Was bedeutet der Brexit für die deutsche Wirtschaft?', 'de');
    expect(de.phrases).toEqual(expect.arrayContaining(['europäischen union', 'deutsche wirtschaft', 'bedeutet der brexit']));
    expect(de.questions).toEqual(['was bedeutet der brexit für die deutsche wirtschaft?']);
    const es = extractTerms('¿Qué pasará con los españoles en el Reino Unido? El mercado único importa.', 'es');
    expect(es.phrases).toEqual(expect.arrayContaining(['reino unido', 'mercado único']));
    expect(es.questions).toEqual(['qué pasará con los españoles en el reino unido?']);
  });

  it('gives no phrases without a known language (stopwords decide where a phrase may start), but hashtags and questions still', () => {
    const t = extractTerms('Why leave the single market? #Brexit', null);
    expect(t).toEqual({ hashtags: ['brexit'], phrases: [], questions: ['why leave the single market?'] });
  });
});

describe('normaliseQuestion', () => {
  it('removes mentions and URLs, keeps hashtag words, collapses space and ends in one ?', () => {
    expect(normaliseQuestion('@u_0a1b2c3d4e5f6071  Is #Brexit   REALLY worth it?!? https://t.co/x')).toBe('is brexit really worth it?');
    expect(normaliseQuestion('"Why?"')).toBeNull();
    const long = normaliseQuestion(`${'why is this '.repeat(30)}so?`)!;
    expect(Array.from(long).length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(long.endsWith('…?')).toBe(true);
  });

  it('finds every question of a post, and none in a post without one', () => {
    expect(extractTerms('Should we stay? Or should we go? I say go.\nWhat about the NHS', 'en').questions).toEqual(['should we stay?', 'or should we go?']);
    expect(extractTerms('No question here. None!', 'en').questions).toEqual([]);
    expect(extractTerms('Really?!" Yes.', 'en').questions).toEqual([]);
    expect(extractTerms('Is it over?!" ', 'en').questions).toEqual(['is it over?']);
    // A long run of marks is read in one pass (end-anchored patterns took 14.6 s on 60,000 of them).
    expect(extractTerms(`is it ok ${'?'.repeat(60_000)} x`, 'en').questions).toEqual(['is it ok?']);
    expect(extractTerms(`is it ok ${'?!'.repeat(30_000)}`, 'en').questions).toEqual(['is it ok?']);
  });
});
