import type { Random } from '../../core/random';
import * as C from './choices';
import { createEmailIssuer, emailSlug, localPart } from './email';
import { BRETON_FAMILY_NAMES, COMMON_FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, SOUTHERN_FAMILY_NAMES } from './names';
import { formatPhone, phoneNumber, randomPhoneFormat, type PhoneFormat } from './phone';
import { cumulativePicker, weightedPicker } from './pick';
import { COMMUNES, STREET_KINDS, STREET_NAMES, type Commune } from './places';

/** The state of one run: its random source, the e-mail addresses and phone numbers issued so far. */
export interface Context {
  readonly random: Random;
  readonly issueEmail: (local: string, domain: string) => string;
  /** The national form of a phone number never issued before in this run. */
  readonly newPhone: (commune: Commune) => string;
}

/** Who a person is: what their rows share (or, in a fuzzy duplicate, nearly share). */
export interface Person {
  readonly id: number;
  readonly given: string;
  readonly family: string;
  readonly gender: 'F' | 'M' | '';
  /** As issued, lower case. */
  readonly email: string | null;
  /** National form, ten digits. */
  readonly phone: string | null;
  readonly phoneFormat: PhoneFormat;
  readonly street: string;
  readonly postcode: string;
  readonly commune: Commune;
  readonly area: string;
  readonly birthYear: number | null;
  readonly language: string;
}

export function createContext(random: Random): Context {
  let serial = 0;
  return {
    random,
    issueEmail: createEmailIssuer(),
    newPhone: (commune) => {
      const mobile = random.chance(0.75) ? (random.chance(0.6) ? '06' : '07') : null;
      const landline = commune.insee.startsWith('29') ? '0298' : random.chance(0.7) ? '0467' : '0499';
      return phoneNumber(serial++, mobile, landline);
    },
  };
}

const commune = cumulativePicker(COMMUNES, COMMUNES.map((c) => c.weight));
const gender = weightedPicker(C.GENDERS);
const domain = weightedPicker(C.EMAIL_DOMAINS);
const language = weightedPicker(C.LANGUAGES);
const streetKind = weightedPicker(STREET_KINDS);

function familyName(random: Random, where: Commune): string {
  if (random.chance(0.35)) return random.pick(where.insee.startsWith('29') ? BRETON_FAMILY_NAMES : SOUTHERN_FAMILY_NAMES);
  return random.pick(COMMON_FAMILY_NAMES);
}

/** A triangular draw over the birth years, most people born around 1971. */
function birthYear(random: Random): number | null {
  if (random.chance(0.05)) return null;
  const span = C.LAST_BIRTH_YEAR - C.FIRST_BIRTH_YEAR + 1;
  return C.FIRST_BIRTH_YEAR + Math.floor(((random.next() + random.next()) / 2) * span);
}

function street(random: Random): string {
  const n = 1 + Math.floor(140 * random.next() ** 2);
  const suffix = random.chance(0.03) ? (random.chance(0.7) ? ' bis' : ' ter') : '';
  const comma = random.chance(0.1) ? ',' : '';
  return `${n}${suffix}${comma} ${streetKind(random)} ${random.pick(STREET_NAMES)}`;
}

/** An e-mail address never issued before in this run, built from the name on a random domain. */
export function freshEmail(ctx: Context, given: string, family: string, avoid?: string): string {
  let d: string = domain(ctx.random);
  while (d === avoid) d = domain(ctx.random);
  return ctx.issueEmail(localPart(ctx.random, emailSlug(given), emailSlug(family)), d);
}

/** A new person: ~10 % without e-mail, ~20 % without phone, an address in a commune drawn by population. */
export function newPerson(ctx: Context, id: number): Person {
  const { random } = ctx;
  const g = gender(random);
  const given = random.pick(g === 'F' || (g === '' && random.chance(0.5)) ? FEMALE_NAMES : MALE_NAMES);
  const where = commune(random);
  const family = familyName(random, where);
  const station = 1 + random.int(where.stations);
  return {
    id,
    given,
    family,
    gender: g,
    email: random.chance(0.9) ? freshEmail(ctx, given, family) : null,
    phone: random.chance(0.8) ? ctx.newPhone(where) : null,
    phoneFormat: randomPhoneFormat(random),
    street: street(random),
    postcode: random.pick(where.postcodes),
    commune: where,
    area: `${where.insee}_${String(station).padStart(4, '0')}`,
    birthYear: birthYear(random),
    language: language(random),
  };
}

/** The identifying columns of a row, as the person first gave them. */
export interface Identity {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  street: string;
  postcode: string;
  city: string;
  birth_year: string;
  gender: string;
  support?: string;
}

export function identityOf(p: Person): Identity {
  return {
    first_name: p.given,
    last_name: p.family,
    email: p.email ?? '',
    phone: p.phone === null ? '' : formatPhone(p.phone, p.phoneFormat),
    street: p.street,
    postcode: p.postcode,
    city: p.commune.name,
    birth_year: p.birthYear === null ? '' : String(p.birthYear),
    gender: p.gender,
  };
}
