import { refused, type Normalised } from './result';

/** An e-mail address in its compared form, or why not. */
export type NormalisedEmail = Normalised<{ readonly email: string }>;

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
const MAX_LENGTH = 254;
const MAX_LOCAL = 64;
const SPACE = /\s/;
/** Printable ASCII: needs no Unicode normalisation (other text just takes the slower path). */
const ASCII = /^[ -~]*$/;
/** Invisible format characters (zero-width spaces and joiners, byte-order marks, direction marks): never part of an address. */
const FORMAT = /\p{Cf}/gu;
/** Control characters (NUL, escapes): a damaged value, not an address. */
const CONTROL = /\p{Cc}/u;
/** A link copied whole ("mailto:ann@example.org"). */
const MAILTO = /^mailto:/i;

/**
 * Normalises an e-mail address for storage and matching: trimmed, NFKC, invisible format characters and a
 * "mailto:" left out, lower-cased, with a basic
 * syntax check (one @, a non-empty local part, a dot inside the domain, no spaces, ≤ 254 characters).
 * Deliverability is not checked here. Dots and "+tags" are kept: only some providers (Gmail)
 * ignore them, and stripping them elsewhere would merge different people.
 *
 * Lower-casing the local part is, strictly, not allowed by RFC 5321 §2.4, but no mainstream
 * provider has case-sensitive mailboxes and duplicates differing by case are common in imports.
 *
 * @returns `null` for an empty or blank value.
 */
export function normaliseEmail(raw: string): NormalisedEmail | null {
  const text = raw.trim();
  if (text === '') return null;
  // Outside printable ASCII: format characters dropped, control characters refused, and
  // compatibility forms folded (NFKC: a full-width "ａ" typed in an Asian input method is "a"),
  // so that one address has one spelling for matching, the erased and the do-not-contact list.
  const ascii = ASCII.test(text);
  if (!ascii && CONTROL.test(text)) return refused('contains a control character');
  const plain = ascii ? text : text.replace(FORMAT, '').normalize('NFKC').trim();
  const trimmed = plain.replace(MAILTO, '');
  if (trimmed === '') return null;
  const email = trimmed.toLowerCase();
  if (email.length > MAX_LENGTH) return refused(`longer than ${MAX_LENGTH} characters`);
  if (SPACE.test(email)) return refused('contains a space');
  const at = email.indexOf('@');
  if (at < 0) return refused('no @');
  if (email.indexOf('@', at + 1) >= 0) return refused('more than one @');
  if (at === 0) return refused('nothing before the @');
  if (at > MAX_LOCAL) return refused(`part before the @ longer than ${MAX_LOCAL} characters`);
  return checkDomain(email.slice(at + 1)) ?? { ok: true, email };
}

function checkDomain(domain: string): { ok: false; reason: string } | null {
  if (domain === '') return refused('nothing after the @');
  const dot = domain.indexOf('.');
  if (dot < 0) return refused('no dot in the domain');
  if (dot === 0 || domain.endsWith('.') || domain.includes('..')) return refused('empty label in the domain');
  return null;
}
