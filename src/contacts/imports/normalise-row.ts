import type { CountryCode } from '../normalise';
import { addressKey, birthYearOf, cleanName, nameKey, withParticle, normaliseCountry, normaliseEmail, normaliseGender, normaliseLanguage, normalisePhone, postcodeKey, supportLevel } from '../normalise';
import type { Mapping } from './mapping';
import type { PersonRow, RowResult } from './row';

/** A mapping compiled against a header: for each target, the column positions that feed it. */
export interface Plan {
  readonly country: CountryCode;
  readonly tagSeparator: string;
  readonly header: readonly string[];
  readonly single: Readonly<Record<string, number>>;
  readonly emails: readonly number[];
  readonly phones: readonly number[];
  readonly fields: readonly (readonly [number, string])[];
  readonly consents: readonly (readonly [number, string, string])[];
  /** Columns whose yes puts the person on a channel's do-not-contact list (`*`: every channel). */
  readonly objections: readonly (readonly [number, string])[];
  /** Every column the plan reads (a NUL character in one is a damaged row). */
  readonly used: readonly number[];
  /**
   * Whether the import records the version of the privacy notice shown: without one, a row
   * granting a consent is bad unless it gives its own (a `notice_version` column).
   */
  readonly withNotice: boolean;
}

/**
 * A mapping compiled against a header. `withNotice`: the import gives the version of the privacy
 * notice the people were shown; without it (and without the row's own, from a `notice_version`
 * column) a consent granted is no record of consent (the controller must be able to show what the
 * person agreed to, GDPR art. 7(1)), so a row granting one is bad, as the sign-up form, the
 * canvassing sync and a grant recorded by hand refuse it.
 */
export function planOf(mapping: Mapping, header: readonly string[], withNotice: boolean): Plan {
  const single: Record<string, number> = {};
  const emails: number[] = [];
  const phones: number[] = [];
  const fields: [number, string][] = [];
  const consents: [number, string, string][] = [];
  const objections: [number, string][] = [];
  header.forEach((column, i) => {
    // An own key only: a column named constructor or toString is not Object.prototype's (it was a 500).
    const target = Object.hasOwn(mapping.columns, column) ? mapping.columns[column]! : 'ignore';
    if (target === 'email') emails.push(i);
    else if (target === 'phone') phones.push(i);
    else if (target.startsWith('field:')) fields.push([i, target.slice(6)]);
    else if (target.startsWith('consent:')) {
      const [purpose, channel] = target.slice(8).split('/') as [string, string];
      consents.push([i, purpose, channel]);
    } else if (target.startsWith('object:')) objections.push([i, target.slice(7)]);
    else if (target !== 'ignore') single[target] = i;
  });
  const used = [...Object.values(single), ...emails, ...phones, ...fields.map(([i]) => i), ...consents.map(([i]) => i), ...objections.map(([i]) => i)];
  return { country: mapping.country as CountryCode, tagSeparator: mapping.tagSeparator, header, single, emails, phones, fields, consents, objections, used, withNotice };
}

const YES = /^(y|yes|oui|o|ja|j|si|sí|sì|true|1|x|granted|opt-?in)$/i;
const NO = /^(n|no|non|nein|nee|false|0|refused|withdrawn|opt-?out)$/i;

