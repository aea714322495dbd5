import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuestion } from '../questions';
import type { CueSet } from './cues';
import { compileCues } from './cues';
import { cueStance } from './classify';

let en: CueSet;
let fr: CueSet;
beforeAll(async () => {
  const q = await loadQuestion('brexit');
  const handle = (name: string): string => `@u_${name}`;
  en = compileCues(q, 'en', handle);
  fr = compileCues(q, 'fr', handle);
});

describe('cue stance', () => {
  it('reads strong and weak stances on both sides, and says why', () => {
    const strong = cueStance('Take back control! #VoteLeave', en);
    expect(strong.label).toBe('strong_leave');
    expect(strong.score).toBeLessThan(-0.7);
    expect(strong.cues.map((c) => c.cue)).toEqual(['take back control', '#VoteLeave']);
    expect(cueStance('Better off in, I think', en).label).toBe('weak_remain');
    expect(cueStance('Please vote REMAIN #StrongerIn', en).label).toBe('strong_remain');
  });

  it('stays neutral without cues, or when the cues cancel out', () => {
    expect(cueStance('Polls open at 7am tomorrow', en)).toMatchObject({ label: 'neutral', score: 0, confidence: 0 });
    expect(cueStance('#VoteLeave or #VoteRemain? Still undecided', en).label).toBe('neutral');
  });

  it('turns a negated cue to the other side', () => {
    const r = cueStance('I will not vote leave', en);
    expect(r.cues[0]).toMatchObject({ cue: 'vote leave', negated: true, side: 'remain' });
    expect(r.score).toBeGreaterThan(0);
  });

  it('reads hashtags whatever the language, and phrases in the post’s language', () => {
    expect(cueStance('Non au Brexit ! #StrongerIn', fr).label).toBe('strong_remain');
    expect(cueStance('Reprenons le contrôle', fr).label).toMatch(/_leave$/);
  });

  it('weighs quoted and mocked slogans at a quarter, leaning to neutral, and says so', () => {
    const quoted = cueStance('So much for "take back control", what a mess', en);
    expect(quoted.cues[0]).toMatchObject({ cue: 'take back control', quoted: true, weight: 0.2 });
    expect(quoted.label).toBe('neutral');
    const mocked = cueStance('Vote leave they said, it will be fine they said 🙄', en);
    expect(mocked.cues[0]).toMatchObject({ cue: 'vote leave', mocked: true });
    expect(mocked.label).toBe('neutral');
    // An unpaired quote mark quotes nothing; a plain slogan is not distanced.
    expect(cueStance('He said "vote leave', en).cues[0]!.quoted).toBeUndefined();
    expect(cueStance('Vote leave on Thursday', en).cues[0]).not.toHaveProperty('mocked');
  });

  it('matches campaign handles through their pseudonymised form', () => {
    expect(cueStance('Great rally by @u_vote_leave today', en).cues.map((c) => c.cue)).toEqual(['@vote_leave']);
  });
});
