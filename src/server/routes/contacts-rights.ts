import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { idNumber } from '../../contacts/ids';
import { listPolicies, runRetention } from '../../contacts/retention';
import { accessExport, erase, objection, rectify } from '../../contacts/rights';
import { changesSchema } from '../../contacts/rights/rectify-input';
import type { RightsApp } from '../../contacts/rights/requests';
import { closeRequest, listRequests, openRequest, OUTCOMES, REQUEST_KINDS } from '../../contacts/rights/requests';
import type { Store } from '../../store';
import type { ContactsContext } from './contacts-context';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import { body, pastIsoTime, query } from './input';

const RequestsQuery = z.object({ status: z.enum(['open', 'closed']).optional(), overdue: z.enum(['1', 'true']).optional() });
const RequestBody = z.object({
  kind: z.enum(REQUEST_KINDS),
  personId: idNumber.nullable().default(null),
  receivedAt: pastIsoTime.optional().describe('ISO 8601, no later than now; default now'),
}).strict();
const CloseBody = z.object({ outcome: z.enum(OUTCOMES) }).strict();
const ObjectBody = z.object({ channels: z.array(z.string()).min(1).optional() }).strict();
const EraseBody = z.object({ requestId: idNumber.optional() }).strict();

/**
 * Data subjects' rights (admin): the request log with its deadlines, access (the whole record as
 * a JSON download), rectification, objection (no contact on any channel) and erasure; retention's preview.
 */
export function contactRightsRoutes(routes: Routes, cx: ContactsContext): void {
  // The rights functions take an app's store; dialect and handle are all they use of it.
  const rightsApp = (): RightsApp => {
    const { store, db, dialect, pseudonymiser } = cx.deps;
    if (!pseudonymiser) throw new HTTPException(503, { message: 'rights requests are not available: the server was started without the pseudonymiser' });
    return { store: store ?? ({ db, dialect, label: '', close: async () => undefined } satisfies Store), pseudonymiser };
  };
  routes.add({ method: 'get', path: '/api/contacts/requests', summary: 'rights requests, nearest deadline first, with days left and overdue', role: 'admin', query: RequestsQuery }, async (c) => {
    const q = query(c, RequestsQuery);
    return c.json({ requests: await listRequests(cx.deps.db, { status: q.status, overdue: q.overdue !== undefined }) });
  });
  routes.add({ method: 'post', path: '/api/contacts/requests', summary: 'logs a rights request received {kind, personId?, receivedAt?}; due one month later', role: 'admin', body: RequestBody }, async (c) => {
    const b = await body(c, RequestBody);
    const receivedAt = b.receivedAt ?? Date.now();
    const id = await openRequest(rightsApp(), { personId: b.personId, kind: b.kind, receivedAt, actor: cx.user(c).name });
    return c.json({ id });
  });
  routes.add({ method: 'post', path: '/api/contacts/requests/{id}/close', summary: 'closes a request with an outcome', role: 'admin', body: CloseBody }, async (c) => {
    const b = await body(c, CloseBody);
    await closeRequest(rightsApp(), idParam(c.req.param('id'), 'request'), { outcome: b.outcome, actor: cx.user(c).name });
    return c.json({ ok: true });
  });
  routes.add({ method: 'post', path: '/api/contacts/people/{id}/access', summary: 'everything held about a person, as a JSON download (art. 15); audited', role: 'admin' }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const record = await accessExport(rightsApp(), id, cx.user(c).name);
    return c.body(JSON.stringify(record, null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="person-${id}.json"` });
  });
  routes.add(
    {
      method: 'post',
      path: '/api/contacts/people/{id}/rectify',
      summary: 'corrects a person (art. 16): {givenName?, familyName?, birthYear?, gender?, language?, support?, area?, addEmails?, removeEmails?, addPhones?, removePhones?, address?: {street, postcode, city, country} | null, country?}; answers the names of the fields changed; audited',
      role: 'admin',
      body: changesSchema,
    },
    async (c) => {
      const id = await cx.personInScope(c, c.req.param('id'));
      const b = await body(c, changesSchema);
      return c.json({ personId: id, ...(await rectify(rightsApp(), id, b, cx.user(c).name)) });
    },
  );
  routes.add({ method: 'post', path: '/api/contacts/people/{id}/object', summary: 'the person objects (art. 21): {channels?: [...]} or every channel; consents withdrawn, suppressed, off lists', role: 'admin', body: ObjectBody }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const b = await body(c, ObjectBody);
    return c.json(await objection(rightsApp(), id, { channels: b.channels ?? '*', actor: cx.user(c).name }));
  });
  routes.add({ method: 'post', path: '/api/contacts/people/{id}/erase', summary: 'erases a person (art. 17): rows deleted, a tombstone kept so a re-import does not bring them back; {requestId?} closes that request; unchanged: the export files left as they are (edited, or another file at the path), with why', role: 'admin', body: EraseBody }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const b = await body(c, EraseBody);
    const done = await erase(rightsApp(), id, { actor: cx.user(c).name, requestId: b.requestId ?? null });
    // Files left as they are, not as the platform wrote them: for a person to check.
    const unchanged = done.files.filter((f) => f.status === 'changed').map((f) => ({ path: f.path, kind: f.kind, reason: f.reason }));
    return c.json({ personId: done.personId, counts: done.counts, tombstones: done.tombstones, files: done.files.length, unchanged });
  });
  routes.add({ method: 'get', path: '/api/contacts/retention/preview', summary: 'what the retention policies would erase now: per policy, how many people (a dry run)', role: 'admin' }, async (c) => {
    const report = await runRetention(rightsApp(), { dryRun: true, actor: cx.user(c).name });
    const policies = await listPolicies(cx.deps.db);
    return c.json({
      policies: policies.map((p) => ({ ...p, due: report.policies[p.name]?.count ?? 0, ids: (report.policies[p.name]?.ids ?? []).slice(0, 100) })),
      total: Object.values(report.policies).reduce((n, p) => n + p.count, 0),
    });
  });
}
