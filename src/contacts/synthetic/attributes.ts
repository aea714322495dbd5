import type { Random } from '../../core/random';
import * as C from './choices';
import type { Identity, Person } from './person';
import { weightedPicker } from './pick';
import type { RowTruth, SyntheticContact } from './types';

const tagCount = weightedPicker(C.TAG_COUNTS);
const support = weightedPicker(C.SUPPORT);
const newsletter = weightedPicker(C.CONSENT_NEWSLETTER);
const door = weightedPicker(C.CONSENT_DOOR);
const phoneConsent = weightedPicker(C.CONSENT_PHONE);
const reuse = weightedPicker(C.CONSENT_REUSE);

function tags(random: Random): string[] {
  const n = Number(tagCount(random));
  const out: string[] = [];
  while (out.length < n) {
    const t = random.pick(C.TAGS);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * A whole row: the identity columns as given, then what each sign-up records afresh (tags, support,
 * consents, custom fields). Consent to a channel is only asked when the row gives that channel.
 */
export function syntheticRow(random: Random, p: Person, id: Identity, truth: RowTruth): SyntheticContact {
  const t = tags(random);
  const member = t.includes('member');
  return {
    first_name: id.first_name,
    last_name: id.last_name,
    email: id.email,
    phone: id.phone,
    street: id.street,
    postcode: id.postcode,
    city: id.city,
    birth_year: id.birth_year,
    gender: id.gender,
    language: p.language,
    tags: t.join('|'),
    support: id.support ?? support(random),
    volunteer: t.includes('volunteer') || random.chance(0.08) ? 'yes' : 'no',
    area: p.area,
    consent_newsletter_email: id.email === '' ? '' : newsletter(random),
    consent_canvassing_door: id.street === '' ? '' : door(random),
    consent_canvassing_phone: id.phone === '' ? '' : phoneConsent(random),
    consent_reuse_email: id.email === '' ? '' : reuse(random),
    field_interest: random.chance(0.7) ? random.pick(C.INTERESTS) : '',
    field_occupation: random.chance(0.65) ? random.pick(C.OCCUPATIONS) : '',
    field_member_since: member || random.chance(0.25) ? String(1995 + random.int(32)) : '',
    truth,
  };
}
