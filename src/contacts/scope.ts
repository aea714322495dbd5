import type { Expression, SqlBool } from 'kysely';
import type { PeopleEb } from './gate';
import type { ContactsDb } from './tables';

/** Whom a user may see: everyone (admin), the people of some areas (organiser), the people on their lists (canvasser), or no one. */
export type Scope =
  | { readonly kind: 'all' }
  | { readonly kind: 'areas'; readonly areas: readonly string[] }
  | { readonly kind: 'lists'; readonly user: string; readonly now: number }
  | { readonly kind: 'none' };

export interface Viewer {
  readonly name: string;
  readonly role: string;
}

/** The scope of a user, from their role and (for organisers) their areas. */
export async function scopeOf(db: ContactsDb, user: Viewer, now = Date.now()): Promise<Scope> {
  if (user.role === 'admin') return { kind: 'all' };
  if (user.role === 'organiser') {
    const rows = await db.selectFrom('user_areas').select('area').where('user_name', '=', user.name).execute();
    return { kind: 'areas', areas: rows.map((r) => r.area) };
  }
  if (user.role === 'canvasser') return { kind: 'lists', user: user.name, now };
  return { kind: 'none' };
}

/** The condition on `p` that keeps the people in scope. */
export function inScope(eb: PeopleEb, scope: Scope): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return eb.lit(true);
    case 'none':
      return eb.lit(false);
    case 'areas':
      return scope.areas.length ? eb('p.area', 'in', [...scope.areas]) : eb.lit(false);
    case 'lists':
      // The members of the user's live lists who are still on them: each may still be reached for
      // its list's use (the gate, as a list read applies it) and was not taken off it. Someone who
      // withdrew, or was suppressed, after the list was made leaves the canvasser's sight with the list.
      return eb(
        'p.id',
        'in',
        eb
          .selectFrom('list_members as lm')
          .innerJoin('contact_lists as l', 'l.id', 'lm.list_id')
          .select('lm.person_id')
          .where('l.assigned_to', '=', scope.user)
          .where((w) => w.or([w('l.expires_at', 'is', null), w('l.expires_at', '>', scope.now)]))
          .where((w) => w.exists(w.selectFrom('reach as rc').select('rc.person_id').whereRef('rc.person_id', '=', 'lm.person_id').whereRef('rc.purpose', '=', 'l.purpose').whereRef('rc.channel', '=', 'l.channel')))
          .where((w) => w.not(w.exists(w.selectFrom('list_removals as lr').select('lr.person_id').whereRef('lr.person_id', '=', 'lm.person_id').whereRef('lr.list_id', '=', 'lm.list_id')))),
      );
  }
}

/** Organisers' areas: replaces the list of areas a user sees. */
export async function setUserAreas(db: ContactsDb, user: string, areas: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_areas').where('user_name', '=', user).execute();
    if (areas.length) await trx.insertInto('user_areas').values(areas.map((area) => ({ user_name: user, area }))).execute();
  });
}
