import type { Random } from '../../core/random';
import type { DemoLang, DemoStance, DemoTopic } from './phrases';
import { CAMPAIGN_HANDLES, EMOJI, HASHTAGS, PHRASES } from './phrases';

/**
 * The synthetic demo corpus, before it is written in any platform's shape: people and their
 * posts about an EU membership referendum over the two weeks before the vote. Every name, handle,
 * id and text is generated; the country mix follows what SSIX reported for the Brexit vote.
 */
export type DemoPlatform = 'twitter' | 'bluesky' | 'mastodon' | 'generic';

export interface DemoPerson {
  readonly platform: DemoPlatform;
  /** Platform account id: numeric for Twitter and generic, a DID for Bluesky, an acct for Mastodon. */
  readonly id: string;
  readonly handle: string;
  readonly name: string;
  readonly bio: string;
  readonly followers: number;
  /** Location declared on the profile, or null. */
  readonly location: string | null;
  readonly country: string;
  readonly lang: DemoLang;
  /** −1 leans to leave, +1 to remain. */
  readonly lean: number;
  /** Mastodon server. */
  readonly server: string;
}

export interface DemoPost {
  readonly seq: number;
  readonly platform: DemoPlatform;
  readonly id: string;
  readonly createdAt: number;
  readonly text: string;
  readonly lang: DemoLang;
  readonly author: DemoPerson;
  readonly stance: DemoStance;
  readonly topic: DemoTopic;
  readonly place: { readonly name: string; readonly country: string } | null;
  readonly repostOf: DemoPost | null;
  readonly replyTo: DemoPost | null;
  readonly mentions: readonly DemoPerson[];
  readonly isQuestion: boolean;
}

interface CountrySpec {
  readonly weight: number;
  readonly langs: Readonly<Partial<Record<DemoLang, number>>>;
  readonly cities: readonly string[];
  readonly declared: readonly string[];
  /** Mean lean: positive leans remain. */
  readonly lean: number;
}

const COUNTRIES: Readonly<Record<string, CountrySpec>> = {
  GB: {
    weight: 73.1,
    langs: { en: 1 },
    cities: ['London, England', 'Manchester, England', 'Birmingham, England', 'Leeds, England', 'Glasgow, Scotland', 'Cardiff, Wales', 'Bristol, England', 'Belfast, Northern Ireland'],
    declared: ['London', 'London, UK', 'Manchester', 'Yorkshire', 'Glasgow, Scotland', 'Wales', 'UK', 'Kent, England', 'Newcastle', 'Essex'],
    lean: -0.05,
  },
  NL: { weight: 10.2, langs: { nl: 0.6, en: 0.4 }, cities: ['Amsterdam, Nederland', 'Rotterdam, Nederland', 'Utrecht, Nederland'], declared: ['Amsterdam', 'Rotterdam', 'Den Haag', 'Nederland', 'Utrecht, NL'], lean: 0.4 },
  IE: { weight: 3.0, langs: { en: 1 }, cities: ['Dublin City, Ireland', 'Cork, Ireland'], declared: ['Dublin', 'Ireland', 'Cork', 'Galway, Ireland'], lean: 0.5 },
  GR: { weight: 2.0, langs: { en: 1 }, cities: ['Athens, Greece'], declared: ['Athens', 'Thessaloniki', 'Greece'], lean: 0.1 },
  DE: { weight: 3.2, langs: { de: 0.8, en: 0.2 }, cities: ['Berlin, Deutschland', 'München, Deutschland', 'Hamburg, Deutschland'], declared: ['Berlin', 'München', 'Hamburg', 'Deutschland', 'Köln'], lean: 0.6 },
  FR: { weight: 3.0, langs: { fr: 0.8, en: 0.2 }, cities: ['Paris, France', 'Lyon, France'], declared: ['Paris', 'Lyon', 'France', 'Marseille', 'Bordeaux'], lean: 0.4 },
  ES: { weight: 2.3, langs: { es: 0.9, en: 0.1 }, cities: ['Madrid, España', 'Barcelona, España'], declared: ['Madrid', 'Barcelona', 'España', 'Sevilla'], lean: 0.5 },
  IT: { weight: 2.0, langs: { it: 0.9, en: 0.1 }, cities: ['Roma, Italia', 'Milano, Italia'], declared: ['Roma', 'Milano', 'Italia', 'Torino'], lean: 0.4 },
  BE: { weight: 1.2, langs: { nl: 0.4, fr: 0.4, en: 0.2 }, cities: ['Bruxelles, Belgique'], declared: ['Brussels', 'Bruxelles', 'Antwerpen', 'Gent'], lean: 0.6 },
};

