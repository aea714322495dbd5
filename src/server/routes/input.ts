import type { Context } from 'hono';
import { z } from 'zod';
import { InputError } from '../../core/errors';

function problem(where: string, error: z.ZodError): InputError {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(whole)';
  return new InputError(`${where} ${path}: ${issue.message}`);
}

/** The request's JSON body, validated; a clear 400 otherwise. */
export async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  // A cross-site form can post text/plain but not JSON without the browser asking first (CORS).
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new InputError(`body: expected Content-Type: application/json, found ${JSON.stringify(c.req.header('content-type') ?? 'none')}`);
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw new InputError('body: expected JSON (Content-Type: application/json)');
  }
  const r = schema.safeParse(value);
  if (!r.success) throw problem('body', r.error);
  return r.data;
}

/** The request's query parameters, validated; a clear 400 otherwise. */
export function query<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw problem('query', r.error);
  return r.data;
}

/** A time in a query: an ISO 8601 date or date-time, as epoch milliseconds. */
export const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date or date-time (e.g. 2016-06-23 or 2016-06-23T22:00:00Z)')
  .transform((s) => Date.parse(s));
