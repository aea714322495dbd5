import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { CountryCode } from '../normalise';
import { birthYearOf, cleanName, normaliseCountry, normaliseEmail, normaliseGender, normaliseLanguage, normalisePhone, postcodeKey, supportLevel } from '../normalise';

/**
 * What a rectification (GDPR art. 16) may change, validated and normalised as the import does.
 * Errors name the field and the reason, never the value.
 */

const text = z.string().max(500).nullable().optional();
const points = z.array(z.string().max(300)).max(50).optional();

export const changesSchema = z
  .object({
    givenName: text,
    familyName: text,
    birthYear: z.union([z.number(), z.string().max(20)]).nullable().optional(),
    gender: text,
    language: text,
    support: z.union([z.number(), z.string().max(10)]).nullable().optional(),
    area: text,
    addEmails: points,
    removeEmails: points,
    addPhones: points,
    removePhones: points,
    address: z.object({ street: text, postcode: text, city: text, country: z.string().max(60).nullable().optional() }).nullable().optional(),
    /** The region national phone numbers are read in (default FR): a code or a name, as an import's country column. */
    country: z.string().max(60).optional(),
  })
  .strict();

export type Changes = z.input<typeof changesSchema>;

/** The person's columns to set (only those given), the contact points to add and remove, the address. */
export interface CleanChanges {
  readonly people: Record<string, string | number | null>;
  readonly addPoints: readonly { kind: 'email' | 'phone'; value: string }[];
  readonly removePoints: readonly { kind: 'email' | 'phone'; value: string }[];
  /** undefined: unchanged; null: removed. */
  readonly address: { street: string | null; postcode: string | null; city: string | null; country: string } | null | undefined;
}

function must<T>(field: string, r: ({ ok: true } & T) | { ok: false; reason: string } | null): T | null {
  if (r && !r.ok) throw new InputError(`${field}: ${r.reason}`);
  return r;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Validates and normalises `input`; throws an InputError naming the first bad field. */
export function cleanChanges(input: unknown, now: number): CleanChanges {
  const parsed = changesSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`rectification ${issue.path.join('.') || '(changes)'}: ${issue.message}`);
  }
  const c = parsed.data;
  const region = countryOf('country', c.country) as CountryCode;
  return { people: personColumns(c, now), ...pointChanges(c, region), address: addressOf(c.address) };
}

/** A country code or name as an import reads it (UK is GB); FR when none is given. */
function countryOf(field: string, raw: string | null | undefined): string {
  if (raw === undefined || raw === null || raw.trim() === '') return 'FR';
  return must(field, normaliseCountry(raw))!.country;
}

function personColumns(c: z.output<typeof changesSchema>, now: number): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (c.givenName !== undefined) out.given_name = cleanName(str(c.givenName));
  if (c.familyName !== undefined) out.family_name = cleanName(str(c.familyName));
  if (c.birthYear !== undefined) out.birth_year = must('birthYear', birthYearOf(str(c.birthYear), new Date(now)))?.year ?? null;
  if (c.gender !== undefined) {
    const g = normaliseGender(str(c.gender));
    if (g === null && str(c.gender).trim() !== '') throw new InputError('gender: expected female, male or other');
    out.gender = g;
  }
  if (c.language !== undefined) out.language = must('language', normaliseLanguage(str(c.language)))?.language ?? null;
  if (c.support !== undefined) out.support = must('support', supportLevel(str(c.support)))?.level ?? null;
  if (c.area !== undefined) out.area = str(c.area).trim() || null;
  return out;
}

function pointChanges(c: z.output<typeof changesSchema>, region: CountryCode): Pick<CleanChanges, 'addPoints' | 'removePoints'> {
  const email = (field: string) => (v: string) => ({ kind: 'email' as const, value: must(field, normaliseEmail(v))?.email ?? fail(field) });
  const phone = (field: string) => (v: string) => ({ kind: 'phone' as const, value: must(field, normalisePhone(v, region))?.e164 ?? fail(field) });
  const add = [...(c.addEmails ?? []).map(email('addEmails')), ...(c.addPhones ?? []).map(phone('addPhones'))];
  const remove = [...(c.removeEmails ?? []).map(email('removeEmails')), ...(c.removePhones ?? []).map(phone('removePhones'))];
  // A value both removed and added is one retyped in another form (a capital, a national phone number): it stays as it is, with its source.
  const key = (p: { kind: string; value: string }) => `${p.kind}\u0000${p.value}`;
  const removed = new Set(remove.map(key));
  const both = new Set(add.map(key).filter((k) => removed.has(k)));
  return { addPoints: add.filter((p) => !both.has(key(p))), removePoints: remove.filter((p) => !both.has(key(p))) };
}

function fail(field: string): never {
  throw new InputError(`${field}: empty value`);
}

function addressOf(a: z.output<typeof changesSchema>['address']): CleanChanges['address'] {
  if (a === undefined || a === null) return a;
  const country = countryOf('address.country', a.country);
  const street = str(a.street).trim() || null;
  const city = str(a.city).trim() || null;
  const postcode = a.postcode ? postcodeKey(a.postcode, country) : null;
  if (str(a.postcode).trim() && !postcode) throw new InputError('address.postcode: not a postcode');
  // Removing the address is `address: null`; an address whose parts are all blank is refused rather than read as a removal.
  if (!street && !postcode && !city) throw new InputError('address: street, postcode or city expected (null removes the address)');
  return { street, postcode, city, country };
}
