import { sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import type { PeopleEb } from '../gate';
import { normaliseEmail, normalisePhone } from '../normalise';
import type { CountryCode } from '../normalise';
import type { Scope } from '../scope';
import { inScope } from '../scope';
import type { ContactsDb } from '../tables';

export interface PeopleQuery {
  /** A name prefix, an e-mail or phone number (matched exactly once normalised), or a tag; empty: everyone in scope. */
  readonly q?: string | undefined;
  readonly scope: Scope;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /** Region of a phone number typed without its country code. */
  readonly country?: CountryCode | undefined;
}

/** One person as a search lists them: no contact point, only what picks the right profile. */
export interface PersonHit {
  readonly id: number;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly area: string | null;
  readonly support: number | null;
  readonly tags: number;
  /** The (purpose/channel) pairs with a current grant, e.g. 'newsletter/email'. */
  readonly consents: readonly string[];
  /** How many (purpose, channel) pairs were withdrawn. */
  readonly withdrawn: number;
}

export interface PeoplePage {
  readonly people: readonly PersonHit[];
  /** All matches in scope, beyond this page. */
  readonly total: number;
}

export const SEARCH_MAX = 200;

/** `%` and `_` typed by someone searching are letters, not wildcards. */
function likePrefix(text: string, lower = true): string {
  return `${(lower ? text.toLowerCase() : text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** What the text matches: each reading of it (name prefix, e-mail, phone, tag) ORed. */
function matches(eb: PeopleEb, q: string, country: CountryCode): Expression<SqlBool> {
  // SQLite's lower() folds ASCII only: a capitalised prefix also matches "Élodie" there.
  const starts = (column: 'p.given_name' | 'p.family_name', word: string) => {
    const capital = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
    return eb.or([
      eb(sql`lower(${sql.ref(column)})`, 'like', sql<string>`${likePrefix(word)} escape '\\'`),
      eb(sql.ref(column), 'like', sql<string>`${likePrefix(capital, false)} escape '\\'`),
    ]);
  };
  const parts: Expression<SqlBool>[] = [starts('p.given_name', q), starts('p.family_name', q)];
  const words = q.split(/\s+/);
  if (words.length === 2) parts.push(eb.and([starts('p.given_name', words[0]!), starts('p.family_name', words[1]!)]));
  const point = (kind: string, value: string) =>
    eb('p.id', 'in', eb.selectFrom('contact_points as cp').select('cp.person_id').where('cp.kind', '=', kind).where('cp.value', '=', value));
  const email = q.includes('@') ? normaliseEmail(q) : null;
  if (email?.ok) parts.push(point('email', email.email));
  const phone = q.replace(/\D/g, '').length >= 6 ? normalisePhone(q, country) : null;
  if (phone?.ok) parts.push(point('phone', phone.e164));
  parts.push(eb('p.id', 'in', eb.selectFrom('person_tags as pt').innerJoin('tags as t', 't.id', 'pt.tag_id').select('pt.person_id').where(sql`lower(t.name)`, '=', q.toLowerCase())));
  return eb.or(parts);
}

/**
 * People in the viewer's scope whose name starts with, or whose e-mail, phone or tag is, `q`;
 * by family then given name. Logs nothing: the caller audits the count only.
 */
export async function searchPeople(db: ContactsDb, query: PeopleQuery): Promise<PeoplePage> {
  const q = query.q?.trim() ?? '';
  const limit = Math.min(Math.max(query.limit ?? 50, 1), SEARCH_MAX);
  const offset = Math.max(query.offset ?? 0, 0);
  const where = (eb: PeopleEb) => eb.and([inScope(eb, query.scope), ...(q ? [matches(eb, q, query.country ?? 'FR')] : [])]);
  const base = db.selectFrom('people as p').where(where);
  const [rows, count] = await Promise.all([
    base
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.area', 'p.support'])
      .select((eb) => eb.selectFrom('person_tags as pt').select((e) => e.fn.countAll<number>().as('n')).whereRef('pt.person_id', '=', 'p.id').as('tags'))
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('p.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => Number(r.id));
  const states = ids.length ? await db.selectFrom('consent_state').select(['person_id', 'purpose', 'channel', 'granted']).where('person_id', 'in', ids).orderBy('purpose').orderBy('channel').execute() : [];
  const people = rows.map((r) => {
    const own = states.filter((s) => Number(s.person_id) === Number(r.id));
    return {
      id: Number(r.id),
      givenName: r.given_name,
      familyName: r.family_name,
      area: r.area,
      support: r.support == null ? null : Number(r.support),
      tags: Number(r.tags ?? 0),
      consents: own.filter((s) => Number(s.granted) === 1).map((s) => `${s.purpose}/${s.channel}`),
      withdrawn: own.filter((s) => Number(s.granted) !== 1).length,
    };
  });
  return { people, total: Number(count.n) };
}
