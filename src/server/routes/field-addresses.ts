import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'hono';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import { ADDRESS_FORMATS, importAddresses } from '../../field/addresses';
import { areaAddresses, linkAddresses, listAreas } from '../../field/areas';
import type { Env, Routes } from './define';
import type { FieldContext } from './field';

// Larger files (a whole département's BAN) go through `hustings field addresses import`.
const MAX_UPLOAD = 50 * 1024 * 1024;

const ImportQuery = z.object({ format: z.enum(ADDRESS_FORMATS).optional(), country: z.string().regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code').optional() });

/** The request's CSV (multipart field `file`, or the raw body) in a private temporary folder. */
async function upload(c: Context<Env>): Promise<{ file: string; dir: string }> {
  if (Number(c.req.header('content-length') ?? 0) > MAX_UPLOAD) throw new InputError(`upload: larger than ${MAX_UPLOAD / 1024 / 1024} MB; import such a file with \`hustings field addresses import\``);
  let data: Uint8Array;
  if (/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
    const f = (await c.req.parseBody())['file'];
    if (!(f instanceof File)) throw new InputError('upload: expected a file in the form field "file"');
    data = new Uint8Array(await f.arrayBuffer());
  } else data = new Uint8Array(await c.req.arrayBuffer());
  if (data.length === 0) throw new InputError('upload: the file is empty; expected an address CSV with a header line');
  if (data.length > MAX_UPLOAD) throw new InputError(`upload: larger than ${MAX_UPLOAD / 1024 / 1024} MB; import such a file with \`hustings field addresses import\``);
  const dir = await mkdtemp(join(tmpdir(), 'hustings-addresses-'));
  const file = join(dir, 'addresses.csv');
  await writeFile(file, data);
  return { file, dir };
}

/** Address points and sample areas: what organisers see on the map and import. */
export function fieldAddressRoutes(routes: Routes, cx: FieldContext): void {
  routes.add({ method: 'get', path: '/api/field/areas', summary: 'the sample areas with their stations, address points and doors', role: 'organiser' }, async (c) => c.json({ areas: await listAreas(cx.field) }));
  routes.add({ method: 'get', path: '/api/field/areas/{id}/addresses', summary: "an area's address points for the map: id, street, number, lat, lon, doors, station", role: 'organiser' }, async (c) => {
    const id = c.req.param('id') ?? '';
    const addresses = await areaAddresses(cx.field, id);
    if (addresses === null) return c.json({ error: `no sample area ${JSON.stringify(id)}` }, 404);
    return c.json({ area: id, addresses });
  });
  routes.add({ method: 'post', path: '/api/field/addresses/import', summary: `imports an address CSV (generic or BAN; raw body or multipart field file, up to ${MAX_UPLOAD / 1024 / 1024} MB; ?format=generic|ban) and links the doors`, role: 'organiser' }, async (c) => {
    const q = ImportQuery.safeParse(c.req.query());
    if (!q.success) throw new InputError(`import ${q.error.issues[0]!.path.join('.')}: ${q.error.issues[0]!.message}`);
    const u = await upload(c);
    const actor = cx.user(c).name;
    try {
      const summary = await importAddresses(cx.deps, u.file, { format: q.data.format, country: q.data.country?.toUpperCase(), actor });
      const link = await linkAddresses(cx.field);
      await cx.audit({ actor, action: 'field.addresses.import', subject: `field_import:${summary.importId}`, detail: { read: summary.read, stored: summary.stored, updated: summary.updated, bad: summary.bad } });
      return c.json({ ...summary, badLines: summary.badLines.slice(0, 100), link });
    } finally {
      await rm(u.dir, { recursive: true, force: true });
    }
  });
}
