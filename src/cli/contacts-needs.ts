import type { MissingStore } from './context';
import { storeNeeded } from './context';

/**
 * What the contacts commands that change only what a store holds say where there is none (a
 * missing ./hustings.db, a mistyped --db, an empty PostgreSQL database): what they act on, and how
 * such data comes to be. They make no store: an empty one holds no person, item, list or request.
 */
export const PEOPLE_COME_IN = "people come in through `hustings contacts import FILE` and the server's sign-up form";

/** consent, activity, erase, object, rectify: they change a stored person. */
export const personNeeded = (command: string): MissingStore => storeNeeded(`contacts ${command} acts on a stored person`, PEOPLE_COME_IN);

/** review merge|keep|dismiss. */
export const reviewItemNeeded = (decision: string): MissingStore =>
  storeNeeded(`contacts review ${decision} resolves an item of a stored review queue`, `imports and sign-ups fill the queue: ${PEOPLE_COME_IN}`);

export const REQUEST_NEEDED = storeNeeded('contacts requests close acts on a logged request', 'requests are logged with `hustings contacts requests open KIND`');

export const LIST_NEEDED = storeNeeded('contacts lists assign acts on a stored list', 'lists are made with `hustings contacts lists make NAME`');

export const SEGMENT_NEEDED = storeNeeded('contacts segment delete acts on a saved segment', 'segments are saved with `hustings contacts segment save NAME`');

export const RETENTION_RUN_NEEDED = storeNeeded(
  'contacts retention --run erases the stored people past its policies',
  `${PEOPLE_COME_IN}, policies are added with \`hustings contacts retention --policy NAME\``,
);

export const GATE_REPAIR_NEEDED = storeNeeded("contacts gate --repair rebuilds the consent gate's table of a store", PEOPLE_COME_IN);

export const AUDIT_SEAL_NEEDED = storeNeeded(
  'audit seal seals the audit log of a store',
  'the log is written by the commands that change what a store holds, such as `hustings contacts import FILE`',
);
