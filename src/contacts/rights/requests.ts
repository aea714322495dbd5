import type { App } from '../../app/open';
import { InputError, NotFoundError } from '../../core/errors';
import { appendAudit } from '../audit';
import { reserveIds } from '../ids';
import { contactsDb } from '../tables';

/**
 * The log of data-subject requests (GDPR arts. 15–21). Each is answered "without undue delay and
 * in any event within one month of receipt" (art. 12(3)); the log keeps that deadline and says
 * which requests are overdue. A request keeps its person's id after an erasure (an id, never a
 * value): it is the controller's proof that the request was answered.
 */

export const REQUEST_KINDS = ['access', 'rectification', 'erasure', 'objection', 'restriction', 'portability'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** How a request ended: codes only, never free text (which could hold personal data). */
export const OUTCOMES = ['done', 'partial', 'refused', 'withdrawn', 'unverified'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the rights functions need of the app: its store and its pseudonymiser. */
export type RightsApp = Pick<App, 'store' | 'pseudonymiser'>;

export interface RightsRequest {
  readonly id: number;
  readonly personId: number | null;
  readonly kind: RequestKind;
  readonly receivedAt: number;
  readonly dueAt: number;
  readonly status: 'open' | 'closed';
  readonly actor: string;
  readonly closedAt: number | null;
  readonly outcome: string | null;
  /** Whole days until the deadline, rounded up; negative (at least -1) once overdue (open requests only). */
  readonly daysLeft: number | null;
  readonly overdue: boolean;
}

const DAY = 86_400_000;

/**
 * One calendar month after `receivedAt`, in UTC, as art. 12(3) counts it (Regulation 1182/71
 * art. 3(2)(c)): the same day of the next month, or that month's last day when it has no such day
 * (31 January → 28 or 29 February; 31 March → 30 April). The time of day is kept.
 */
export function dueDate(receivedAt: number): number {
  const d = new Date(receivedAt);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), last);
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export function checkKind(kind: string): RequestKind {
  if (!(REQUEST_KINDS as readonly string[]).includes(kind)) throw new InputError(`request kind: expected one of ${REQUEST_KINDS.join(', ')}, found ${JSON.stringify(kind)}`);
  return kind as RequestKind;
}

export interface OpenRequest {
  /** Null while the person is not yet identified (a request by email from someone not found). */
  readonly personId: number | null;
  readonly kind: string;
  readonly receivedAt: number;
  readonly actor: string;
}

/** Logs a request received and returns its id; audited as 'contacts.request.open'. */
export async function openRequest(app: RightsApp, input: OpenRequest): Promise<number> {
  const kind = checkKind(input.kind);
  if (!Number.isFinite(input.receivedAt)) throw new InputError('request received time: expected a date');
  return contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      if (input.personId !== null) await mustExist(trx, input.personId);
      const id = await reserveIds(trx, 'rights_requests', 1);
      const row = { id, person_id: input.personId, kind, received_at: input.receivedAt, due_at: dueDate(input.receivedAt), status: 'open', actor: input.actor, closed_at: null, outcome: null };
      await trx.insertInto('rights_requests').values(row).execute();
      await appendAudit(trx, app.store.dialect, { actor: input.actor, action: 'contacts.request.open', subject: subjectOf(input.personId), detail: { request: id, kind } });
      return id;
    });
}

async function mustExist(trx: ReturnType<typeof contactsDb>, personId: number): Promise<void> {
  const p = await trx.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
  if (!p) throw new NotFoundError(`person ${personId}: no such person`);
}

const subjectOf = (personId: number | null): string | null => (personId === null ? null : `person:${personId}`);

export interface CloseRequest {
  readonly outcome: string;
  readonly actor: string;
  readonly at?: number;
}

/** Closes an open request with an outcome code; audited as 'contacts.request.close'. */
export async function closeRequest(app: RightsApp, id: number, input: CloseRequest): Promise<void> {
  if (!(OUTCOMES as readonly string[]).includes(input.outcome)) throw new InputError(`request outcome: expected one of ${OUTCOMES.join(', ')}, found ${JSON.stringify(input.outcome)}`);
  const at = input.at ?? Date.now();
  await contactsDb(app.store.db)
    .transaction()
    .execute(async (trx) => {
      const r = await trx.selectFrom('rights_requests').select(['person_id', 'status']).where('id', '=', id).executeTakeFirst();
      if (!r) throw new NotFoundError(`request ${id}: no such request`);
      if (r.status !== 'open') throw new InputError(`request ${id}: already closed`);
      // Only while still open: of two closings at once (PostgreSQL), the second finds it closed and writes nothing.
      const closed = await trx.updateTable('rights_requests').set({ status: 'closed', closed_at: at, outcome: input.outcome }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      if (Number(closed.numUpdatedRows) === 0) throw new InputError(`request ${id}: already closed`);
      const personId = r.person_id === null ? null : Number(r.person_id);
      await appendAudit(trx, app.store.dialect, { actor: input.actor, action: 'contacts.request.close', subject: subjectOf(personId), detail: { request: id, outcome: input.outcome } });
    });
}

export interface ListRequests {
  readonly status?: 'open' | 'closed';
  /** Only open requests past their deadline. */
  readonly overdue?: boolean;
  readonly now?: number;
}

/** The requests, oldest deadline first, with days left or overdue for the open ones. */
export async function listRequests(db: RightsApp['store']['db'], query: ListRequests = {}): Promise<RightsRequest[]> {
  const now = query.now ?? Date.now();
  let q = contactsDb(db).selectFrom('rights_requests').selectAll();
  if (query.overdue) q = q.where('status', '=', 'open').where('due_at', '<', now);
  else if (query.status) q = q.where('status', '=', query.status);
  const rows = await q.orderBy('due_at').orderBy('id').execute();
  return rows.map((r) => {
    const open = r.status === 'open';
    const dueAt = Number(r.due_at);
    const overdue = open && dueAt < now;
    return {
      id: Number(r.id),
      personId: r.person_id === null ? null : Number(r.person_id),
      kind: r.kind as RequestKind,
      receivedAt: Number(r.received_at),
      dueAt,
      status: open ? 'open' : 'closed',
      actor: r.actor,
      closedAt: r.closed_at === null ? null : Number(r.closed_at),
      outcome: r.outcome,
      daysLeft: open ? daysLeft(dueAt, now) : null,
      overdue,
    };
  });
}

/**
 * Whole days to the deadline, rounded away from it: a day left until it passes (0 only at the very
 * moment), and at least one day overdue once it has (rounding up would say "0 days overdue").
 */
function daysLeft(dueAt: number, now: number): number {
  const days = (dueAt - now) / DAY;
  return days < 0 ? Math.floor(days) : Math.ceil(days);
}
