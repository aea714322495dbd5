import { z } from 'zod';
import { applySync, checkout, LockHeldError, MAX_BATCH, packageFor, release } from '../../field/sync';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { idParam } from './contacts-context';
import { body } from './input';

const SyncBody = z.object({
  device: z.string().min(1).max(100).describe("the phone's name for itself"),
  events: z.array(z.unknown()).max(MAX_BATCH, `expected at most ${MAX_BATCH} events per sync`).describe('door events (see docs/field-design.md); each is checked on its own'),
});
const CheckoutBody = z.object({ device: z.string().min(1).max(100) }).strict();

/** The phones' side: sync of door events, the canvasser's package, and turf locks. */
export function fieldSyncRoutes(routes: Routes, cx: FieldContext): void {
  routes.add({ method: 'post', path: '/api/field/sync', summary: 'stores a batch of door events {device, events} → {stored, duplicates, rejected}; idempotent by event id', role: 'canvasser', body: SyncBody }, async (c) => {
    const b = await body(c, SyncBody);
    // One audit entry per batch, with counts only, is written by applySync in the batch's transaction.
    return c.json(await applySync(cx.deps, cx.user(c), b.device, b.events));
  });
  routes.add({ method: 'get', path: '/api/field/my', summary: "the canvasser's package: live assignments, turfs and doors in walking order, the people the gate lets through, scripts, locks, ended turfs", role: 'canvasser' }, async (c) => {
    const user = cx.user(c);
    const pkg = await packageFor(cx.field, user.name);
    const people = pkg.turfs.reduce((n, t) => n + t.doors.reduce((m, d) => m + d.people.length, 0), 0);
    await cx.audit({ actor: user.name, action: 'field.package.read', detail: { turfs: pkg.turfs.length, people } });
    return c.json(pkg);
  });
  routes.add({ method: 'post', path: '/api/field/turfs/{id}/checkout', summary: 'locks a turf to the canvasser for the campaign’s lock hours {device} → {expiresAt}; 409 {error, holder, expiresAt} when another holds it', role: 'canvasser', body: CheckoutBody }, async (c) => {
    const turfId = idParam(c.req.param('id'), 'turf');
    const b = await body(c, CheckoutBody);
    try {
      return c.json(await checkout(cx.field, cx.user(c).name, turfId, b.device));
    } catch (error) {
      if (error instanceof LockHeldError) return c.json({ error: error.message, holder: error.holder, expiresAt: error.expiresAt }, 409);
      throw error;
    }
  });
  routes.add({ method: 'post', path: '/api/field/turfs/{id}/release', summary: 'releases a turf lock (its holder, their partner, or an organiser)', role: 'canvasser' }, async (c) => {
    const turfId = idParam(c.req.param('id'), 'turf');
    return c.json(await release(cx.field, cx.user(c), turfId));
  });
}
