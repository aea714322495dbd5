import { InputError } from '../core/errors';

/** The channels a person can be reached by; consent and suppression are per channel. */
export const CHANNELS = ['email', 'phone', 'sms', 'mail', 'door', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Purposes known out of the box; a campaign may add its own (lower-case words joined by '_'). */
export const PURPOSES = ['newsletter', 'canvassing', 'fundraising', 'volunteering', 'profiling', 'reuse', 'stay_in_touch'] as const;

/** Lawful bases of GDPR art. 6 (with art. 9(2) for political opinions: explicit consent, or members of a political body). */
export const BASES = ['consent', 'explicit_consent', 'legitimate_interest', 'contract', 'legal_obligation', 'public_task', 'vital_interest', 'membership'] as const;
export type Basis = (typeof BASES)[number];

/** Where personal data came from. */
export const SOURCE_KINDS = ['signup', 'import', 'canvass', 'manual', 'merge', 'api'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What the contact point of a channel is: the kind of `contact_points` it needs, or an address. */
export function pointOf(channel: Channel): 'email' | 'phone' | 'address' | null {
  if (channel === 'email') return 'email';
  if (channel === 'phone' || channel === 'sms') return 'phone';
  if (channel === 'mail' || channel === 'door') return 'address';
  return null;
}

const PURPOSE = /^[a-z][a-z0-9_]{0,39}$/;

export function checkPurpose(purpose: string, where = 'purpose'): string {
  if (!PURPOSE.test(purpose)) throw new InputError(`${where}: expected a purpose such as ${PURPOSES.slice(0, 3).join(', ')} (lower-case letters, digits, '_'), found ${JSON.stringify(purpose)}`);
  return purpose;
}

export function checkChannel(channel: string, where = 'channel'): Channel {
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new InputError(`${where}: expected one of ${CHANNELS.join(', ')}, found ${JSON.stringify(channel)}`);
  return channel as Channel;
}

export function checkBasis(basis: string, where = 'basis'): Basis {
  if (!(BASES as readonly string[]).includes(basis)) throw new InputError(`${where}: expected one of ${BASES.join(', ')}, found ${JSON.stringify(basis)}`);
  return basis as Basis;
}