const VAGUE_LOCATIONS = ['Earth', 'somewhere over the rainbow', 'Everywhere', 'the internet', 'Europe'];
const FIRST = ['Anna', 'James', 'Sophie', 'Tom', 'Emma', 'Lukas', 'Marie', 'Pablo', 'Giulia', 'Daan', 'Chloe', 'Oliver', 'Niamh', 'Yannis', 'Lea', 'Marco', 'Sanne', 'Hugo'];
const LAST = ['Smith', 'Jones', 'Murphy', 'Müller', 'Martin', 'García', 'Rossi', 'de Vries', 'Taylor', 'Brown', 'Papadopoulos', 'Dubois', 'Jansen', 'Byrne'];
const BIOS = ['Dad, runner, tea drinker', 'Opinions my own', 'Politics nerd', 'Teacher. Reader.', 'Football and family', 'Student', 'Proud European', 'Small business owner'];
const MASTODON_SERVERS = ['mastodon.social', 'mastodon.online', 'eupolicy.social', 'mstdn.party'];
const TOPIC_WEIGHTS: Readonly<Record<DemoTopic, number>> = { economy: 30, immigration: 25, health: 18, sovereignty: 12, trade: 9, security: 6 };

/** The two weeks before the vote (9–23 June 2016), UTC. */
export const DEMO_START = Date.UTC(2016, 5, 9);
export const DEMO_END = Date.UTC(2016, 5, 23, 22);

function pickLang(random: Random, langs: CountrySpec['langs']): DemoLang {
  return random.weighted(langs as Record<DemoLang, number>);
}

function accountId(random: Random, platform: DemoPlatform, handle: string, server: string): string {
  if (platform === 'bluesky') {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    return `did:plc:${Array.from({ length: 24 }, () => random.pick([...alphabet])).join('')}`;
  }
  if (platform === 'mastodon') return `${handle}@${server}`;
  return String(10_000_000 + random.int(2_000_000_000));
}

export function makePerson(random: Random, platform: DemoPlatform, n: number): DemoPerson {
  const country = random.weighted(Object.fromEntries(Object.entries(COUNTRIES).map(([k, v]) => [k, v.weight])));
  const spec = COUNTRIES[country]!;
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const handle = `${first}${random.pick(['_', '', '.'])}${last.replace(/\W/g, '')}${n}`.toLowerCase().replace(/\./g, platform === 'twitter' || platform === 'generic' ? '_' : '.');
  const server = random.pick(MASTODON_SERVERS);
  const roll = random.next();
  const location = roll < 0.55 ? random.pick(spec.declared) : roll < 0.62 ? random.pick(VAGUE_LOCATIONS) : null;
  return {
    platform,
    id: accountId(random, platform, platform === 'bluesky' ? `${handle}.bsky.social` : handle, server),
    handle: platform === 'bluesky' ? `${handle}.bsky.social` : handle,
    name: `${first} ${last}`,
    bio: random.pick(BIOS),
    followers: Math.floor(Math.exp(random.next() * 9)),
    location,
    country,
    lang: pickLang(random, spec.langs),
    lean: Math.max(-1, Math.min(1, spec.lean + (random.next() - 0.5) * 2.2)),
    server,
  };
}

