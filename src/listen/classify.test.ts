import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../core/pseudonym';
import { createClassifier } from './classify';
import { loadDetector } from './lang';
import type { Post } from './post';
import { loadQuestion } from './questions';
import { mentionToken } from './text';
import { samplePost } from '../../test/support/posts';

const ps = new Pseudonymiser(Buffer.alloc(32, 9));

function post(text: string, extra: Partial<Post> = {}): Post {
  return samplePost({ text, lang: null, ...extra });
}

describe('createClassifier', async () => {
  await loadDetector();
  const classify = createClassifier(await loadQuestion('brexit'), ps);

  it('gives language, country, stance with its cues, sentiment, topics and theme sentiment', () => {
    const c = classify(post('Take back control of our borders and our economy! #VoteLeave', { userLocation: 'Leeds, England' }));
    expect(c).toMatchObject({ id: '1', platform: 'twitter', lang: 'en', country: 'GB', topics: ['economy', 'immigration', 'sovereignty'] });
    expect(c.stance.label).toBe('strong_leave');
    expect(c.stance.cues.map((x) => x.cue)).toContain('#VoteLeave');
    expect(c.sentiment.compound).not.toBeNull();
    expect(Object.keys(c.themeSentiment).sort()).toEqual(['economy', 'immigration', 'sovereignty']);
  });

  it('prefers the platform place and language, and recognises pseudonymised campaign handles', () => {
    const handle = mentionToken(ps.pseudonym('twitter', 'handle:strongerin'));
    const c = classify(post(`Proud to stand with ${handle} today`, { placeCountry: 'IE', lang: 'en', userLocation: 'London' }));
    expect(c).toMatchObject({ country: 'IE', lang: 'en' });
    expect(c.stance.cues.map((x) => x.cue)).toEqual(['@StrongerIn']);
  });

  it('leaves unknown what it cannot know', () => {
    const c = classify(post('🇪🇺🇬🇧', { userLocation: 'Earth' }));
    expect(c).toMatchObject({ lang: null, country: null, sentiment: { compound: null }, topics: [], stance: { label: 'neutral' } });
  });
});
