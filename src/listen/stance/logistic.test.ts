import { describe, expect, it } from 'vitest';
import { shuffledIndexes } from '../../core/random';
import { features, BUCKETS } from './features';
import type { Example } from './logistic';
import { predict, train } from './logistic';

describe('hashed features', () => {
  it('are stable, unique, the documented hashes, and leave masked cues out', () => {
    const a = features('Take back control of our borders');
    expect(a).toEqual(features('take back CONTROL of our borders!'));
    expect(new Set(a).size).toBe(a.length);
    // FNV-1a of "w:" + word, "b:" + pair, "c:" + 4-gram of "<word>", modulo the buckets.
    const fnv = (text: string): number => {
      let h = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      return (h >>> 0) % BUCKETS;
    };
    expect(features('eu eu')).toEqual([fnv('w:eu'), fnv('c:<eu>'), fnv('b:eu eu')]);
    expect(a.every((f) => f >= 0 && f < BUCKETS)).toBe(true);
    const masked = features('vote #voteleave today', new Set(['#voteleave']));
    expect(masked).toEqual(features('vote today'));
  });
});

describe('logistic regression', () => {
  it('learns words that separate two sides and generalises to new texts', () => {
    const good = ['stronger together in europe', 'europe keeps us safe', 'jobs depend on europe', 'we are better off together'];
    const bad = ['take back our borders', 'brussels rules us', 'control our own laws', 'out of brussels now'];
    const examples: Example[] = [...good.map((t) => ({ features: features(t), label: 1 as const })), ...bad.map((t) => ({ features: features(t), label: 0 as const }))];
    const model = train(examples, BUCKETS, { epochs: 30, learningRate: 0.5, l2: 1e-4, order: shuffledIndexes(1) });
    expect(predict(model, features('europe together'))).toBeGreaterThan(0.7);
    expect(predict(model, features('brussels and our borders'))).toBeLessThan(0.3);
  });

  it('refuses to train on nothing', () => {
    expect(() => train([], BUCKETS, { epochs: 1, learningRate: 0.1, l2: 0, order: shuffledIndexes(1) })).toThrow('expected at least one example');
  });
});
