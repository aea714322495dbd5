import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { PersonRecord } from '../../contacts/people/record';
import { personRecord } from '../../contacts/people/record';
import { searchPeople, SEARCH_MAX } from '../../contacts/people/search';
import { setUserAreas } from '../../contacts/scope';
import { parseCondition } from '../../contacts/segments/definition';
import { countSegment } from '../../contacts/segments/count';
import { listSegments, saveSegment } from '../../contacts/segments/store';
import { CHANNELS } from '../../contacts/vocabulary';
import { InputError, NotFoundError } from '../../core/errors';
import type { Role, UserStore } from '../auth/users';
import type { Routes } from './define';
import { body, query, refuseNul } from './input';
import type { ContactsServerDeps } from './contacts-context';
import { ContactsContext, useOf } from './contacts-context';
import { contactExportRoutes } from './contacts-exports';
import { contactImportRoutes } from './contacts-import';
import { contactHistoryRoutes } from './contacts-history';
import { contactListRoutes } from './contacts-lists';
import { contactRightsRoutes } from './contacts-rights';

export type { ContactsServerDeps } from './contacts-context';

const count = z.string().regex(/^\d{1,6}$/, 'expected a whole number').transform(Number);
const PeopleQuery = z.object({
  q: z.string().max(200).optional().describe('a name prefix, an e-mail, a phone number or a tag'),
  limit: count.refine((n) => n >= 1 && n <= SEARCH_MAX, `expected a page size from 1 to ${SEARCH_MAX}`).optional().describe(`1 to ${SEARCH_MAX} (default 50)`),
  offset: count.optional(),
}).strict();
const SegmentBody = z.object({ name: z.string().min(1).max(80), definition: z.unknown() }).strict();
const CountQuery = z.object({
  definition: z.string().min(1, 'expected a segment definition as JSON').describe('the condition as JSON, e.g. {"all":[{"tag":"volunteer"}]}'),
  purpose: z.string().optional().describe('with channel: count only the people who may be reached for this use'),
  channel: z.enum(CHANNELS).optional(),
});
const AreasBody = z.object({ areas: z.array(z.string().min(1).max(64)).max(10_000) }).strict();

/**
 * A profile as the reader's role may see it: the export files that hold the person and their
 * rights requests are for admins (who alone export and answer requests); the review queue's items,
 * which name other people, for organisers and admins. The lists are left empty for the others.
 */
function profileFor(role: Role, p: PersonRecord): PersonRecord {
  if (role === 'admin') return p;
  return { ...p, exports: [], rightsRequests: [], ...(role === 'organiser' ? {} : { reviews: [] }) };
}

/**
 * Contacts: people search and profiles (scoped to what the user may see, every read audited),
 * organisers' areas, segments and their counts, exports, imports, the public sign-up form,
 * rights requests and retention.
 */
export function contactRoutes(routes: Routes, deps: ContactsServerDeps, users: UserStore): void {
  const cx = new ContactsContext(deps);
  routes.add({ method: 'get', path: '/api/contacts/people', summary: 'people in scope matching a name prefix, e-mail, phone or tag (the search is audited with its count only)', role: 'canvasser', query: PeopleQuery }, async (c) => {
    const q = query(c, PeopleQuery);
    const page = await searchPeople(cx.db, { q: q.q, limit: q.limit, offset: q.offset, scope: await cx.scope(c) });
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.search', detail: { results: page.total } });
    return c.json(page);
  });
  routes.add({ method: 'get', path: '/api/contacts/people/{id}', summary: "one person's profile: consent history with sources, contact points, activity (404 when out of scope)", role: 'canvasser' }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const profile = await personRecord(cx.deps.db, id);
    if (!profile) throw new HTTPException(404, { message: `no person ${id}` });
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.read', subject: `person:${id}` });
    return c.json(profileFor(cx.user(c).role, profile));
  });
  // PUT is not among the documented methods yet (openapi.ts); the cast keeps the route's doc.
  routes.add({ method: 'put', path: '/api/contacts/areas/{user}', summary: "replaces the areas (polling-station codes) an organiser sees", role: 'admin', body: AreasBody }, async (c) => {
    const name = c.req.param('user')!;
    if (!(await users.find(name))) throw new NotFoundError(`no user ${name}`);
    const b = await body(c, AreasBody);
    const areas = [...new Set(b.areas)];
    await setUserAreas(cx.db, name, areas);
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.areas', subject: `user:${name}`, detail: { areas: areas.length } });
    return c.json({ user: name, areas });
  });
  routes.add({ method: 'get', path: '/api/contacts/segments', summary: 'saved segments', role: 'organiser' }, async (c) => c.json({ segments: await listSegments(cx.db) }));
  routes.add({ method: 'post', path: '/api/contacts/segments', summary: 'saves a segment {name, definition} (replaces one of that name)', role: 'organiser', body: SegmentBody }, async (c) => {
    const b = await body(c, SegmentBody);
    const segment = await saveSegment(cx.db, { name: b.name, condition: b.definition, actor: cx.user(c) });
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.segment.save', subject: `segment:${segment.id}` });
    return c.json(segment);
  });
  routes.add({ method: 'get', path: '/api/contacts/segments/count', summary: 'how many people in scope a definition holds; for a purpose and channel, only those who may be reached', role: 'organiser', query: CountQuery }, async (c) => {
    const q = query(c, CountQuery);
    let value: unknown;
    try {
      value = JSON.parse(q.definition);
    } catch {
      throw new InputError('query definition: expected JSON, e.g. {"all":[{"tag":"volunteer"}]}');
    }
    // The JSON escape \u0000 passes the query's own check; PostgreSQL would refuse it deep in the count (a 500).
    refuseNul(value, 'query definition');
    const condition = parseCondition(value, 'query definition');
    const use = useOf(q.purpose, q.channel);
    const n = await countSegment(cx.db, { condition, use, scope: await cx.scope(c), now: Date.now() });
    return c.json({ count: n, use: use ?? null });
  });
  contactExportRoutes(routes, cx);
  contactImportRoutes(routes, cx);
  contactRightsRoutes(routes, cx);
  contactHistoryRoutes(routes, cx);
  contactListRoutes(routes, cx);
}
