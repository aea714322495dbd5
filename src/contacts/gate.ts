import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { ContactTables } from './tables';
import type { Channel } from './vocabulary';
import { pointOf } from './vocabulary';

/** Queries over people alias the table as `p`. */
export type PeopleEb = ExpressionBuilder<ContactTables & { p: ContactTables['people'] }, 'p'>;

/** What a list, an export or a segment is for: no one may be reached without this consent. */
export interface Use {
  readonly purpose: string;
  readonly channel: Channel;
}

/**
 * The engine's gate: the person's latest consent for this purpose and channel is a grant, they
 * are not suppressed on this channel nor on all channels ('*'), and they have the contact point
 * the channel needs (an email for email, a phone for phone and SMS, an address for mail and door).
 * Every code path that hands out people for a use (lists, exports, audiences, segment counts for
 * a use, canvass lists) builds its query with this, so no path can forget it.
 */
export function reachable(eb: PeopleEb, use: Use): Expression<SqlBool> {
  const point = pointOf(use.channel);
  const parts: Expression<SqlBool>[] = [
    eb.exists(
      eb
        .selectFrom('consent_state as cs')
        .select('cs.person_id')
        .whereRef('cs.person_id', '=', 'p.id')
        .where('cs.purpose', '=', use.purpose)
        .where('cs.channel', '=', use.channel)
        .where('cs.granted', '=', 1),
    ),
    eb.not(
      eb.exists(
        eb
          .selectFrom('suppressions as sp')
          .select('sp.person_id')
          .whereRef('sp.person_id', '=', 'p.id')
          .where('sp.channel', 'in', ['*', use.channel]),
      ),
    ),
  ];
  if (point === 'address') parts.push(eb.exists(eb.selectFrom('addresses as ad').select('ad.person_id').whereRef('ad.person_id', '=', 'p.id')));
  else if (point) parts.push(eb.exists(eb.selectFrom('contact_points as cp').select('cp.person_id').whereRef('cp.person_id', '=', 'p.id').where('cp.kind', '=', point)));
  return eb.and(parts);
}
