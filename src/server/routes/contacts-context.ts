import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Pseudonymiser } from '../../core/pseudonym';
import type { AuditInput } from '../../contacts/audit';
import { appendAudit } from '../../contacts/audit';
import type { Scope } from '../../contacts/scope';
import { inScope, scopeOf } from '../../contacts/scope';
import type { ContactsDb } from '../../contacts/tables';
import { contactsDb } from '../../contacts/tables';
import type { AnyDb, DialectName, Store } from '../../store';
import { MAX_INTEGER } from '../../store';
import type { User } from '../auth/users';
import type { Env } from './define';
import { ForbiddenError } from '../../contacts/errors';
import type { Channel } from '../../contacts/vocabulary';
import { checkPurpose } from '../../contacts/vocabulary';
import { InputError } from '../../core/errors';

/** What the contacts routes need: the store (imports write through its SQLite handle) and the pseudonymiser (erasure hashes). */
export interface ContactsServerDeps {
  readonly db: AnyDb;
  readonly dialect: DialectName;
  /** Missing: imports and sign-ups answer 503 (the server was started without the store handle). */
  readonly store?: Store | null | undefined;
  readonly pseudonymiser?: Pseudonymiser | null | undefined;
}

/** Per-request helpers shared by the contacts routes. */
export class ContactsContext {
  readonly db: ContactsDb;

  constructor(readonly deps: ContactsServerDeps) {
    this.db = contactsDb(deps.db);
  }

  user(c: Context<Env>): User {
    return c.get('user');
  }

  /**
   * Whom the user may see. Roles are ordered, so a viewer or analyst passes a canvasser's gate;
   * their scope is no one, and the contacts routes refuse them outright (403) instead of
   * answering with empty pages.
   */
  async scope(c: Context<Env>): Promise<Scope> {
    const user = this.user(c);
    const scope = await scopeOf(this.db, user);
    if (scope.kind === 'none') throw new ForbiddenError(`contacts: the ${user.role} role has no access to people; ${user.name} needs canvasser, organiser or admin`, user.name, 'contacts.read');
    return scope;
  }

  /** Appends to the audit log; `detail` holds ids and counts only. */
  audit(entry: AuditInput): Promise<unknown> {
    return appendAudit(this.deps.db, this.deps.dialect, entry);
  }

  /** The store and pseudonymiser for imports, or a 503 naming what is missing. */
  importDeps(): { store: Store; pseudonymiser: Pseudonymiser } {
    const { store, pseudonymiser } = this.deps;
    if (!store || !pseudonymiser) throw new HTTPException(503, { message: 'imports are not available: the server was started without the store handle and pseudonymiser' });
    return { store, pseudonymiser };
  }

  /**
   * The person's id when the user may see them; otherwise a 404 worded exactly as for an id that
   * does not exist, so that an out-of-scope request learns nothing about who is stored.
   */
  async personInScope(c: Context<Env>, raw: string | undefined): Promise<number> {
    const id = pathId(raw);
    const notFound = new HTTPException(404, { message: `no person ${raw ?? ''}` });
    if (id === null) throw notFound;
    const scope = await this.scope(c);
    const row = await this.db
      .selectFrom('people as p')
      .select('p.id')
      .where('p.id', '=', id)
      .where((eb) => inScope(eb, scope))
      .executeTakeFirst();
    if (!row) throw notFound;
    return id;
  }
}

/** A path's id, or null when it is none an integer column can hold (PostgreSQL would refuse the value itself: a 500). */
function pathId(raw: string | undefined): number | null {
  return /^\d{1,10}$/.test(raw ?? '') && Number(raw) >= 1 && Number(raw) <= MAX_INTEGER ? Number(raw) : null;
}

/** Parses a positive integer path parameter or answers 404. */
export function idParam(raw: string | undefined, what: string): number {
  const id = pathId(raw);
  if (id === null) throw new HTTPException(404, { message: `no ${what} ${raw ?? ''}` });
  return id;
}

/** A use (purpose + channel) from a request: both or neither. */
export function useOf(purpose: string | undefined, channel: Channel | undefined): { purpose: string; channel: Channel } | undefined {
  if (!purpose && !channel) return undefined;
  if (!purpose || !channel) throw new InputError('purpose and channel: expected both (a use such as newsletter + email) or neither');
  return { purpose: checkPurpose(purpose), channel };
}
