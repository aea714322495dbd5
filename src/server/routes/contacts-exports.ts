import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { idNumber } from '../../contacts/ids';
import { exportAudience, exportCsv, PLATFORMS } from '../../contacts/exports';
import { parseCondition } from '../../contacts/segments/definition';
import { CHANNELS } from '../../contacts/vocabulary';
import { InputError } from '../../core/errors';
import type { ContactsContext } from './contacts-context';
import { useOf } from './contacts-context';
import type { Routes } from './define';
import { body } from './input';

const ExportBody = z.object({
  segment: z.string().min(1).optional(),
  definition: z.unknown().optional().describe('a segment definition (checked for depth and size before it is read)'),
  list: idNumber.optional(),
  purpose: z.string().min(1),
  channel: z.enum(CHANNELS),
  format: z.enum(['csv', 'audience']).default('csv'),
  platform: z.enum(PLATFORMS).optional().describe('audience files: whose phone format to hash (meta, google)'),
}).strict();

/**
 * POST /api/contacts/exports (admin only): the people of a segment, a definition or a list who may
 * be reached for the purpose on the channel, as a CSV or a hashed custom-audience file, written by
 * the exports module (consent-gated, every line registered for erasure, audited) and handed over
 * as a download. The server's copy is deleted once read: a later erasure finds it 'missing' and
 * still knows, from the registered lines, which export held the person.
 */
export function contactExportRoutes(routes: Routes, cx: ContactsContext): void {
  routes.add({ method: 'post', path: '/api/contacts/exports', summary: 'a consent-gated CSV or hashed audience file of a segment, definition or list for a purpose and channel (admin)', role: 'admin', body: ExportBody }, async (c) => {
    const b = await body(c, ExportBody);
    const use = useOf(b.purpose, b.channel)!;
    if ([b.definition, b.segment, b.list].filter((x) => x !== undefined).length !== 1) throw new InputError('body: expected exactly one of segment, definition or list');
    const dir = await mkdtemp(join(tmpdir(), 'hustings-export-'));
    try {
      const name = `contacts-${use.purpose}-${use.channel}-${new Date().toISOString().slice(0, 10)}.csv`;
      const condition = b.definition === undefined ? undefined : parseCondition(b.definition, 'body definition');
      const request = { condition, segment: b.segment, listId: b.list, use, actor: cx.user(c), scope: await cx.scope(c), path: join(dir, name) };
      const result = b.format === 'csv' ? await exportCsv(cx.deps, request) : await exportAudience(cx.deps, { ...request, platform: b.platform });
      const text = await readFile(result.path, 'utf8');
      return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'x-rows': String(result.rows), 'x-export-id': String(result.id) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
