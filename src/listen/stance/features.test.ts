import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketSet } from './bucket-set';
import { BUCKETS, features, neutralFeatures, predictNeutral, predictTokens } from './features';
import type { LogisticModel } from './logistic';
import { predict } from './logistic';

/** A head whose weights are zero in about half the buckets (as a trained, pruned one), from a seed. */
function head(seed: number): LogisticModel {
  const weights = new Float64Array(BUCKETS);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < BUCKETS; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (s & 1) weights[i] = (s / 2 ** 32 - 0.5) * 3;
  }
  return { weights, bias: (seed % 7) / 10 - 0.3 };
}

const WORDS = ['vote', 'leave', 'remain', '#voteleave', '#strongerin', 'eu', 'not', 'economy', '@u_ab12', 'https', 't', 'co', 'x8k2q9z1', 'brexit', "don't", 'été'];

describe('scoring tokens with a model head', () => {
  it('gives predict(features) to the last bit, with repeats, masks and both heads', () => {
    const heads = [head(1), head(2), head(3)];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }), fc.subarray(WORDS), fc.integer({ min: 0, max: 2 }), (tokens, maskWords, h) => {
        const model = heads[h]!;
        const mask = new Set(maskWords);
        const text = tokens.join(' ');
        expect(predictTokens(model, tokens, mask)).toBe(predict(model, features(text, mask, tokens)));
        expect(predictNeutral(model, tokens, mask)).toBe(predict(model, neutralFeatures(text, mask, tokens)));
      }),
      { numRuns: 500 },
    );
  });

  it('counts each feature once in a post longer than the set starts out', () => {
    const model = head(9);
    const tokens = Array.from({ length: 600 }, (_, i) => `w${i % 250}x`);
    expect(predictTokens(model, tokens, new Set())).toBe(predict(model, features(tokens.join(' '), new Set(), tokens)));
  });
});

describe('BucketSet', () => {
  it('holds what was added until cleared, across growth', () => {
    const set = new BucketSet();
    const added = Array.from({ length: 2000 }, (_, i) => (i * 7919) % BUCKETS);
    for (const b of added) expect(set.add(b)).toBe(true);
    for (const b of added) expect(set.add(b)).toBe(false);
    set.clear();
    expect(set.add(added[5]!)).toBe(true);
    expect(set.add(added[6]!)).toBe(true);
    expect(set.add(added[5]!)).toBe(false);
  });
});
