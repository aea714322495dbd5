import { memoise } from '../core/memo';
import { roundTo } from '../core/stats';
import type { Pseudonymiser } from '../core/pseudonym';
import { resolveCountry } from './geo';
import { detectLanguage } from './lang';
import type { Post } from './post';
import type { Question } from './questions';
import { sentimentDetail } from './sentiment';
import type { CueSet, Stance, StanceModel } from './stance';
import { compileCues, cueStance, withModel } from './stance';
import { cueTokens } from './stance/cues';
import { mentionToken } from './text';
import type { TopicMatcher } from './topics';
import { topicMatcher, topicsWithSentiment } from './topics';

/** One post's classification: the contract of `hustings listen classify` (keep it stable). */
export interface Classification {
  readonly id: string;
  readonly platform: string;
  readonly lang: string | null;
  readonly country: string | null;
  readonly stance: Stance;
  /** Compound sentiment, −1 … +1; null for a language without a sentiment lexicon. */
  readonly sentiment: { readonly compound: number | null };
  readonly topics: readonly string[];
  readonly themeSentiment: Readonly<Record<string, number>>;
}

const LOCATION_CACHE = 50_000;

/**
 * A classifier for one question: language, country, stance, sentiment, topics and theme
 * sentiment of each post. Compiled cue sets and topic matchers are kept per language and
 * platform; resolved locations are cached (bounded).
 */
export function createClassifier(question: Question, pseudonymiser: Pseudonymiser, model: StanceModel | null = null): (post: Post) => Classification {
  const cues = new Map<string, CueSet>();
  const topics = new Map<string, TopicMatcher | null>();
  const cueSet = (lang: string, platform: string): CueSet => {
    const key = `${lang}\u0000${platform}`;
    let set = cues.get(key);
    if (!set) cues.set(key, (set = compileCues(question, lang, (name) => mentionToken(pseudonymiser.pseudonym(platform, `handle:${name}`)).toLowerCase())));
    return set;
  };
  const matcher = (lang: string): TopicMatcher | null => {
    if (!topics.has(lang)) topics.set(lang, topicMatcher(question, lang));
    return topics.get(lang)!;
  };
  const place = memoise((location: string) => resolveCountry(null, location).country, LOCATION_CACHE);
  const country = (post: Post): string | null => {
    if (post.placeCountry || !post.userLocation) return resolveCountry(post.placeCountry, post.userLocation).country;
    return place(post.userLocation);
  };
  const stanceOf = (post: Post, lang: string | null): Stance => {
    const tokens = cueTokens(post.text);
    const cue = cueStance(post.text, cueSet(lang ?? 'und', post.platform), tokens);
    if (!model || post.text.length === 0 || (model.languages && !model.languages.has(lang ?? ''))) return cue;
    return withModel(cue, model, post.text, question.sides, tokens);
  };
  return (post) => {
    const lang = detectLanguage(post.text, post.lang).lang;
    const m = lang ? matcher(lang) : null;
    const detail = lang ? sentimentDetail(post.text, lang) : null;
    const themes = m ? topicsWithSentiment(post.text, m, detail) : { topics: [], themeSentiment: {} };
    return {
      id: post.id,
      platform: post.platform,
      lang,
      country: country(post),
      stance: stanceOf(post, lang),
      sentiment: { compound: round(detail?.compound) },
      topics: themes.topics,
      themeSentiment: themes.themeSentiment,
    };
  };
}

function round(x: number | undefined): number | null {
  return x === undefined ? null : roundTo(x, 4);
}
