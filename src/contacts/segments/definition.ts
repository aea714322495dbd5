import { z } from 'zod';
import { InputError, UsageError } from '../../core/errors';
import { ACTIVITY_KINDS } from '../activities';
import { AGE_BANDS, normaliseGender, normaliseLanguage } from '../normalise';
import { CHANNELS, checkPurpose } from '../vocabulary';

/** A birth year bound: a whole year a person can be born in (the store holds whole years; a fraction or an astronomic year is no bound). */
const year = z.number().min(1800, 'expected a year from 1800').max(2200, 'expected a year up to 2200').int('expected a whole year');
const range = z.object({ gte: year.optional(), lte: year.optional() }).strict();
/** Support levels are 1 to 5, as `--where support>=N` checks. */
const level = z.number().int('expected a whole support level').min(1, 'expected a support level from 1 to 5').max(5, 'expected a support level from 1 to 5');
const supportRange = z.object({ gte: level.optional(), lte: level.optional() }).strict();

const leaf = z.union([
  z.object({ tag: z.string().min(1) }).strict(),
  z.object({ field: z.string().min(1), op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'exists']), value: z.union([z.string(), z.number()]).optional() }).strict(),
  z.object({ support: supportRange }).strict(),
  z.object({ birthYear: range }).strict(),
  z.object({ ageBand: z.array(z.enum(AGE_BANDS)).min(1) }).strict(),
  z.object({ volunteer: z.boolean() }).strict(),
  z.object({ area: z.array(z.string()).min(1) }).strict(),
  z.object({ language: z.array(z.string()).min(1) }).strict(),
  z.object({ gender: z.array(z.string()).min(1) }).strict(),
  z.object({ activity: z.object({ kind: z.string().optional(), channel: z.string().optional(), sinceDays: z.number().max(36_500, 'expected at most 36,500 days (100 years)').int('expected a whole number of days').min(1, 'expected at least 1 day').optional() }).strict() }).strict(),
  z.object({ consent: z.object({ purpose: z.string(), channel: z.enum(CHANNELS) }).strict() }).strict(),
]);

export type Leaf = z.infer<typeof leaf>;
export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([leaf, z.object({ all: z.array(ConditionSchema) }).strict(), z.object({ any: z.array(ConditionSchema) }).strict(), z.object({ not: ConditionSchema }).strict()]),
);

/** Nesting of all/any/not at most: deeper is no real segment, and its SQL would be too deep to run. */
const MAX_DEPTH = 32;
/** Conditions and listed values at most (e.g. areas): each is an SQL parameter, and the databases cap those. */
const MAX_PARTS = 5000;

/** Depth and size of a definition, walked without recursion (a hostile one can nest thousands deep). */
function checkSize(value: unknown, where: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  let parts = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new InputError(`${where}: nested more than ${MAX_DEPTH} levels deep; expected a flatter definition`);
    if (++parts > MAX_PARTS) throw new InputError(`${where}: more than ${MAX_PARTS.toLocaleString('en')} conditions and values; expected fewer (split it into several segments)`);
    if (Array.isArray(v)) for (const x of v) stack.push([x, depth]);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
}

/** Validates a segment definition read from a file, a request or the store. */
export function parseCondition(value: unknown, where = 'segment'): Condition {
  checkSize(value, where);
  const r = ConditionSchema.safeParse(value);
  if (!r.success) {
    const issue = explain(r.error.issues[0]!);
    throw new InputError(`${where}: ${issue.message} at ${issue.path.join('.') || '(top)'}; expected e.g. {"all":[{"tag":"volunteer"},{"support":{"gte":4}}]}`);
  }
  return stored(r.data, where);
}

/**
 * A condition with its values spelt as the store holds them: genders and languages normalised as
 * imports normalise them ("F", "femme" → female; "FR", "French" → fr), so that a condition typed
 * as a file gives it does not silently match no one; an activity's kind and channel must be ones
 * the store knows, and a consent's purpose must be spelt as purposes are.
 */
function stored(c: Condition, where: string): Condition {
  if ('all' in c) return { all: c.all.map((x) => stored(x, where)) };
  if ('any' in c) return { any: c.any.map((x) => stored(x, where)) };
  if ('not' in c) return { not: stored(c.not, where) };
  if ('gender' in c) return { gender: c.gender.map((g) => normaliseGender(g) ?? unknownValue(where, 'gender', g, 'female, male or other (F, M, femme, homme, …)')) };
  if ('language' in c) return { language: c.language.map((l) => languageOf(l) ?? unknownValue(where, 'language', l, 'a language code or name (fr, en, French, …)')) };
  if ('activity' in c && c.activity.kind !== undefined && !(ACTIVITY_KINDS as readonly string[]).includes(c.activity.kind)) unknownValue(where, 'activity kind', c.activity.kind, ACTIVITY_KINDS.join(', '));
  if ('activity' in c && c.activity.channel !== undefined && !(CHANNELS as readonly string[]).includes(c.activity.channel)) unknownValue(where, 'activity channel', c.activity.channel, CHANNELS.join(', '));
  if ('consent' in c) checkPurpose(c.consent.purpose, `${where}: consent purpose`);
  return c;
}

function languageOf(text: string): string | null {
  const r = normaliseLanguage(text);
  return r?.ok ? r.language : null;
}

function unknownValue(where: string, what: string, found: string, expected: string): never {
  throw new InputError(`${where}: ${what} ${JSON.stringify(found)} is not one the store knows; expected ${expected}`);
}

