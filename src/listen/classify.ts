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
import { mentionToken, withoutLinkPaths } from './text';
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
 * Texts whose classes are remembered (in two generations, see `memoise`): reposts and copied
 * slogans repeat a text many times over. As objects, about 1 KB an entry; as JSON (all that
 * `classify` writes), about 0.4 KB, so three times as many fit in the same memory.
 */
const TEXT_CACHE = 8_000;
const TEXT_JSON_CACHE = 16_000;

/** The part of a classification that the text alone decides (with the declared language and the platform). */
type TextClass = Pick<Classification, 'lang' | 'stance' | 'sentiment' | 'topics' | 'themeSentiment'>;

/** The same as JSON: the language, and the four fields after `country` without the opening brace. */
interface TextJson {
  readonly lang: string;
  readonly rest: string;
}

/**
 * The memo key of a post's text: platform, declared language and the text as classifiers read
 * it (links cut to their host, `withoutLinkPaths`), one table for all: posts that differ only
 * in a link's slug (share buttons, copies) are one text.
 */
function textKey(post: Post): string {
  return `${post.platform}\u0000${post.lang ?? ''}\u0000${withoutLinkPaths(post.text)}`;
}

/** `f(text, declared language, platform)` of a memo key. */
function ofKey<V>(f: (text: string, declared: string | null, platform: string) => V): (key: string) => V {
  return (key) => {
    const a = key.indexOf('\u0000');
    const b = key.indexOf('\u0000', a + 1);
    return f(key.slice(b + 1), key.slice(a + 1, b) || null, key.slice(0, a));
  };
}

/** Classifies a post; `json` gives the same classification as one line of JSON (the classify contract's key order). */
export interface Classifier {
  (post: Post): Classification;
  json(post: Post): string;
}

/**
 * A classifier for one question: language, country, stance, sentiment, topics and theme
 * sentiment of each post. Compiled cue sets and topic matchers are kept per language and
 * platform; resolved locations and the classes of repeated texts are cached (bounded): a
 * repeated text (a repost, a copied slogan) costs one lookup.
 */
export function createClassifier(question: Question, pseudonymiser: Pseudonymiser, model: StanceModel | null = null): Classifier {
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
  const stanceOf = (text: string, platform: string, lang: string | null): Stance => {
    const tokens = cueTokens(text);
    const cue = cueStance(text, cueSet(lang ?? 'und', platform), tokens);
    if (!model || text.length === 0 || (model.languages && !model.languages.has(lang ?? ''))) return cue;
    return withModel(cue, model, text, question.sides, tokens);
  };
  const textClassOf = (text: string, declared: string | null, platform: string): TextClass => {
    const lang = detectLanguage(text, declared).lang;
    const m = lang ? matcher(lang) : null;
    const detail = lang ? sentimentDetail(text, lang) : null;
    const themes = m ? topicsWithSentiment(text, m, detail) : { topics: [], themeSentiment: {} };
    return { lang, stance: stanceOf(text, platform, lang), sentiment: { compound: round(detail?.compound) }, topics: themes.topics, themeSentiment: themes.themeSentiment };
  };
  const textClass = memoise(ofKey(textClassOf), TEXT_CACHE);
  const textJson = memoise(
    ofKey((text, declared, platform): TextJson => {
      const t = textClassOf(text, declared, platform);
      return { lang: JSON.stringify(t.lang), rest: JSON.stringify({ stance: t.stance, sentiment: t.sentiment, topics: t.topics, themeSentiment: t.themeSentiment }).slice(1) };
    }),
    TEXT_JSON_CACHE,
  );
  const classify = (post: Post): Classification => {
    const t = textClass(textKey(post));
    return { id: post.id, platform: post.platform, lang: t.lang, country: country(post), stance: t.stance, sentiment: t.sentiment, topics: t.topics, themeSentiment: t.themeSentiment };
  };
  classify.json = (post: Post): string => {
    const t = textJson(textKey(post));
    return `{"id":${JSON.stringify(post.id)},"platform":${JSON.stringify(post.platform)},"lang":${t.lang},"country":${JSON.stringify(country(post))},${t.rest}`;
  };
  return classify;
}

function round(x: number | undefined): number | null {
  return x === undefined ? null : roundTo(x, 4);
}