function pickStance(random: Random, lean: number): DemoStance {
  const remain = (lean + 1) / 2;
  if (random.chance(0.22)) return 'neutral';
  const side = random.chance(remain) ? 'remain' : 'leave';
  return `${random.chance(0.55) ? 'strong' : 'weak'}_${side}` as DemoStance;
}

/**
 * Time of the post at fraction `f` (0–1) of the stream: posts come in time order, as a stream
 * delivers them, and more densely as the vote nears (the hype builds), with a little jitter.
 */
export function demoTime(random: Random, f: number): number {
  const span = DEMO_END - DEMO_START;
  return Math.round(DEMO_START + Math.pow(f, 0.6) * span + random.int(60_000));
}

export function composeText(random: Random, lang: DemoLang, stance: DemoStance, topic: DemoTopic, mentions: readonly DemoPerson[]): { text: string; isQuestion: boolean } {
  const phrases = PHRASES[lang];
  const side = stance.endsWith('leave') ? 'leave' : stance.endsWith('remain') ? 'remain' : 'neutral';
  const isQuestion = side === 'neutral' && random.chance(0.25);
  let text = isQuestion ? random.pick(phrases.questions) : random.pick(phrases.stance[stance]).replace('{t}', random.pick(phrases.topics[topic]));
  if (random.chance(stance.startsWith('strong') ? 0.8 : 0.35)) text += ` ${random.pick(HASHTAGS[side])}`;
  if (random.chance(0.25)) text += ` ${random.pick(EMOJI[side])}`;
  if (side !== 'neutral' && random.chance(0.12)) text += ` @${random.pick(CAMPAIGN_HANDLES[side])}`;
  if (mentions.length > 0) text = `${mentions.map((m) => `@${m.handle}`).join(' ')} ${text}`;
  if (random.chance(0.15)) text += ` https://t.co/${Math.floor(random.next() * 36 ** 8).toString(36)}`;
  return { text, isQuestion };
}

/** Generates `count` posts; people are drawn from per-platform pools so that authors repeat. */
export function* generateDemoPosts(random: Random, count: number, platformOf: (seq: number) => DemoPlatform): Generator<DemoPost> {
  const pools = new Map<DemoPlatform, DemoPerson[]>();
  const recent: DemoPost[] = [];
  const poolSize = Math.max(20, Math.round(count / 6));
  for (let seq = 0; seq < count; seq++) {
    const platform = platformOf(seq);
    const pool = pools.get(platform) ?? [];
    pools.set(platform, pool);
    const isNew = pool.length < poolSize && (pool.length === 0 || random.chance(0.5));
    const author = isNew ? makePerson(random, platform, seq) : random.pick(pool);
    if (isNew) pool.push(author);
    const post = nextPost(random, seq, demoTime(random, seq / count), author, recent.filter((p) => p.platform === platform));
    recent.push(post);
    if (recent.length > 200) recent.shift();
    yield post;
  }
}

function nextPost(random: Random, seq: number, createdAt: number, author: DemoPerson, earlier: readonly DemoPost[]): DemoPost {
  const original = earlier.length > 0 && random.chance(0.2) ? random.pick(earlier) : null;
  const base = original?.repostOf ?? original;
  if (base) {
    return { ...base, seq, id: `${seq}`, createdAt, author, repostOf: base, replyTo: null, place: null };
  }
  const replyTo = earlier.length > 0 && random.chance(0.1) ? random.pick(earlier) : null;
  const stance = pickStance(random, author.lean);
  const topic = random.weighted(TOPIC_WEIGHTS);
  const mentions = replyTo ? [replyTo.author] : [];
  const { text, isQuestion } = composeText(random, author.lang, stance, topic, mentions);
  const spec = COUNTRIES[author.country]!;
  const place = random.chance(0.04) ? { name: random.pick(spec.cities), country: author.country } : null;
  return { seq, platform: author.platform, id: `${seq}`, createdAt, text, lang: author.lang, author, stance, topic, place, repostOf: null, replyTo, mentions, isQuestion };
}

