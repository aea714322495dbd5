import { InputError } from '../../core/errors';

/**
 * A cheap safety net against personal data in the audit log, which is kept for years and never
 * erased: the log says who did what to whom by id ('person:123'), never names, emails, phones
 * or addresses. A string value holding '@' (an email) or '+' followed by 8 or more digits
 * (an international phone number, spaces, dots, dashes and brackets allowed between them) is
 * refused, wherever it sits in the detail. It cannot catch a name or an address: callers must
 * still put only ids, counts, codes and reasons in `detail`.
 */

const PHONE = /\+[\s().-]*(?:\d[\s().-]*){8,}/;

function looksPersonal(value: string): string | null {
  if (value.includes('@')) return "an '@' (an email address?)";
  if (PHONE.test(value)) return "'+' and 8 or more digits (a phone number?)";
  return null;
}

function walk(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const why = looksPersonal(value);
    if (why) throw new InputError(`audit detail "${path}" holds ${why}: the audit log must not hold personal data, only ids such as person:123`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  }
}

/** Throws an InputError naming the key (e.g. "contact.email") of the first value that looks like an email or a phone number. */
export function assertNoPersonalData(detail: Record<string, unknown>, subject: string | null): void {
  walk(detail, '');
  const why = subject === null ? null : looksPersonal(subject);
  if (why) throw new InputError(`audit subject holds ${why}: subjects are ids such as person:123`);
}
