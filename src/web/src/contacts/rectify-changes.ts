import type { PersonRecord } from './types';

/** What the correction form holds: every field as typed, contact points one per line. */
export interface RectifyForm {
  givenName: string;
  familyName: string;
  birthYear: string;
  gender: string;
  language: string;
  support: string;
  area: string;
  emails: string;
  phones: string;
  street: string;
  postcode: string;
  city: string;
  country: string;
}

const SCALARS = ['givenName', 'familyName', 'birthYear', 'gender', 'language', 'support', 'area'] as const;

const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const lines = (s: string): string[] => [...new Set(s.split('\n').map((l) => l.trim()).filter(Boolean))];

/** The form as the person stands: what the correction starts from. */
export function formOf(r: PersonRecord): RectifyForm {
  const a = r.addresses[0];
  const points = (kind: string) => r.contactPoints.filter((c) => c.kind === kind).map((c) => c.value).join('\n');
  return {
    givenName: text(r.givenName),
    familyName: text(r.familyName),
    birthYear: text(r.birthYear),
    gender: text(r.gender),
    language: text(r.language),
    support: text(r.support),
    area: text(r.area),
    emails: points('email'),
    phones: points('phone'),
    street: text(a?.street),
    postcode: text(a?.postcode),
    city: text(a?.city),
    country: text(a?.country) || 'FR',
  };
}

/**
 * The body of `POST /api/contacts/people/{id}/rectify` for what the form changed, and nothing
 * else: an emptied field clears it (null), contact points are added and removed line by line, the
 * address is replaced whole, or removed when its lines are all emptied. Empty when nothing changed.
 */
export function changesFrom(r: PersonRecord, f: RectifyForm): Record<string, unknown> {
  const was = formOf(r);
  const out: Record<string, unknown> = {};
  for (const k of SCALARS) if (f[k].trim() !== was[k].trim()) out[k] = f[k].trim() === '' ? null : f[k].trim();
  for (const [kind, add, remove] of [['emails', 'addEmails', 'removeEmails'], ['phones', 'addPhones', 'removePhones']] as const) {
    const before = lines(was[kind]);
    const after = lines(f[kind]);
    const added = after.filter((v) => !before.includes(v));
    const removed = before.filter((v) => !after.includes(v));
    if (added.length) out[add] = added;
    if (removed.length) out[remove] = removed;
  }
  const address = (x: RectifyForm) => [x.street, x.postcode, x.city, x.country].map((v) => v.trim());
  if (address(f).join('\n') !== address(was).join('\n')) {
    const [street, postcode, city, country] = address(f);
    const empty = !street && !postcode && !city;
    if (!(empty && r.addresses.length === 0)) out.address = empty ? null : { street: street || null, postcode: postcode || null, city: city || null, country: (country || 'FR').toUpperCase() };
  }
  // National phone numbers are read in the address's country.
  if (out.addPhones || out.removePhones) out.country = (f.country.trim() || 'FR').toUpperCase();
  return out;
}