class Bad extends Error {
  constructor(
    readonly column: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A NUL character in a column the import reads: a damaged file (PostgreSQL refuses it in text; SQLite would store it). */
function checkNul(values: readonly (string | undefined)[], plan: Plan): void {
  for (const i of plan.used) if (values[i]?.includes('\u0000')) throw new Bad(plan.header[i] ?? '', 'contains a NUL character (a damaged or binary file?)');
}

/** Normalises one record (values in header order) into a person row, or says which column is wrong and why. */
export function normaliseRecord(values: readonly (string | undefined)[], line: number, plan: Plan, now: number): RowResult {
  try {
    checkNul(values, plan);
    return { ok: true, row: build(values, line, plan, now) };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, line, column: error.column, reason: error.reason };
    throw error;
  }
}

function build(values: readonly (string | undefined)[], line: number, plan: Plan, now: number): PersonRow {
  const col = (target: string): [string, string] | null => {
    const i = plan.single[target];
    if (i === undefined) return null;
    const v = values[i]?.trim();
    return v ? [plan.header[i]!, v] : null;
  };
  // The row's own country, when it gives one, is its address's and its local phone numbers' region.
  const country = checked(col('country'), normaliseCountry, (r) => r.country as CountryCode) ?? plan.country;
  const emails = points(values, plan, plan.emails, (v) => normaliseEmail(v), (r) => r.email);
  const phones = points(values, plan, plan.phones, (v) => normalisePhone(v, country), (r) => r.e164);
  let given = cleanName(col('given_name')?.[1] ?? '');
  // A family name of use if there is one, else the name at birth (French electoral rolls: "nom d'usage", "nom de naissance").
  let family = cleanName(col('family_name')?.[1] ?? '') || cleanName(col('birth_name')?.[1] ?? '');
  const full = col('full_name');
  if (full && !given && !family) [given, family] = splitFullName(full[1]);
  family = withParticle(col('name_particle')?.[1] ?? null, family);
  if (!given && !family && emails.length === 0 && phones.length === 0) throw new Bad(plan.header[0] ?? '', 'no name, email or phone: nothing to identify the person by');
  const street = streetOf(col('street')?.[1] ?? null, col('house_number')?.[1] ?? null, country);
  const postcode = col('postcode');
  const city = col('city')?.[1] ?? null;
  const pc = postcode ? postcodeKey(postcode[1], country) : null;
  const address = street || pc || city ? { street, postcode: pc, city, country } : null;
  const hh = street && (pc || city) ? addressKey(street, pc ?? '', city ?? '', country) : null;
  const nk = given || family ? nameKey(given ?? '', family ?? '') : null;
  const notice = noticeOf(col('notice_version'));
  return {
    line,
    given,
    family,
    emails,
    phones,
    address,
    addressKey: hh,
    birthYear: checked(col('birth_year'), (v) => birthYearOf(v, new Date(now)), (r) => r.year),
    gender: optional(col('gender'), normaliseGender, 'expected female, male or other (F, M, femme, homme, …)'),
    language: checked(col('language'), normaliseLanguage, (r) => r.language),
    support: checked(col('support'), supportLevel, (r) => r.level),
    volunteer: flag(col('volunteer')),
    area: col('area')?.[1] ?? null,
    tags: tagsOf(col('tags')?.[1], plan.tagSeparator),
    fields: fieldsOf(values, plan),
    ...consentsAndObjections(values, plan, notice),
    noticeVersion: notice?.[1] ?? null,
    blockKey: hh ? `a:${hh}` : nk ? `n:${nk}` : null,
  };
}

type Result<T extends object> = ({ ok: true } & T) | { ok: false; reason: string } | null;

function points<T extends object>(values: readonly (string | undefined)[], plan: Plan, at: readonly number[], f: (v: string) => Result<T>, value: (r: T) => string): string[] {
  const out: string[] = [];
  for (const i of at) {
    const raw = values[i]?.trim();
    if (!raw) continue;
    const r = f(raw);
    if (!r) continue;
    if (!r.ok) throw new Bad(plan.header[i]!, r.reason);
    const v = value(r);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function checked<T extends object, V>(c: [string, string] | null, f: (v: string) => Result<T>, value: (r: T) => V): V | null {
  if (!c) return null;
  const r = f(c[1]);
  if (!r) return null;
  if (!r.ok) throw new Bad(c[0], r.reason);
  return value(r);
}

/** What a bad value was, without the value: a bad-row report names line and column, never personal data. */
const unlike = (v: string): string => `another value (${v.length} character${v.length === 1 ? '' : 's'}; see the file at this line)`;

function optional(c: [string, string] | null, f: (v: string) => string | null, expected: string): string | null {
  if (!c) return null;
  const v = f(c[1]);
  if (v === null) throw new Bad(c[0], `${expected}, found ${unlike(c[1])}`);
  return v;
}

function flag(c: [string, string] | null): boolean | null {
  if (!c) return null;
  if (YES.test(c[1])) return true;
  if (NO.test(c[1])) return false;
  throw new Bad(c[0], `expected yes or no, found ${unlike(c[1])}`);
}

/** Where the house number goes: before the street ("12 rue de la Paix", "10 Downing Street"), elsewhere after ("Hauptstraße 12"). */
const NUMBER_FIRST = new Set(['FR', 'LU', 'MC', 'GB', 'IE', 'US', 'CA', 'AU', 'NZ']);

/** The street line with its house number from a column of its own; a number without a street is no address, and is left out. */
function streetOf(street: string | null, number: string | null, country: string): string | null {
  if (!street || !number) return street;
  return NUMBER_FIRST.has(country) ? `${number} ${street}` : `${street} ${number}`;
}

/** Words that begin a family name when typed in lower case: "Jan van der Berg", "Charles de Gaulle". */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'degli', 'di', 'da', 'das', 'do', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'te', 'zu', 'zum', 'zur', "d'", "'t"]);
const CAPITALS = /^[\p{Lu}'’-]*\p{Lu}[\p{Lu}'’-]*$/u;

/**
 * A full name's given and family names. A family name written in capitals, as French forms and
 * lists write it, is taken as such wherever it stands ("DUPONT Jean", "Jean DE LA FONTAINE");
 * otherwise the last word is, with the lower-case particles before it ("Jan van der Berg").
 */
export function splitFullName(full: string): [string | null, string | null] {
  const words = full.trim().split(/\s+/);
  if (words.length === 1) return [null, cleanName(words[0]!)];
  const caps = words.map((w) => CAPITALS.test(w) && /\p{Lu}.*\p{Lu}/u.test(w));
  if (caps.some((c) => !c)) {
    const lead = caps.indexOf(false);
    if (lead > 0 && caps.slice(lead).every((c) => !c)) return [cleanName(words.slice(lead).join(' ')), cleanName(words.slice(0, lead).join(' '))];
    const tail = caps.lastIndexOf(false) + 1;
    if (tail < words.length && tail > 0 && caps.slice(0, tail).every((c) => !c)) return [cleanName(words.slice(0, tail).join(' ')), cleanName(words.slice(tail).join(' '))];
  }
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  return [cleanName(words.slice(0, start).join(' ')), cleanName(words.slice(start).join(' '))];
}

/**
 * The tags of a cell, split at the mapping's separator. With the default, `|`, a cell that holds
 * none is split at its commas or semicolons (NationBuilder's `tag_list`: "donor, volunteer";
 * Mailchimp's `TAGS`: "\"donor\",\"volunteer\""); quotes around a tag are left out.
 */
function tagsOf(raw: string | undefined, separator: string): string[] {
  if (!raw) return [];
  const parts = separator === '|' && !raw.includes('|') ? listItems(raw) : raw.split(separator);
  return [...new Set(parts.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0 && t.length <= 64))];
}

