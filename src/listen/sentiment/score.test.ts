import { describe, expect, it } from 'vitest';
import { sentiment } from './score';

const c = (text: string, lang = 'en'): number => sentiment(text, lang)!.compound;

describe('sentiment', () => {
  it('scores plain positive and negative English, and nothing for neutral text', () => {
    expect(c('What a great and happy day')).toBeGreaterThan(0.5);
    expect(c('This is a terrible, awful mess')).toBeLessThan(-0.5);
    expect(c('The polls open at seven tomorrow')).toBe(0);
  });

  it('follows negation, boosters, dampeners, capitals, exclamation marks and "but"', () => {
    expect(c('This is not good')).toBeLessThan(0);
    expect(c('This is very good')).toBeGreaterThan(c('This is good'));
    expect(c('This is slightly good')).toBeLessThan(c('This is good'));
    expect(c('This is GOOD, really')).toBeGreaterThan(c('This is good, really'));
    expect(c('This is good!!!')).toBeGreaterThan(c('This is good'));
    expect(c('The food was good but the service was horrible')).toBeLessThan(0);
  });

  it('reads emoji and emoticons', () => {
    expect(c('Results tonight 😍')).toBeGreaterThan(0);
    expect(c('Results tonight 😡')).toBeLessThan(0);
    expect(c('Results tonight :(')).toBeLessThan(0);
  });

  it.each([
    ['fr', 'Une excellente nouvelle, je suis très heureux', 'Une terrible catastrophe, quelle honte'],
    ['de', 'Eine wunderbare Nachricht, ich bin sehr glücklich', 'Eine schreckliche Katastrophe, eine Schande'],
    ['es', 'Una noticia excelente, estoy muy feliz', 'Una terrible catástrofe, qué vergüenza'],
    ['it', 'Una notizia eccellente, sono molto felice', 'Una terribile catastrofe, che vergogna'],
    ['nl', 'Een uitstekend nieuws, ik ben heel blij', 'Een verschrikkelijke ramp, wat een schande'],
  ])('has a lexicon for %s', (lang, good, bad) => {
    expect(c(good, lang)).toBeGreaterThan(0.3);
    expect(c(bad, lang)).toBeLessThan(-0.3);
  });

  it('negates in other languages too', () => {
    expect(c('Ce n’est pas une bonne idée', 'fr')).toBeLessThan(c('C’est une bonne idée', 'fr'));
    expect(c('Das ist nicht gut', 'de')).toBeLessThan(0);
  });

  it('has no opinion on languages without a lexicon', () => {
    expect(sentiment('Dit is goed', 'af')).toBeNull();
  });
});
