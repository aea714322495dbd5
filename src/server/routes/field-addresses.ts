import { z } from 'zod';
import { InputError } from '../../core/errors';
import { ADDRESS_FORMATS, importAddresses } from '../../field/addresses';
import { areaAddresses, linkAddresses, listAreas } from '../../field/areas';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { limitUploads, readUpload, usingUpload } from './upload';

// Larger files (a whole département's BAN) go through `hustings field addresses import`.
const UPLOAD_LIMIT = { maxBytes: 50 * 1024 * 1024, instead: 'import such a file with `hustings field addresses import`' };

const ImportQuery = z.object({ format: z.enum(ADDRESS_FORMATS).optional(), country: z.string().regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code').optional() });

/** Address points and sample areas: what organisers see on the map and import. */
export function fieldAddressRoutes(routes: Routes, cx: FieldContext): void {
  limitUploads(routes, '/api/field/addresses/import', UPLOAD_LIMIT);
  routes.add({ method: 'get', path: '/api/field/areas', summary: 'the sample areas with their stations, address points and doors', role: 'organiser' }, async (c) => c.json({ areas: await listAreas(cx.field) }));
  routes.add({ method: 'get', path: '/api/field/areas/{id}/addresses', summary: "an area's address points for the map: id, street, number, lat, lon, doors, station", role: 'organiser' }, async (c) => {
    const id = c.req.param('id') ?? '';
    const addresses = await areaAddresses(cx.field, id);
    if (addresses === null) return c.json({ error: `no sample area ${JSON.stringify(id)}` }, 404);
    return c.json({ area: id, addresses });
  });
  routes.add({ method: 'post', path: '/api/field/addresses/import', summary: `imports an address CSV (generic or BAN; raw body or multipart field file, up to ${UPLOAD_LIMIT.maxBytes / 1024 / 1024} MB; ?format=generic|ban) and links the doors`, role: 'organiser' }, async (c) => {
    const q = ImportQuery.safeParse(c.req.query());
    if (!q.success) throw new InputError(`import ${q.error.issues[0]!.path.join('.')}: ${q.error.issues[0]!.message}`);
    const actor = cx.user(c).name;
    return usingUpload(await readUpload(c, 'addresses.csv', 'expected an address CSV with a header line'), async (u) => {
      const summary = await importAddresses(cx.deps, u.file, { format: q.data.format, country: q.data.country?.toUpperCase(), actor });
      const link = await linkAddresses(cx.field);
      await cx.audit({ actor, action: 'field.addresses.import', subject: `field_import:${summary.importId}`, detail: { read: summary.read, stored: summary.stored, updated: summary.updated, bad: summary.bad } });
      return c.json({ ...summary, badLines: summary.badLines.slice(0, 100), link });
    });
  });
}
