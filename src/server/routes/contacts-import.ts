import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { checkMapping, importContacts, importReport, listImports, MAX_REPORTS, normaliseRecord, planOf, previewImport, TARGETS } from '../../contacts/imports';
import type { Mapping } from '../../contacts/imports';
import { holdBackWithdrawn } from '../../contacts/signup';
import { BASES, CHANNELS, checkPurpose } from '../../contacts/vocabulary';
import type { Basis } from '../../contacts/vocabulary';
import { InputError } from '../../core/errors';
import { LoginThrottle } from '../auth/throttle';
import type { ContactsContext } from './contacts-context';
import type { Env, Routes } from './define';
import { body, pastIsoTime, problem, query, refuseNul, wholeNumberParam } from './input';
import { idParam } from './contacts-context';
import type { Upload } from './upload';
import { limitUploads, readUpload, usingUpload } from './upload';

const UPLOAD_LIMIT = { maxBytes: 200 * 1024 * 1024, instead: 'import such a file with `hustings contacts import`' };

const ImportFields = z.object({
  label: z.string().min(1, 'expected where the data came from (a file or form name)').max(200).optional(),
  // Required, as the command line's --basis: a basis taken by default would record a claim nobody made.
  basis: z.enum(BASES as unknown as [Basis, ...Basis[]], { error: (issue) => (issue.input === undefined ? `expected the lawful basis of the collection: one of ${BASES.join(', ')}` : undefined) }),
  collectedAt: pastIsoTime.optional(),
  collector: z.string().max(200).optional(),
  noticeVersion: z.string().max(100).optional(),
  mapping: z.string().optional(),
  again: z.enum(['0', '1', 'true', 'false']).optional(),
}).strict();

const SignupBody = z.object({
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  postcode: z.string().max(20).optional(),
  consents: z.array(z.object({ purpose: z.string(), channel: z.enum(CHANNELS) })).min(1, 'expected at least one consent box ticked').max(20),
  notice_version: z
    .string()
    .trim()
    .min(1, 'expected the version of the privacy notice shown with the form')
    .max(100)
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'expected a version name without control or invisible characters'),
  form: z.string().min(1).max(100).regex(/^[\w. -]+$/, 'expected a form name (letters, digits, space, . _ -)'),
  // A field spelt otherwise (phone_number for phone) is refused, not dropped, as in every other body.
}).strict();

/**
 * Rows per batch of an upload into SQLite, whose batches run on the server's one thread: other
 * requests wait while one is written. A 30,000-row upload into a fresh store, GET /api/me polled
 * meanwhile: batches of 10,000 took 3.8–4.0 s with answers up to 1.4 s late (7 answers in all);
 * batches of 1,000 took 3.9–4.3 s, 90 % of answers within 0.28–0.31 s (33 answers). The CLI keeps 10,000.
 */
const SQLITE_SERVER_BATCH_ROWS = 1_000;

const ImportsQuery = z.object({ limit: wholeNumberParam(1, MAX_REPORTS, 50), before: z.string().regex(/^\d{1,9}$/, 'expected an import id').transform(Number).optional() }).strict();

const upload = (c: Context<Env>): Promise<Upload> => readUpload(c, 'upload.csv', 'expected a CSV with a header line, or JSON records');

function mappingOf(text: string | undefined): Mapping | null {
  if (!text) return null;
  try {
    return checkMapping(JSON.parse(text), null);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('mapping: expected JSON such as {"columns": {"E-mail": "email"}}');
  }
}

