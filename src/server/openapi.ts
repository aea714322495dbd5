import { z } from 'zod';
import type { Role } from './auth/users';

/** One endpoint as the OpenAPI document describes it. */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, e.g. /api/listen/report. */
  readonly path: string;
  readonly summary: string;
  /** The least role that may call it; null: no authentication (only /health). */
  readonly role: Role | null;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
}

function parameters(query: z.ZodObject | undefined): object[] {
  if (!query) return [];
  const schema = z.toJSONSchema(query, { io: 'input' }) as { properties?: Record<string, object & { description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, description: s.description, schema: s }));
}

/** The OpenAPI 3.1 document of the routes. */
export function openApiDocument(routes: readonly RouteDoc[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      security: r.role ? [{ session: [] }, { token: [] }] : [],
      ...(r.role ? { 'x-role': r.role } : {}),
      parameters: parameters(r.query),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } } } } : {}),
      responses: { 200: { description: 'OK' }, ...(r.role ? { 401: { description: 'not authenticated' }, 403: { description: 'role too low, or CSRF token missing' } } : {}) },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'hustings', version },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hustings_session', description: 'from POST /api/login; requests other than GET also send the x-csrf-token it returned' },
        token: { type: 'http', scheme: 'bearer', description: 'from `hustings users token NAME`' },
      },
    },
  };
}
