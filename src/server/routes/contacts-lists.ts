import { z } from 'zod';
import { parseCondition } from '../../contacts/segments/definition';
import { assignList, createList, listMembers, listsOf, readableList, recentLists } from '../../contacts/lists';
import { CHANNELS } from '../../contacts/vocabulary';
import type { ContactsContext } from './contacts-context';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import { body } from './input';

const ListBody = z.object({
  name: z.string().min(1).max(100),
  purpose: z.string(),
  channel: z.enum(CHANNELS),
  segment: z.string().optional(),
  definition: z.unknown().optional(),
  assignedTo: z.string().trim().min(1, 'expected the name of a user, or null').nullable().default(null),
  days: z.number().int().positive().max(365).nullable().default(null).describe('the list expires after this many days'),
}).strict().refine((b) => b.segment === undefined || b.definition === undefined, { message: 'expected a segment or a definition, not both', path: ['segment'] });
const AssignBody = z.object({ user: z.string().trim().min(1, 'expected the name of a user, or null').nullable() }).strict();

/**
 * Lists handed to people (a canvasser's walk list, a call list): made by organisers from a segment
 * for one use, through the gate; a canvasser sees their own lists and, in them, only the people
 * who still pass the gate when the list is read.
 */
export function contactListRoutes(routes: Routes, cx: ContactsContext): void {
  routes.add({ method: 'post', path: '/api/contacts/lists', summary: 'makes a list from a segment or definition for a use {name, purpose, channel, segment|definition, assignedTo?, days?}', role: 'organiser', body: ListBody }, async (c) => {
    const b = await body(c, ListBody);
    const target = b.segment !== undefined ? { segment: b.segment } : { condition: parseCondition(b.definition ?? { all: [] }, 'definition') };
    const now = Date.now();
    const made = await createList({ db: cx.deps.db, dialect: cx.deps.dialect }, { ...target, name: b.name, use: { purpose: b.purpose, channel: b.channel }, assignedTo: b.assignedTo, expiresAt: b.days ? now + b.days * 86_400_000 : null, actor: cx.user(c), now });
    return c.json(made);
  });
  routes.add({ method: 'get', path: '/api/contacts/lists', summary: "the lists assigned to the user (a canvasser's), or every list (organisers and admins)", role: 'canvasser' }, async (c) => {
    const user = cx.user(c);
    // Viewers and analysts have no access to people, nor to the lists of them (refused as the people routes refuse them).
    await cx.scope(c);
    if (user.role === 'canvasser') return c.json({ lists: await listsOf(cx.db, user.name) });
    return c.json({ lists: await recentLists(cx.db) });
  });
  routes.add({ method: 'get', path: '/api/contacts/lists/{id}/people', summary: 'the people of a list who still pass its gate, within the reader’s scope; audited', role: 'canvasser' }, async (c) => {
    const id = idParam(c.req.param('id'), 'list');
    const list = await readableList(cx.db, id, cx.user(c));
    const people = await listMembers(cx.db, id, await cx.scope(c));
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.list.read', subject: `list:${id}`, detail: { people: people.length } });
    return c.json({ list, people });
  });
  routes.add({ method: 'post', path: '/api/contacts/lists/{id}/assign', summary: 'assigns a list to a user (or none)', role: 'organiser', body: AssignBody }, async (c) => {
    const b = await body(c, AssignBody);
    await assignList({ db: cx.deps.db, dialect: cx.deps.dialect }, idParam(c.req.param('id'), 'list'), b.user, cx.user(c));
    return c.json({ ok: true });
  });
}
