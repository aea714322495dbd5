import { createHash } from 'node:crypto';
import { z } from 'zod';
import { audiencePages } from '../../contacts/exports/pages';
import { describeTarget, resolveTarget } from '../../contacts/exports/target';
import { ConditionSchema } from '../../contacts/segments/definition';
import { CHANNELS } from '../../contacts/vocabulary';
import { InputError } from '../../core/errors';
import type { ContactsContext } from './contacts-context';
import { useOf } from './contacts-context';
import type { Routes } from './define';
import { body } from './input';

const ExportBody = z.object({
  segment: z.string().min(1).optional(),
  definition: ConditionSchema.optional(),
  list: z.number().int().positive().optional(),
  purpose: z.string().min(1),
  channel: z.enum(CHANNELS),
  format: z.enum(['csv', 'audience']).default('csv'),
});

function csvCell(v: string | number | null): string {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An advertising platform's customer list: SHA-256 of each normalised e-mail or E.164 phone, one a line. */
function hashed(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase()).digest('hex');
}

/**
 * POST /api/contacts/exports (admin only): the people of a segment, a definition or a list who may
 * be reached for the purpose on the channel (always through the consent gate), as a CSV or as an
 * audience file of hashed contact points. The export is audited with its count and target only.
 */
export function contactExportRoutes(routes: Routes, cx: ContactsContext): void {
  routes.add({ method: 'post', path: '/api/contacts/exports', summary: 'a consent-gated CSV or hashed audience file of a segment, definition or list for a purpose and channel (admin)', role: 'admin', body: ExportBody }, async (c) => {
    const b = await body(c, ExportBody);
    const use = useOf(b.purpose, b.channel)!;
    const target = { condition: b.definition, segment: b.segment, listId: b.list };
    if ([b.definition, b.segment, b.list].filter((x) => x !== undefined).length !== 1) throw new InputError('body: expected exactly one of segment, definition or list');
    const now = Date.now();
    const input = await resolveTarget(cx.db, target, use, await cx.scope(c), now);
    const lines: string[] = b.format === 'csv' ? ['id,given_name,family_name,contact'] : [];
    let rows = 0;
    for await (const page of audiencePages(cx.db, input)) {
      for (const p of page) {
        rows++;
        if (b.format === 'csv') lines.push([p.id, p.givenName, p.familyName, p.points.join(' | ')].map(csvCell).join(','));
        else for (const point of p.points) lines.push(hashed(point));
      }
    }
    await cx.audit({ actor: cx.user(c).name, action: 'contacts.export', detail: { ...describeTarget(target), purpose: use.purpose, channel: use.channel, format: b.format, rows } });
    const name = `contacts-${use.purpose}-${use.channel}-${new Date(now).toISOString().slice(0, 10)}.${b.format === 'csv' ? 'csv' : 'txt'}`;
    return c.body(`${lines.join('\n')}\n`, 200, {
      'content-type': b.format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'x-rows': String(rows),
    });
  });
}
