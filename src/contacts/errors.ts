import { HustingsError } from '../core/errors';

/**
 * The acting user may not do this (e.g. a non-admin exporting contacts). The HTTP layer should
 * answer 403; the command line exits 1 (see `exitCodeFor`).
 */
export class ForbiddenError extends HustingsError {
  override readonly name = 'ForbiddenError';
  constructor(
    message: string,
    readonly user: string,
    readonly action: string,
  ) {
    super(message);
  }
}

/** The acting user of a contacts operation. */
export interface Actor {
  readonly name: string;
  readonly role: string;
}

/** Throws a ForbiddenError unless `actor` is an admin. */
export function requireAdmin(actor: Actor, action: string): void {
  if (actor.role !== 'admin') throw new ForbiddenError(`${action}: only admins may do this; ${actor.name} is ${actor.role}`, actor.name, action);
}
