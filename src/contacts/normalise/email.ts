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
/** A link copied whole ("mailto:ann@example.org?subject=hi"): the scheme and the query go. */
const MAILTO = /^mailto:([^?]*)(?:\?.*)?$/i;
/** "Ann Example <ann@example.org>", as mail programs copy an address: the part in angle brackets. */
const NAMED = /^[^<>]*<([^<>]*)>$/;
/** Wrapping that copies and spreadsheets add around an address, and a list's separator left at its end. */
const WRAPPED = /^(?:<(.*)>|"(.*)"|'(.*)'|\((.*)\)|\[(.*)\])$/;
const TRAILING = /[;,]+$/;
/** RFC 5322 atext (plus any letter or digit, for internationalised addresses), and dots between. */
const LOCAL_CHAR = /[^\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]/u;
/** A character no domain label holds. */
const DOMAIN_CHAR = /[^\p{L}\p{M}\p{N}-]/u;
/** A domain label: letters, digits, marks (IDN) and inner hyphens. */
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;

/** The address inside what was copied around it: a name and angle brackets, quotes, brackets, mailto:, a trailing ";" or ",". */
function unwrap(text: string): string {
  let s = text.replace(TRAILING, '').trim();
  for (let i = 0; i < 3; i++) {
    const named = NAMED.exec(s);
    const wrapped = WRAPPED.exec(s);
    const inner = named?.[1] ?? wrapped?.slice(1).find((x) => x !== undefined);
    const link = MAILTO.exec(inner ?? s);
    const next = (link ? link[1]! : (inner ?? s)).replace(TRAILING, '').trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * Normalises an e-mail address for storage and matching: trimmed, NFKC, invisible format characters left
 * out, taken out of what copies wrap it in ("Ann <ann@example.org>", quotes, brackets, "mailto:…?subject=",
 * a trailing ";" or ","), lower-cased, with a syntax check (one @; a local part of RFC 5322 characters or
 * letters, dots only between them; a domain of two or more labels of letters, digits and inner hyphens; no
 * spaces; ≤ 254 characters). Every spelling of one address thus compares equal, against the erased and the
 * do-not-contact lists too.
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
  const trimmed = unwrap(plain);
  if (trimmed === '') return null;
  const email = trimmed.toLowerCase();
  if (email.length > MAX_LENGTH) return refused(`longer than ${MAX_LENGTH} characters`);
  if (SPACE.test(email)) return refused('contains a space');
  const at = email.indexOf('@');
  if (at < 0) return refused('no @');
  if (email.indexOf('@', at + 1) >= 0) return refused('more than one @');
  if (at === 0) return refused('nothing before the @');
  if (at > MAX_LOCAL) return refused(`part before the @ longer than ${MAX_LOCAL} characters`);
  const local = email.slice(0, at);
  const odd = LOCAL_CHAR.exec(local);
  if (odd) return refused(`unexpected character ${JSON.stringify(odd[0])} before the @`);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return refused('a dot at the start or end of the part before the @, or two in a row');
  return checkDomain(email.slice(at + 1)) ?? { ok: true, email };
}

function checkDomain(domain: string): { ok: false; reason: string } | null {
  if (domain === '') return refused('nothing after the @');
  const dot = domain.indexOf('.');
  if (dot < 0) return refused('no dot in the domain');
  if (dot === 0 || domain.endsWith('.') || domain.includes('..')) return refused('empty label in the domain');
  const bad = domain.split('.').find((label) => !LABEL.test(label));
  if (bad === undefined) return null;
  // The reason names the character, never the label: a bad-row report holds no part of the address.
  const odd = DOMAIN_CHAR.exec(bad);
  if (odd) return refused(`unexpected character ${JSON.stringify(odd[0])} in the domain (expected letters, digits and inner hyphens)`);
  return refused('a hyphen at the start or end of a label of the domain (expected letters, digits and inner hyphens)');
}