/** The client's address for rate limits: the socket's; behind a proxy that is the proxy (one shared budget, never spoofable). */
function clientKey(c: Context<Env>): string {
  try {
    return throttleKey(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * The address a sign-up is counted against: an IPv4 address, or an IPv6 address's /64 network
 * (one client is usually given a whole /64, and could otherwise use a new address per request).
 */
export function throttleKey(address: string): string {
  if (!address.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.replace(/^::ffff:/i, '');
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** A preview records nothing: the basis may be left out. */
const PreviewFields = ImportFields.partial({ basis: true });

/** An upload's form fields, checked: a bad one is a 400 naming the field. */
function importFields<S extends typeof ImportFields | typeof PreviewFields>(fields: unknown, schema: S): z.output<S> {
  // Form fields and query parameters arrive here unchecked: PostgreSQL would refuse a NUL in the source's label (a 500).
  refuseNul(fields, 'import');
  const r = schema.safeParse(fields);
  if (!r.success) throw problem('import', r.error, schema);
  return r.data as z.output<S>;
}

/** Imports (admin): preview with the guessed mapping, then the import itself. The public sign-up form feeds the same path. */
export function contactImportRoutes(routes: Routes, cx: ContactsContext): void {
  limitUploads(routes, '/api/contacts/import', UPLOAD_LIMIT);
  limitUploads(routes, '/api/contacts/import/preview', UPLOAD_LIMIT);
  routes.add({ method: 'post', path: '/api/contacts/import/preview', summary: "an upload's header, guessed (or given) mapping, sample rows and bad lines (admin; multipart field file, or the raw body)", role: 'admin' }, async (c) => {
    return usingUpload(await upload(c), async (u) => {
      const f = importFields(u.fields, PreviewFields);
      const preview = await previewImport(u.file, mappingOf(f.mapping), { noticeVersion: f.noticeVersion ?? null });
      return c.json({ ...preview, targets: TARGETS });
    });
  });
  routes.add({ method: 'post', path: '/api/contacts/import', summary: 'imports an upload (admin): fields basis (required), label, collectedAt, collector, noticeVersion (required for rows that grant a consent, unless they give their own in a notice_version column), mapping (JSON), again', role: 'admin' }, async (c) => {
    const deps = cx.importDeps();
    return usingUpload(await upload(c), async (u) => {
      const f = importFields(u.fields, ImportFields);
      const user = cx.user(c).name;
      const source = { label: f.label, basis: f.basis, collectedAt: f.collectedAt ?? Date.now(), collector: f.collector || user, noticeVersion: f.noticeVersion || null };
      const summary = await importContacts(deps, { file: u.file, mapping: mappingOf(f.mapping), source, actor: user, again: f.again === '1' || f.again === 'true', batchRows: deps.store.sqlite ? SQLITE_SERVER_BATCH_ROWS : undefined });
      return c.json(summary);
    });
  });
  // A client that lost the import's answer (a closed tab, a dropped connection) reads its report here.
  routes.add({ method: 'get', path: '/api/contacts/imports', summary: 'file imports, newest first: file, state (finished, running, interrupted), counts (admin; limit, before=id)', role: 'admin', query: ImportsQuery }, async (c) => {
    const q = query(c, ImportsQuery);
    return c.json({ imports: await listImports(cx.deps.db, { limit: q.limit, before: q.before }) });
  });
  routes.add({ method: 'get', path: '/api/contacts/imports/{id}', summary: "one file import's report, with its bad rows by line, column and reason (admin)", role: 'admin' }, async (c) => {
    return c.json(await importReport(cx.deps.db, idParam(c.req.param('id'), 'import')));
  });
  signupRoute(routes, cx);
}

/** A sign-up as a one-row file and its mapping, with the consents given; in memory: nothing of the person is written to a file. */
function signupRow(b: z.output<typeof SignupBody>, consents: readonly { purpose: string; channel: string }[]) {
  const values: [string, string, string][] = [
    ['given_name', 'given_name', b.given_name ?? ''],
    ['family_name', 'family_name', b.family_name ?? ''],
    ['email', 'email', b.email ?? ''],
    ['phone', 'phone', b.phone ?? ''],
    ['postcode', 'postcode', b.postcode ?? ''],
    ...consents.map((x): [string, string, string] => [`consent_${x.purpose}_${x.channel}`, `consent:${x.purpose}/${x.channel}`, 'yes']),
  ];
  const unique = [...new Map(values.map((v) => [v[0], v])).values()];
  const file = { label: b.form, header: unique.map((v) => v[0]), rows: [unique.map((v) => v[2])] };
  return { file, mapping: checkMapping({ columns: Object.fromEntries(unique.map((v) => [v[0], v[1]])) }, null) };
}

/**
 * POST /api/contacts/signup, the public web form: no authentication, so limited per client
 * address (5 a minute, 100 an hour). The person is written through the import path as a one-row
 * import from a 'signup' source on the basis of consent, with the notice version shown.
 */
function signupRoute(routes: Routes, cx: ContactsContext): void {
  const perMinute = new LoginThrottle(5, 60_000);
  const perHour = new LoginThrottle(100, 3_600_000);
  routes.add({ method: 'post', path: '/api/contacts/signup', summary: 'the public sign-up form: a person with their consents and the notice version (no authentication; rate-limited per client)', role: null, body: SignupBody }, async (c) => {
    const key = clientKey(c);
    const wait = Math.max(perMinute.wait(key), perHour.wait(key));
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.json({ error: 'too many sign-ups from this address; try again later' }, 429);
    }
    perMinute.fail(key);
    perHour.fail(key);
    const b = await body(c, SignupBody);
    if (!b.email?.trim() && !b.phone?.trim()) throw new InputError('body: expected an email or a phone number');
    for (const x of b.consents) checkPurpose(x.purpose, 'consents purpose');
    const deps = cx.importDeps();
    const now = Date.now();
    const asked = signupRow(b, b.consents);
    // Checked before anything is written: a refused sign-up leaves no source, import or review item behind.
    const checked = normaliseRecord(asked.file.rows[0]!, 2, planOf(asked.mapping, asked.file.header, true), now);
    if (!checked.ok) throw new InputError(`body: ${checked.column ?? 'row'}: ${checked.reason}`);
    // A consent the known person withdrew is not granted again by an anonymous form: it goes to review.
    const held = await holdBackWithdrawn(cx.deps.db, cx.deps.dialect, { emails: checked.row.emails, phones: checked.row.phones, consents: b.consents, form: b.form }, now);
    const { file, mapping } = held.length ? signupRow(b, b.consents.filter((x) => !held.some((h) => h.purpose === x.purpose && h.channel === x.channel))) : asked;
    const summary = await importContacts(deps, {
      file,
      mapping,
      source: { kind: 'signup', label: b.form, basis: 'consent', collectedAt: now, collector: `form:${b.form}`, noticeVersion: b.notice_version },
      actor: `system:signup:${b.form}`,
      again: true,
    });
    if (summary.bad > 0) throw new InputError(`body: ${summary.badRows.map((r) => `${r.column ?? 'row'}: ${r.reason}`).join('; ')}`);
    // Whether the person was new or known is not said: the form must not reveal who is stored.
    return c.json({ ok: true });
  });
}
