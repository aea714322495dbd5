import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { idNumber } from '../../contacts/ids';
import type { CutResult } from '../../field/turf-store';
import { cutAll, cutAreaTurfs, mergeTurfs, moveDoors, sizeStats, splitTurf, TOLERANCE, turfDetail, turfsOf } from '../../field/turf-store';
import { SIDES } from '../../field/turfs/walk';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { campaignExists } from './field-progress';
import { body, query } from './input';

const Sides = z.enum(SIDES as ['zig-zag', 'round-trip']);
const CutBody = z
  .object({
    area: z.string().min(1).optional(),
    all: z.boolean().optional(),
    target: z.number().int().min(5).max(1000).default(60).describe('doors per turf'),
    sides: Sides.default('zig-zag'),
    force: z.boolean().default(false).describe('replace turfs that have events or are assigned (their assignments end)'),
  })
  .refine((b) => Boolean(b.area) !== Boolean(b.all), { message: 'expected area or all (one of them)' });
const Version = z.number().int().positive().optional().describe('the version of the turf as the editor loaded it: a turf changed since answers 409');
const MoveBody = z.object({ addressIds: z.array(idNumber).min(1).max(5000), to: idNumber, sides: Sides.optional(), version: Version, toVersion: Version }).strict();
const MergeBody = z.object({ with: idNumber, sides: Sides.optional(), version: Version, withVersion: Version }).strict();
const SplitBody = z.object({ parts: z.number().int().min(2).max(50).default(2), sides: Sides.optional(), version: Version }).strict();

/** The versions an edit expects, turf id → version, of the turfs it names with one. */
function expected(pairs: readonly [number, number | undefined][]): Map<number, number> {
  return new Map(pairs.filter((p): p is [number, number] => p[1] !== undefined));
}
const AreaQuery = z.object({ area: z.string().min(1).optional() });

/** The whole cut in one answer: sizes over every area cut, and each area's figures. */
function cutAnswer(areas: readonly CutResult[], target: number): object {
  const stats = sizeStats(areas.flatMap((a) => a.sizes), target, TOLERANCE);
  return { ...stats, addresses: areas.reduce((s, a) => s + a.addresses, 0), tolerance: TOLERANCE, areas: areas.map(({ sizes: _, ...a }) => a) };
}

async function turfExists(cx: FieldContext, raw: string | undefined): Promise<number> {
  const id = idParam(raw, 'turf');
  if (!(await cx.field.selectFrom('field_turfs').select('id').where('id', '=', id).executeTakeFirst())) throw new HTTPException(404, { message: `no turf ${id}` });
  return id;
}

/** Organisers cut an area's doors into turfs, look at them on the map, and adjust them. */
export function fieldTurfRoutes(routes: Routes, cx: FieldContext): void {
  const store = { db: cx.deps.db, dialect: cx.deps.dialect };
  routes.add({ method: 'post', path: '/api/field/campaigns/{id}/turfs/cut', summary: "cuts an area's doors (or every area's) into turfs of about `target` doors in walking order, replacing the campaign's turfs there {area|all, target?, sides?, force?}; audited", role: 'organiser', body: CutBody }, async (c) => {
    const campaignId = await campaignExists(cx, c.req.param('id'));
    const b = await body(c, CutBody);
    const input = { campaignId, target: b.target, sides: b.sides, force: b.force, actor: cx.user(c).name };
    const areas = b.area ? [await cutAreaTurfs(store, { ...input, areaId: b.area })] : await cutAll(store, input);
    return c.json(cutAnswer(areas, b.target));
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/turfs', summary: "the campaign's turfs (of one area): number, doors, addresses knocked, centroid, version", role: 'organiser', query: AreaQuery }, async (c) => {
    const campaignId = await campaignExists(cx, c.req.param('id'));
    return c.json({ turfs: await turfsOf(cx.field, campaignId, query(c, AreaQuery).area) });
  });
  routes.add({ method: 'get', path: '/api/field/turfs/{id}', summary: "a turf with its doors in walking order (street, number, lat, lon, doors, the door's current state)", role: 'organiser' }, async (c) => {
    const d = await turfDetail(cx.field, await turfExists(cx, c.req.param('id')));
    return c.json({ ...d.turf, addresses: d.doors });
  });
  routes.add({ method: 'post', path: '/api/field/turfs/{id}/move', summary: 'moves doors {addressIds, to} of this turf into turf `to` (same campaign and area); both walks recomputed, versions bumped; audited', role: 'organiser', body: MoveBody }, async (c) => {
    const from = await turfExists(cx, c.req.param('id'));
    const b = await body(c, MoveBody);
    return c.json(await moveDoors(store, { addressIds: b.addressIds, toTurf: b.to, fromTurf: from }, { actor: cx.user(c).name, sides: b.sides, expect: expected([[from, b.version], [b.to, b.toVersion]]) }));
  });
  routes.add({ method: 'post', path: '/api/field/turfs/{id}/merge', summary: 'merges turf `with` into this one (same campaign and area); audited', role: 'organiser', body: MergeBody }, async (c) => {
    const id = await turfExists(cx, c.req.param('id'));
    const b = await body(c, MergeBody);
    return c.json(await mergeTurfs(store, id, b.with, { actor: cx.user(c).name, sides: b.sides, expect: expected([[id, b.version], [b.with, b.withVersion]]) }));
  });
  routes.add({ method: 'post', path: '/api/field/turfs/{id}/split', summary: 'splits this turf into `parts` compact turfs, each walked again; audited', role: 'organiser', body: SplitBody }, async (c) => {
    const id = await turfExists(cx, c.req.param('id'));
    const b = await body(c, SplitBody);
    return c.json(await splitTurf(store, id, b.parts, { actor: cx.user(c).name, sides: b.sides, expect: expected([[id, b.version]]) }));
  });
}
