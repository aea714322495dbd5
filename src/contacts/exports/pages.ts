import type { AudienceInput } from '../audience';
import { audienceQuery } from '../audience';
import type { ContactsDb } from '../tables';
import { pointOf } from '../vocabulary';

/** One person of an export, with the contact points of the export's channel. */
export interface ExportPerson {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** Emails or phones (E.164), sorted; or one formatted postal address; empty for channels without a point. */
  readonly points: readonly string[];
}

export const EXPORT_PAGE = 5_000;

function formatAddress(a: { street: string | null; postcode: string | null; city: string | null; country: string | null }): string {
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' '), a.country].filter((s) => s && s.trim()).join(', ');
}

async function pointsOf(db: ContactsDb, ids: number[], channel: AudienceInput['use']['channel']): Promise<Map<number, string[]>> {
  const kind = pointOf(channel);
  const byPerson = new Map<number, string[]>();
  const add = (id: number, v: string): void => void (byPerson.get(id) ?? byPerson.set(id, []).get(id)!).push(v);
  if (kind === 'address') {
    const rows = await db.selectFrom('addresses').select(['person_id', 'street', 'postcode', 'city', 'country']).where('person_id', 'in', ids).execute();
    for (const r of rows) add(Number(r.person_id), formatAddress(r));
  } else if (kind) {
    const rows = await db.selectFrom('contact_points').select(['person_id', 'value']).where('kind', '=', kind).where('person_id', 'in', ids).orderBy('person_id').orderBy('value').execute();
    for (const r of rows) add(Number(r.person_id), r.value);
  }
  return byPerson;
}

/**
 * The audience in pages of `size` people by id (keyset on `p.id`, so each page is one indexed
 * range scan and memory stays flat however large the audience), each with its contact points.
 */
export async function* audiencePages(db: ContactsDb, input: AudienceInput, size = EXPORT_PAGE): AsyncGenerator<ExportPerson[]> {
  let after = -Infinity;
  for (;;) {
    let q = audienceQuery(db, input).select(['p.id', 'p.given_name', 'p.family_name']).orderBy('p.id').limit(size);
    if (after > -Infinity) q = q.where('p.id', '>', after);
    const rows = await q.execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => Number(r.id));
    const points = await pointsOf(db, ids, input.use.channel);
    yield rows.map((r, i) => ({ id: ids[i]!, givenName: r.given_name, familyName: r.family_name, points: points.get(ids[i]!) ?? [] }));
    if (rows.length < size) return;
    after = ids.at(-1)!;
  }
}