const KINDS = 'all, any, not, tag, field, support, birthYear, ageBand, volunteer, area, language, gender, activity or consent';

/**
 * The issue to report: where no kind of condition matched, the one that went furthest (the kind
 * whose name was given, its value at fault), not zod's "Invalid input" at the condition itself.
 */
function explain(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union') return { path: issue.path, message: issue.message };
  let best: { path: PropertyKey[]; message: string } | null = null;
  for (const member of issue.errors) {
    // A kind of condition that does not know the keys given is not the one meant.
    if (member.some((sub) => sub.code === 'unrecognized_keys' && sub.path.length === 0)) continue;
    for (const sub of member) {
      const e = explain(sub);
      const full = { path: [...issue.path, ...e.path], message: e.message };
      if (!best || full.path.length > best.path.length) best = full;
    }
  }
  return best ?? { path: issue.path, message: `expected one condition: ${KINDS}` };
}

const OPS: Record<string, 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

/**
 * One `--where` of the command line: `tag=volunteer`, `support>=4`, `birth_year<=1960`,
 * `age_band=18-24,65+`, `volunteer=yes`, `area=34172_0012,34172_0013`, `language=fr`, `gender=female`,
 * `field.interest=ecology`, `field.member_since>=2020`, `field.occupation?` (has a value),
 * `activity=contact:30` (an activity of that kind in the last 30 days), `consent=newsletter/email`.
 */
export function parseWhere(text: string): Condition {
  try {
    return whereOf(text);
  } catch (error) {
    // A --where is part of the command line: its mistakes are usage errors (exit 2), as other options'.
    throw error instanceof InputError ? new UsageError(error.message) : error;
  }
}

function whereOf(text: string): Condition {
  const m = /^([a-z_.0-9-]+)\s*(>=|<=|!=|=|<|>|\?)\s*(.*)$/i.exec(text.trim());
  if (!m) throw new InputError(`--where ${JSON.stringify(text)}: expected NAME OP VALUE, e.g. tag=volunteer or support>=4`);
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const num = Number(raw);
  const bound = (): { gte?: number; lte?: number } => {
    if (!Number.isFinite(num) || raw === '') throw new InputError(`--where ${text}: expected a number after ${op}`);
    if (op === '=') return { gte: num, lte: num };
    if (op === '>=' || op === '>') return { gte: op === '>' ? num + 1 : num };
    if (op === '<=' || op === '<') return { lte: op === '<' ? num - 1 : num };
    throw new InputError(`--where ${text}: ${op} does not apply to ${name}`);
  };
  const within = (r: { gte?: number; lte?: number }, lo: number, hi: number, what: string): { gte?: number; lte?: number } => {
    if ([r.gte, r.lte].some((v) => v !== undefined && (v < lo || v > hi))) throw new InputError(`--where ${text}: expected ${what} from ${lo} to ${hi}, found ${raw}`);
    return r;
  };
  const fail = (expected: string): never => {
    throw new InputError(`--where ${text}: expected ${expected}, found ${JSON.stringify(raw)}`);
  };
  if (name.startsWith('field.')) {
    const field = name.slice(6);
    if (op === '?') return { field, op: 'exists' };
    return { field, op: OPS[op]!, value: Number.isFinite(num) && raw !== '' && op !== '=' && op !== '!=' ? num : raw };
  }
  const condition = ((): Condition => {
    switch (name) {
      case 'tag':
        return { tag: raw };
      case 'support':
        return { support: within(bound(), 1, 5, 'a support level') };
      case 'birth_year':
        return { birthYear: within(bound(), 1900, new Date().getUTCFullYear(), 'a birth year') };
      case 'volunteer':
        if (!/^(yes|no|true|false|1|0)$/i.test(raw)) fail('yes or no');
        return { volunteer: /^(yes|true|1)$/i.test(raw) };
      case 'age_band':
        if (list.length === 0 || list.some((b) => !(AGE_BANDS as readonly string[]).includes(b))) fail(`age bands among ${AGE_BANDS.join(', ')} (separated by commas)`);
        return { ageBand: list as Extract<Leaf, { ageBand: unknown }>['ageBand'] };
      case 'area':
      case 'language':
      case 'gender':
        return { [name]: list } as Condition;
      case 'activity': {
        const [kind, days] = raw.split(':');
        if (days !== undefined && !/^[1-9]\d*$/.test(days)) fail('activity=KIND or KIND:DAYS, DAYS a whole number of days (e.g. contact:30)');
        return { activity: { ...(kind ? { kind } : {}), ...(days ? { sinceDays: Number(days) } : {}) } };
      }
      case 'consent': {
        const [purpose, channel] = raw.split('/');
        if (!purpose || !channel || !(CHANNELS as readonly string[]).includes(channel)) fail(`consent=PURPOSE/CHANNEL, CHANNEL one of ${CHANNELS.join(', ')} (e.g. newsletter/email)`);
        return { consent: { purpose: purpose!, channel: channel as (typeof CHANNELS)[number] } };
      }
      default:
        throw new InputError(`--where ${text}: unknown name ${name}; expected tag, support, birth_year, age_band, volunteer, area, language, gender, activity, consent or field.NAME`);
    }
  })();
  if (op === '!=' && !name.startsWith('field.')) return { not: condition };
  return parseCondition(condition, `--where ${text}`);
}
