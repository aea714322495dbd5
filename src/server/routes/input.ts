import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { Env } from './define';
import { ISO_EXAMPLE, parseIsoTime } from '../../core/iso-time';

/** A 400's message from a failed parse: where, the path in it, and what was expected. */
export function problem(where: string, error: z.ZodError, schema?: z.ZodType): InputError {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(whole)';
  if (issue.code === 'unrecognized_keys') {
    // A mistyped field is refused, not dropped: {"channel": …} for {"channels": …} must not mean "every channel".
    const known = issue.path.length === 0 && schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
    const keys = issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ');
    return new InputError(`${where}${issue.path.length ? ` ${path}` : ''}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${known.length ? `; expected only ${known.join(', ')}` : ''}`);
  }
  return new InputError(`${where} ${path}: ${issue.message}`);
}

/** The largest JSON body a route reads (a sync of 500 answers is well under it). */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;

// Per app, the paths that read their body whole (uploads, posts in bulk) and set their own limit.
const ownLimits = new WeakMap<Hono<Env>, Set<string>>();

/**
 * Cuts the bodies sent to `path` off at `maxBytes` while they arrive (413 with `message`), before
 * any of them is buffered, whatever their type: this limit replaces the JSON one there.
 */
export function limitBody(app: Hono<Env>, path: string, maxBytes: number, message: string): void {
  const paths = ownLimits.get(app) ?? new Set<string>();
  ownLimits.set(app, paths.add(path));
  app.use(path, bodyLimit({ maxSize: maxBytes, onError: (c) => c.json({ error: message }, 413) }));
}

/**
 * Every other JSON body is cut off at MAX_JSON_BYTES while it arrives (413), before anything parses
 * it: one huge body from any logged-in user would otherwise exhaust the server's heap.
 */
export function limitJsonBodies(app: Hono<Env>): void {
  const limit = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: (c) => c.json({ error: `body: expected at most ${MAX_JSON_BYTES / 1024 / 1024} MB of JSON` }, 413) });
  const json = /^application\/json\b/i;
  app.use('/api/*', (c, next) => (json.test(c.req.header('content-type') ?? '') && !ownLimits.get(app)?.has(c.req.path) ? limit(c, next) : next()));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The request's JSON body, validated; a clear 400 otherwise. */
export async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  // A cross-site form can post text/plain but not JSON without the browser asking first (CORS).
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new InputError(`body: expected Content-Type: application/json, found ${JSON.stringify(c.req.header('content-type') ?? 'none')}`);
  let text: string;
  try {
    // Bytes that are not UTF-8 are refused, not stored as U+FFFD in place of what was meant.
    text = UTF8.decode(await c.req.arrayBuffer());
  } catch {
    throw new InputError('body: expected JSON in UTF-8, found bytes that are not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError('body: expected JSON (Content-Type: application/json)');
  }
  refuseNul(value, 'body');
  const r = schema.safeParse(value);
  if (!r.success) throw problem('body', r.error, schema);
  return r.data;
}

/**
 * Refuses a parsed JSON value (a body, or JSON sent in a query parameter or form field) that holds
 * a NUL character anywhere: a 400 naming where, before the value reaches a query.
 */
export function refuseNul(value: unknown, where: string): void {
  const nul = pathToNul(value);
  if (nul !== null) throw new InputError(`${where} ${nul || '(whole)'}: expected text without NUL characters (\\u0000), found one`);
}

/**
 * Where a parsed JSON value holds a NUL character (U+0000), as a dotted path ('' for the value
 * itself); null when it holds none. No one types one; PostgreSQL refuses it in text (a 500 deep in
 * a write) where SQLite would store it, so both refuse it at the door. Walked without recursion.
 */
function pathToNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string' && v.includes('\u0000')) return path;
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000')) return path;
      stack.push([x, path ? `${path}.${k}` : k]);
    }
  }
  return null;
}

/** The request's query parameters, validated; a clear 400 otherwise. */
export function query<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  // A parameter given twice (country=GB&country=FR) would be read as its first value alone: refused instead.
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw new InputError(`query ${name}: expected once, found ${values.length} times (one value per parameter)`);
    if (values.some((v) => v.includes('\u0000'))) throw new InputError(`query ${name}: expected text without NUL characters (%00), found one`);
  }
  const r = schema.safeParse(c.req.query());
  if (!r.success) throw problem('query', r.error, schema);
  return r.data;
}

/** A time in a query: an ISO 8601 date or date-time, as epoch milliseconds. */
export const isoTime = z.string().transform((s, ctx) => {
  const t = parseIsoTime(s);
  if (t === null) ctx.addIssue({ code: 'custom', message: `expected ${ISO_EXAMPLE}; a date-time without a zone is UTC` });
  return t ?? z.NEVER;
});

/** For a query with a time range (from, to): refused when the wrong way round, which would select nothing. */
export function rangeInOrder(q: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `expected a time before to (${new Date(q.to).toISOString()}), found ${new Date(q.from).toISOString()}` });
}

/** The same, no later than now (give a minute for clocks): when something was received or collected. */
export const pastIsoTime = isoTime.refine((t) => t <= Date.now() + 60_000, 'expected a time no later than now');

/**
 * A whole-number query parameter from `min` to `max`, `fallback` when absent: digits only, so that
 * "1e2", "0x10" or " 5" are refused rather than read as numbers.
 */
export const wholeNumberParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected ${min}–${max}`)
    .optional()
    .transform((n) => n ?? fallback);
