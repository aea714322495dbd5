import type { Handler, Hono } from 'hono';
import type { AuthVariables } from '../auth/middleware';
import { requireRole } from '../auth/middleware';
import type { UserStore } from '../auth/users';
import type { RouteDoc } from '../openapi';

export type Env = { Variables: AuthVariables };

/** Registers routes with their access rule, and keeps their descriptions for the OpenAPI document. */
export class Routes {
  readonly docs: RouteDoc[] = [];

  constructor(
    readonly app: Hono<Env>,
    private readonly users: UserStore,
  ) {}

  add(doc: RouteDoc, handler: Handler<Env>): void {
    this.docs.push(doc);
    const path = doc.path.replace(/\{(\w+)\}/g, ':$1');
    if (doc.role) this.app.on(doc.method.toUpperCase(), path, requireRole(this.users, doc.role), handler);
    else this.app.on(doc.method.toUpperCase(), path, handler);
  }
}