/** The items of a list separated by commas or semicolons, quotes left out: a quoted item keeps its commas ("Phone bank, north","donor"). */
function listItems(raw: string): string[] {
  const out: string[] = [];
  let item = '';
  let quoted = false;
  for (const c of raw) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';')) {
      out.push(item);
      item = '';
    } else item += c;
  }
  out.push(item);
  return out;
}

function fieldsOf(values: readonly (string | undefined)[], plan: Plan): [string, string, number | null][] {
  const out: [string, string, number | null][] = [];
  for (const [i, name] of plan.fields) {
    const v = values[i]?.trim();
    if (!v) continue;
    const n = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
    out.push([name, v.slice(0, 1000), n]);
  }
  return out;
}

/** The longest notice version taken, as over HTTP (noticeVersion, a sign-up's notice_version). */
const MAX_NOTICE_CHARS = 100;
/** Characters a version name never holds: control and invisible (format) characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;

/**
 * A row's own notice version (its `notice_version` cell, [column, value]), checked: a version name
 * of at most 100 characters, printable. A yes or no is refused: the column holds whether the
 * notice was accepted (the consent columns say that), not which version was shown.
 */
function noticeOf(c: [string, string] | null): [string, string] | null {
  if (!c) return null;
  const [column, v] = c;
  if (v.length > MAX_NOTICE_CHARS || UNPRINTABLE.test(v)) throw new Bad(column, `expected the version of the privacy notice the person was shown (such as v3 or 2026-05), of at most ${MAX_NOTICE_CHARS} characters without control or invisible characters, found ${unlike(v)}`);
  if ((YES.test(v) || NO.test(v)) && !/^\d+$/.test(v)) throw new Bad(column, 'expected the version of the privacy notice the person was shown (such as v3 or 2026-05), found a yes or no: does the column say whether the notice was accepted? Map it to a consent, or leave it out');
  return c;
}

/** Why a row's grant is refused when neither it nor the import gives a notice version. */
function noNotice(plan: Plan, purpose: string, channel: string): string {
  const column = plan.single['notice_version'];
  if (column === undefined) return `grants ${purpose}/${channel}, and the import gives no version of the privacy notice the person was shown: expected one (--notice VERSION, noticeVersion over HTTP); a withdrawal needs none`;
  return `grants ${purpose}/${channel}, and neither the row (its ${plan.header[column]} is empty) nor the import gives the version of the privacy notice the person was shown: expected one (in ${plan.header[column]}, or --notice VERSION, noticeVersion over HTTP); a withdrawal needs none`;
}

/**
 * The row's consents and the channels it objects to. A row that grants a use on a channel it
 * objects to says two opposite things, and is bad.
 */
function consentsAndObjections(values: readonly (string | undefined)[], plan: Plan, notice: [string, string] | null): { consents: [string, string, boolean][]; objections: string[] } {
  const consents = consentsOf(values, plan, notice);
  const objections: string[] = [];
  for (const [i, channel] of plan.objections) {
    const v = values[i]?.trim();
    if (!v || NO.test(v)) continue;
    if (!YES.test(v)) throw new Bad(plan.header[i]!, `expected yes (do not contact), no or nothing, found ${unlike(v)}`);
    const granted = consents.find(([, c, g]) => g && (channel === '*' || c === channel));
    if (granted) throw new Bad(plan.header[i]!, `objects to ${channel === '*' ? 'every channel' : channel} while the row grants ${granted[0]}/${granted[1]}: which holds? Correct the file at this line`);
    if (!objections.includes(channel)) objections.push(channel);
  }
  return { consents, objections };
}

function consentsOf(values: readonly (string | undefined)[], plan: Plan, notice: [string, string] | null): [string, string, boolean][] {
  const out: [string, string, boolean][] = [];
  for (const [i, purpose, channel] of plan.consents) {
    const v = values[i]?.trim();
    if (!v) continue;
    if (YES.test(v)) {
      if (!plan.withNotice && !notice) throw new Bad(plan.header[i]!, noNotice(plan, purpose, channel));
      out.push([purpose, channel, true]);
    } else if (NO.test(v)) out.push([purpose, channel, false]);
    else throw new Bad(plan.header[i]!, `expected yes, no or nothing (not asked), found ${unlike(v)}`);
  }
  return out;
}
