import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { ContactTables } from './tables';
import type { Channel } from './vocabulary';

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
 * The rule is kept in the database: `reach` holds exactly the people it lets through for each
 * purpose and channel, maintained by triggers on every table the rule reads (reach.ts), so the
 * gate is one index range however the data was written. Every code path that hands out people
 * for a use (lists, exports, audiences, segment counts for a use, canvass lists) builds its
 * query with this, so no path can forget it.
 */
export function reachable(eb: PeopleEb, use: Use): Expression<SqlBool> {
  // A probe per candidate person: the database drives from the segment's own (selective) side.
  return eb.exists(
    eb.selectFrom('reach as rc').select('rc.person_id').whereRef('rc.person_id', '=', 'p.id').where('rc.purpose', '=', use.purpose).where('rc.channel', '=', use.channel),
  );
}
