import type { AnyDb, DialectName } from '../store';
import { appendAudit } from './audit';
import type { Use } from './gate';
import { reserveIds } from './ids';
import { contactsDb } from './tables';
import { refusalsOf, refuses } from './consent/refusals';

/** What a sign-up form sends that decides whom it matches (its email and phone, normalised as the import stores them) and what it grants. */
export interface SignupAsk {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly consents: readonly Use[];
  readonly form: string;
}

/**
 * The uses a sign-up asks for that a known person (same email or phone) withdrew, or is
 * suppressed on: the form is anonymous, so anyone who knows an address could otherwise grant
 * them again over the person's own "no". Those are held back, and a review item asks staff to
 * confirm with the person; the rest of the sign-up goes through. Returns the uses held back.
 */
export async function holdBackWithdrawn(db: AnyDb, dialect: DialectName, ask: SignupAsk, now = Date.now()): Promise<Use[]> {
  const c = contactsDb(db);
  const points = [...ask.emails.map((v) => ['email', v] as const), ...ask.phones.map((v) => ['phone', v] as const)];
  if (points.length === 0 || ask.consents.length === 0) return [];
  const known = await c
    .selectFrom('contact_points')
    .select('person_id')
    .where((eb) => eb.or(points.map(([kind, value]) => eb.and([eb('kind', '=', kind), eb('value', '=', value)]))))
    .execute();
  const people = [...new Set(known.map((k) => Number(k.person_id)))];
  if (people.length === 0) return [];
  const withdrawn = await c.selectFrom('consent_state').select(['person_id', 'purpose', 'channel']).where('person_id', 'in', people).where('granted', '=', 0).execute();
  const suppressed = await c.selectFrom('suppressions').select(['person_id', 'channel']).where('person_id', 'in', people).execute();
  const no = refusalsOf(withdrawn, suppressed);
  const held = ask.consents.filter((u) => people.some((p) => refuses(no.get(p), u.purpose, u.channel)));
  if (held.length === 0) return [];
  await c.transaction().execute(async (trx) => {
    const first = await reserveIds(trx, 'review_queue', people.length);
    const reason = `a sign-up (form ${ask.form}) asks again for ${held.map((u) => `${u.purpose}/${u.channel}`).join(', ')}, which this person withdrew or is suppressed on: not granted; confirm with them first`;
    await trx
      .insertInto('review_queue')
      .values(people.map((person, i) => ({ id: first + i, kind: 'signup', person_id: person, other_id: null, score: null, reason, import_id: null, line: null, status: 'open', created_at: now })))
      .execute();
    await appendAudit(trx, dialect, { actor: `system:signup:${ask.form}`, action: 'contacts.signup.held', subject: people.length === 1 ? `person:${people[0]}` : null, detail: { people: people.length, held: held.length } }, now);
  });
  return held;
}
