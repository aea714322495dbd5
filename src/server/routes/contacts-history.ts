import { z } from 'zod';
import { ACTIVITY_KINDS, recordActivity } from '../../contacts/activities';
import { changeConsent } from '../../contacts/consent/record';
import { listReview, resolveReview } from '../../contacts/review';
import { BASES, CHANNELS } from '../../contacts/vocabulary';
import type { ContactsContext } from './contacts-context';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import { body } from './input';

const ConsentBody = z.object({
  purpose: z.string(),
  channel: z.enum(CHANNELS),
  granted: z.boolean(),
  how: z.string().min(1).max(200).describe('how the person said so: "phone call", "letter", "at the door"'),
  basis: z.enum(BASES).default('consent'),
  noticeVersion: z.string().max(100).nullable().default(null),
}).strict();
const ActivityBody = z.object({ kind: z.enum(ACTIVITY_KINDS), channel: z.enum(CHANNELS).nullable().default(null), detail: z.string().max(4000).nullable().default(null) }).strict();
const ReviewBody = z.object({ decision: z.enum(['merge', 'keep', 'dismiss']) }).strict();

/** A person's consents and activity as they happen, and the review queue of possible duplicates (organisers, in their scope). */
export function contactHistoryRoutes(routes: Routes, cx: ContactsContext): void {
  routes.add({ method: 'post', path: '/api/contacts/people/{id}/consents', summary: 'records a consent given or withdrawn (a new ledger entry with its own source); audited', role: 'organiser', body: ConsentBody }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const b = await body(c, ConsentBody);
    await changeConsent({ db: cx.deps.db, dialect: cx.deps.dialect }, { personId: id, ...b, actor: cx.user(c).name });
    return c.json({ ok: true });
  });
  routes.add({ method: 'post', path: '/api/contacts/people/{id}/activities', summary: 'adds to the activity history: a contact made, a response, an event; audited', role: 'canvasser', body: ActivityBody }, async (c) => {
    const id = await cx.personInScope(c, c.req.param('id'));
    const b = await body(c, ActivityBody);
    return c.json({ id: await recordActivity({ db: cx.deps.db, dialect: cx.deps.dialect }, { personId: id, ...b, actor: cx.user(c).name }) });
  });
  routes.add({ method: 'get', path: '/api/contacts/review', summary: 'open review items: possible duplicates, conflicting rows, re-imports of erased people (admins)', role: 'organiser' }, async (c) => {
    return c.json({ items: await listReview(cx.db, await cx.scope(c)) });
  });
  routes.add({ method: 'post', path: '/api/contacts/review/{id}', summary: 'decides a review item: merge (into the person known before), keep (two people), dismiss', role: 'organiser', body: ReviewBody }, async (c) => {
    const b = await body(c, ReviewBody);
    return c.json(await resolveReview({ db: cx.deps.db, dialect: cx.deps.dialect }, idParam(c.req.param('id'), 'review item'), b.decision, cx.user(c).name, await cx.scope(c)));
  });
}
