import { InputError } from '../core/errors';
import { reserveIds } from './ids';
import type { ContactsDb } from './tables';
import type { Basis, SourceKind } from './vocabulary';
import { checkBasis, SOURCE_KINDS } from './vocabulary';

/** Where a set of personal data came from: the CNIL's "origin of each record". */
export interface SourceInput {
  readonly kind: SourceKind;
  /** A sign-up form's name, an import file's name, a canvass campaign. */
  readonly label: string;
  readonly collectedAt: number;
  /** Who collected it: a user name, a form, an organisation. */
  readonly collector: string;
  readonly basis: Basis;
  readonly noticeVersion: string | null;
}

export interface Source extends SourceInput {
  readonly id: number;
}

/** Clocks may differ a little between the machine that collected and this one. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A source's fields, checked. Its collection time may not lie in the future: consent entries take
 * it as their time, and the latest entry decides a consent, so a grant dated ahead would outrank
 * every withdrawal recorded until then.
 */
export function checkSource(s: SourceInput, now = Date.now()): SourceInput {
  if (!(SOURCE_KINDS as readonly string[]).includes(s.kind)) throw new InputError(`source kind: expected one of ${SOURCE_KINDS.join(', ')}, found ${JSON.stringify(s.kind)}`);
  checkBasis(s.basis, 'source basis');
  if (!s.label.trim()) throw new InputError('source label: expected a name for where the data came from (a form, a file), found nothing');
  if (!Number.isFinite(s.collectedAt)) throw new InputError('source collection time: expected a date');
  if (s.collectedAt > now + CLOCK_SKEW_MS) {
    throw new InputError(
      `source collection time: expected a time no later than now (${new Date(now).toISOString()}), found ${new Date(s.collectedAt).toISOString()}; data collected in the future would make its consents outrank later withdrawals`,
    );
  }
  return s;
}

export async function addSource(trx: ContactsDb, input: SourceInput, now = Date.now()): Promise<Source> {
  const s = checkSource(input, now);
  const id = await reserveIds(trx, 'contact_sources', 1);
  await trx
    .insertInto('contact_sources')
    .values({ id, kind: s.kind, label: s.label, collected_at: s.collectedAt, collector: s.collector, basis: s.basis, notice_version: s.noticeVersion, created_at: now })
    .execute();
  return { ...s, id };
}

export async function sourcesById(db: ContactsDb, ids: readonly number[]): Promise<Map<number, Source>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('contact_sources').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  return new Map(
    rows.map((r) => [
      Number(r.id),
      { id: Number(r.id), kind: r.kind as SourceKind, label: r.label, collectedAt: Number(r.collected_at), collector: r.collector, basis: r.basis as Basis, noticeVersion: r.notice_version },
    ]),
  );
}
