import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { BusyError, CancelledError, ConfigError, ConflictError, HustingsError, InputError, NotFoundError, UsageError } from '../core/errors';
import { ForbiddenError } from '../contacts/errors';
import type { PostStore } from '../listen';
import type { LiveIntake } from '../listen/live';
import type { Question } from '../listen/questions';
import { ReportCache } from '../listen/report/cache';
import type { Pseudonymiser } from '../core/pseudonym';
import type { Store } from '../store';
import type { UserStore } from './auth/users';
import { openApiDocument } from './openapi';
import { authRoutes } from './routes/auth';
import type { Env } from './routes/define';
import { Routes } from './routes/define';
import { contactRoutes } from './routes/contacts';
import { electionRoutes } from './routes/elections';
import { fieldRoutes } from './routes/field';
import { limitJsonBodies } from './routes/input';
import { listenRoutes } from './routes/listen';
import { liveRoutes } from './routes/live';
import type { PipelineDeps } from './routes/pipeline';
import { pipelineRoutes } from './routes/pipeline';
import { termRoutes } from './routes/terms';
import { watchRoutes } from './routes/watch';
import { securityHeaders, webRoutes } from './web';

export interface ServerDeps {
  readonly users: UserStore;
  readonly posts: PostStore;
  readonly questions: ReadonlyMap<string, Question>;
  /** Live ingest for the first question; null: no POST of posts, no stream. */
  readonly live: LiveIntake | null;
  /** The rollups held in memory, when the caller shares them (with a hype webhook); else made here. */
  readonly reports?: ReportCache | undefined;
  /** Secure cookies: on whenever the server is reached over HTTPS (behind a proxy). */
  readonly secureCookies: boolean;
  readonly version: string;
  /** The built dashboard to serve at / (see `WEB_ROOT`); null or missing: the API only. */
  readonly webRoot?: string | null;
  /** The store's pseudonymiser, for watchlist accounts given by handle; missing: by pseudonym only. */
  readonly pseudonymiser?: Pseudonymiser | undefined;
  /** The Redis stream the server appends to (`serve --redis`), shown to admins; missing: none. */
  readonly pipeline?: PipelineDeps | null | undefined;
  /** The open store, for contacts imports (its SQLite handle); missing: imports and sign-ups answer 503. */
  readonly store?: Store | undefined;
}

/** The HTTP API: every route needs an authenticated user with a role, except /health and the login itself. */
export function createServerApp(deps: ServerDeps): Hono<Env> {
  const app = new Hono<Env>();
  securityHeaders(app);
  limitJsonBodies(app);
  const routes = new Routes(app, deps.users);
  const reports = deps.reports ?? new ReportCache(deps.posts);
  deps.live?.on('stored', (question, cells, terms, marks) => void (cells && terms ? reports.add(question, cells, terms, marks) : reports.refresh(question)).catch(() => undefined));
  routes.add({ method: 'get', path: '/health', summary: 'liveness (no data, no authentication)', role: null }, (c) => c.json({ ok: true }));
  authRoutes(routes, deps.users, deps.secureCookies);
  listenRoutes(routes, reports, deps.questions, deps.posts);
  termRoutes(routes, reports, deps.questions);
  if (deps.live) liveRoutes(routes, reports, deps.live);
  watchRoutes(routes, { db: deps.posts.db, pseudonymiser: deps.pseudonymiser });
  pipelineRoutes(routes, deps.pipeline ?? null);
  electionRoutes(routes, deps.posts.db);
  contactRoutes(routes, { db: deps.posts.db, dialect: deps.posts.dialect, store: deps.store, pseudonymiser: deps.pseudonymiser }, deps.users);
  fieldRoutes(routes, { db: deps.posts.db, dialect: deps.posts.dialect, store: deps.store, pseudonymiser: deps.pseudonymiser });
  // Built at the first request, from every route registered (this one included).
  let document: object | null = null;
  routes.add({ method: 'get', path: '/api/openapi.json', summary: 'this document', role: 'viewer' }, (c) => c.json((document ??= openApiDocument(routes.docs, deps.version))));
  if (deps.webRoot) webRoutes(app, deps.webRoot);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path} (see /api/openapi.json)` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    if (error instanceof BusyError) {
      c.header('Retry-After', String(error.retryAfterSeconds));
      return c.json({ error: error.message }, 503);
    }
    if (error instanceof NotFoundError) return c.json({ error: error.message }, 404);
    if (error instanceof ConflictError || error instanceof CancelledError) return c.json({ error: error.message }, 409);
    if (error instanceof InputError || error instanceof UsageError) return c.json({ error: error.message }, 400);
    if (error instanceof ForbiddenError) return c.json({ error: error.message }, 403);
    // The server's setup is wrong (a Redis key of the wrong type): unavailable until an operator mends it.
    if (error instanceof ConfigError) return c.json({ error: error.message }, 503);
    // Unexpected errors: the class and message only (never a request body), for the log and the caller.
    const message = error instanceof HustingsError ? error.message : `${error.name}: ${error.message}`;
    process.stderr.write(`hustings serve: ${c.req.method} ${c.req.path} failed: ${message}\n`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
