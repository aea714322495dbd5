import type { Random } from '../../core/random';
import { freshEmail, identityOf, type Context, type Identity, type Person } from './person';
import { formatPhone, PHONE_FORMATS } from './phone';
import type { BadField } from './types';

/** The address with other capitals or stray spaces: equal once trimmed and lower-cased, never equal as written. */
export function emailVariant(random: Random, email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  switch (random.int(4)) {
    case 0: return `${local.replace(/(^|[._-])(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase())}@${domain}`;
    case 1: return email.toUpperCase();
    case 2: return `${local}@${domain[0]!.toUpperCase()}${domain.slice(1)}`;
    default: return random.chance(0.5) ? ` ${email} ` : `${email} `;
  }
}

/** The same person again under the same e-mail address, written differently; phone maybe reformatted or left out. */
export function exactIdentity(ctx: Context, p: Person): Identity {
  const { random } = ctx;
  const base = identityOf(p);
  const keepAddress = random.chance(0.7);
  let phone = base.phone;
  if (p.phone !== null) {
    const r = random.next();
    if (r < 0.25) phone = '';
    else if (r < 0.85) phone = formatPhone(p.phone, random.pick(PHONE_FORMATS.filter((f) => f !== p.phoneFormat)));
  }
  return {
    ...base,
    last_name: random.chance(0.3) ? p.family.toUpperCase() : p.family,
    email: emailVariant(random, p.email ?? ''),
    phone,
    street: keepAddress ? base.street : '',
    postcode: keepAddress ? base.postcode : '',
    city: keepAddress ? base.city : '',
    birth_year: random.chance(0.8) ? base.birth_year : '',
  };
}

const VOWELS = 'aeiou';

/** One keyboard slip in a name, never on its first letter: a letter dropped, doubled, swapped or replaced. */
export function typo(random: Random, name: string): string {
  if (name.length < 3) return `${name}e`;
  const i = 1 + random.int(name.length - 2);
  const a = name[i]!;
  const b = name[i + 1]!;
  let out: string;
  switch (random.int(4)) {
    case 0: out = name.slice(0, i) + name.slice(i + 1); break;
    case 1: out = name.slice(0, i) + b + a + name.slice(i + 2); break;
    case 2: out = name.slice(0, i) + a + name.slice(i); break;
    default: out = name.slice(0, i) + VOWELS[(VOWELS.indexOf(a.toLowerCase()) + 1 + random.int(4)) % 5]! + name.slice(i + 1);
  }
  return out === name ? name.slice(0, i) + name.slice(i + 1) : out;
}

/** The name without its accents and diacritics (Hélène → Helene). */
export function dropAccents(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

function fuzzyName(random: Random, p: Person): { given: string; family: string } {
  const r = random.next();
  if (r < 0.2 && p.given !== p.family) return { given: p.family, family: p.given };
  if (r < 0.4 && (dropAccents(p.given) !== p.given || dropAccents(p.family) !== p.family)) {
    return { given: dropAccents(p.given), family: dropAccents(p.family) };
  }
  if (r < 0.6) return { given: typo(random, p.given), family: p.family };
  return { given: p.given, family: typo(random, p.family) };
}

/**
 * The same person at the same address under a name slightly off (typo, accents dropped, given and
 * family swapped), with no e-mail or phone in common with any earlier row: only fuzzy matching finds them.
 */
export function fuzzyIdentity(ctx: Context, p: Person): Identity {
  const { random } = ctx;
  const base = identityOf(p);
  const name = fuzzyName(random, p);
  const domain = p.email?.slice(p.email.indexOf('@') + 1);
  return {
    ...base,
    first_name: name.given,
    last_name: random.chance(0.15) ? name.family.toUpperCase() : name.family,
    email: random.chance(0.5) ? freshEmail(ctx, p.given, p.family, domain) : '',
    phone: random.chance(0.35) ? formatPhone(ctx.newPhone(p.commune), p.phoneFormat) : '',
    birth_year: random.chance(0.7) ? base.birth_year : '',
    gender: random.chance(0.8) ? base.gender : '',
  };
}

const BAD_FIELDS = ['email', 'phone', 'birth_year', 'support'] as const;

/** A new person's row with one invalid value, and the column it is in. */
export function badIdentity(ctx: Context, p: Person): { identity: Identity; field: BadField } {
  const { random } = ctx;
  const base = identityOf(p);
  const field = random.pick(BAD_FIELDS);
  const local = p.email?.slice(0, p.email.indexOf('@')) ?? `${p.given}.${p.family}`.toLowerCase().replace(/ /g, '');
  switch (field) {
    case 'email':
      return { identity: { ...base, email: random.pick([`${local}@`, `${local}.gmail.com`, `${local}@@orange.fr`, `@${local}`]) }, field };
    case 'phone':
      return { identity: { ...base, phone: random.pick(['12', '06 12 34', '+33 6', '061234567890123', 'n/a']) }, field };
    case 'birth_year':
      return { identity: { ...base, birth_year: random.pick(['3020', '2107', '1850', '19', 'abcd']) }, field };
    case 'support':
      return { identity: { ...base, support: random.pick(['9', '0', '-1', '6', 'oui']) }, field };
  }
}
