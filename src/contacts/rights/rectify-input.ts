import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { CountryCode } from '../normalise';
import { birthYearOf, cleanName, normaliseEmail, normaliseGender, normaliseLanguage, normalisePhone, postcodeKey, supportLevel } from '../normalise';

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
    address: z.object({ street: text, postcode: text, city: text, country: z.string().max(2).nullable().optional() }).nullable().optional(),
    /** The region national phone numbers are read in (default FR). */
    country: z.string().length(2).optional(),
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
  const region = (c.country ?? 'FR').toUpperCase() as CountryCode;
  return { people: personColumns(c, now), ...pointChanges(c, region), address: addressOf(c.address) };
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
  return {
    addPoints: [...(c.addEmails ?? []).map(email('addEmails')), ...(c.addPhones ?? []).map(phone('addPhones'))],
    removePoints: [...(c.removeEmails ?? []).map(email('removeEmails')), ...(c.removePhones ?? []).map(phone('removePhones'))],
  };
}

function fail(field: string): never {
  throw new InputError(`${field}: empty value`);
}

function addressOf(a: z.output<typeof changesSchema>['address']): CleanChanges['address'] {
  if (a === undefined || a === null) return a;
  const country = (a.country ?? 'FR').toUpperCase();
  const street = str(a.street).trim() || null;
  const city = str(a.city).trim() || null;
  const postcode = a.postcode ? postcodeKey(a.postcode, country) : null;
  if (!street && !postcode && !city) return null;
  return { street, postcode, city, country };
}
