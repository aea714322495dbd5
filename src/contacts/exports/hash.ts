import { createHash } from 'node:crypto';

/**
 * Ad platforms match customer lists on SHA-256 of a normalised value. Both want e-mails trimmed
 * and lower-cased. For phones, Meta wants the digits with the country code and no '+'
 * (Meta Business Help, "How to format a customer list"), Google Customer Match wants E.164 with
 * the '+' (Google Ads API, "Customer Match: prepare data"); a wrong format uploads but never matches.
 */
export const PLATFORMS = ['meta', 'google'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An e-mail as the platforms hash it: trimmed, lower-cased. */
export function audienceEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A stored E.164 phone ('+33612345678') as the platform hashes it; null when it is not E.164. */
export function audiencePhone(e164: string, platform: Platform): string | null {
  const digits = e164.replace(/[^0-9]/g, '');
  if (!e164.trim().startsWith('+') || digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return null;
  return platform === 'google' ? `+${digits}` : digits;
}
