import { z } from 'zod';

const slug = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'expected a lower-case identifier (letters, digits, _)');
const langCode = z.string().regex(/^[a-z]{2}$/, 'expected an ISO 639-1 language code such as "en"');

/** A cue: a hashtag, handle or phrase that signals one side, with how strongly (0–1]. */
export const Cue = z.object({
  text: z.string().trim().min(1, 'expected a non-empty cue'),
  side: slug,
  weight: z.number().gt(0, 'expected a weight above 0').max(1, 'expected a weight of at most 1').default(1),
});

export const LanguageCues = z.object({
  cues: z.array(Cue).default([]),
  /** Topic id → keywords (lower case; a trailing * matches any ending). */
  topics: z.record(slug, z.array(z.string().trim().min(1)).min(1, 'expected at least one keyword')).default({}),
  /** Words that flip the cue after them ("not #VoteLeave"). */
  negations: z.array(z.string().trim().min(1)).default([]),
  /**
   * Words that name the question's subject ("brexit", "referendum") and say nothing about a side:
   * the model's neutral head does not read them, so that a post is not taken to pick a side just
   * because it is on the subject.
   */
  subject: z.array(z.string().trim().min(1)).default([]),
});

/**
 * A question: what the stance of a post is measured against — a referendum's two options, or two
 * candidates — with cues, topics and negation words per language. Plain data, written by users.
 */
export const QuestionSchema = z
  .object({
    id: slug,
    title: z.string().trim().min(1).optional(),
    /** The two sides, A then B: scores run from −1 (strong A) to +1 (strong B). */
    sides: z.tuple([slug, slug]),
    languages: z.record(langCode, LanguageCues).refine((l) => Object.keys(l).length > 0, 'expected at least one language'),
  })
  .superRefine((q, ctx) => {
    if (q.sides[0] === q.sides[1]) ctx.addIssue({ code: 'custom', path: ['sides'], message: 'expected two different sides' });
    for (const [lang, cues] of Object.entries(q.languages)) {
      cues.cues.forEach((cue, i) => {
        if (!q.sides.includes(cue.side)) {
          ctx.addIssue({ code: 'custom', path: ['languages', lang, 'cues', i, 'side'], message: `expected one of ${q.sides.join(', ')}, found "${cue.side}"` });
        }
      });
    }
  });

export type Question = z.infer<typeof QuestionSchema>;
