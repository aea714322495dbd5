import { afterEach, describe, expect, it } from 'vitest';
import { readAudit } from '../src/contacts/audit/read';
import { turfProgressOf } from '../src/field/progress';
import { fieldDb } from '../src/field/tables';
import { cutAll, cutAreaTurfs, mergeTurfs, moveDoors, splitTurf, turfDetail, turfsOf } from '../src/field/turf-store';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addArea, addAssignment, addCampaign, addEvent, addGrid } from './support/field-turfs-fixture';

const actor = 'org';

/** Every stored turf door of the campaign, and the invariants every write must keep. */
async function checkTurfs(t: TestApp, campaignId: number, addresses: readonly number[]): Promise<{ id: number; number: number; areaId: string; doors: number[] }[]> {
  const db = fieldDb(t.app.store.db);
  const rows = await db.selectFrom('field_turf_doors').selectAll().where('campaign_id', '=', campaignId).orderBy('turf_id').orderBy('seq').execute();
  const turfs = await db.selectFrom('field_turfs').selectAll().where('campaign_id', '=', campaignId).orderBy('area_id').orderBy('number').execute();
  // Every address in exactly one turf.
  expect(rows.map((r) => Number(r.address_id)).sort((a, b) => a - b)).toEqual([...addresses].sort((a, b) => a - b));
  const byArea = new Map<string, number[]>();
  const out = turfs.map((turf) => {
    const doors = rows.filter((r) => Number(r.turf_id) === Number(turf.id));
    // seq 1..n, doors = the sum of its addresses' doors (1 each here), a centroid.
    expect(doors.map((d) => Number(d.seq))).toEqual(doors.map((_, i) => i + 1));
    expect(Number(turf.doors)).toBe(doors.length);
    expect(turf.lat).not.toBeNull();
    byArea.set(turf.area_id, [...(byArea.get(turf.area_id) ?? []), Number(turf.number)]);
    return { id: Number(turf.id), number: Number(turf.number), areaId: turf.area_id, doors: doors.map((d) => Number(d.address_id)) };
  });
  // Numbers 1..n in each area.
  for (const numbers of byArea.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  return out;
}

async function setUp(t: TestApp) {
  await addArea(t.app, 'A1');
  await addArea(t.app, 'A2');
  // Two blocks (west and east of a main road) of 6 × 10 points each.
  const a1 = await addGrid(t.app, 'A1', { rows: 6, cols: 20, block: (i) => (i % 20 < 10 ? 'west' : 'east') });
  const a2 = await addGrid(t.app, 'A2', { rows: 5, cols: 8, lat: 43.65 });
  return { campaignId: await addCampaign(t.app), a1, a2 };
}

describe.each(backends())('turf store on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('cuts an area into turfs holding every door once, in order, never across blocks; re-cuts only when forced once turfs are in use', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1 } = await setUp(t);
    const store = t.app.store;
    const r = await cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 30, actor });
    expect(r).toMatchObject({ areaId: 'A1', addresses: 120, doors: 120, turfs: 4, replaced: 0, min: 30, max: 30, withinTolerance: 1 });
    const turfs = await checkTurfs(t, campaignId, a1);
    const blockOf = (id: number) => ((id - a1[0]!) % 20 < 10 ? 'west' : 'east');
    for (const turf of turfs) expect(new Set(turf.doors.map(blockOf)).size).toBe(1);
    expect((await readAudit(store.db, { action: 'field.turfs.cut' }))[0]).toMatchObject({ actor, subject: `campaign:${campaignId}`, detail: { area: 'A1', turfs: 4, addresses: 120, replaced: 0 } });
    // No events yet: a re-cut simply replaces the turfs.
    expect(await cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 60, actor })).toMatchObject({ turfs: 2, replaced: 4 });
    const [first] = await checkTurfs(t, campaignId, a1);
    await addEvent(t.app, { campaignId, turfId: first!.id, addressId: first!.doors[0]!, result: 'not_home', at: 1 });
    const assignment = await addAssignment(t.app, campaignId, first!.id);
    await expect(cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 30, actor })).rejects.toThrow(/area A1: its turfs in campaign \d+ are in use \(1 door events, 1 assigned turfs\); cut again with force/);
    expect(await cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 30, actor, force: true })).toMatchObject({ turfs: 4, replaced: 2, endedAssignments: 1 });
    await checkTurfs(t, campaignId, a1);
    const db = fieldDb(store.db);
    expect(Number((await db.selectFrom('field_assignments').select('ended_at').where('id', '=', assignment).executeTakeFirstOrThrow()).ended_at)).toBeGreaterThan(0);
    expect(await db.selectFrom('field_events').select('id').execute()).toHaveLength(1);
    // The event now sits at a door of a new turf: a re-cut is refused again.
    await expect(cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 60, actor })).rejects.toThrow(/1 door events/);
    await expect(cutAreaTurfs(store, { campaignId, areaId: 'nowhere', actor })).rejects.toThrow(/area nowhere: no addresses are linked to it/);
    await expect(cutAreaTurfs(store, { campaignId: 999, areaId: 'A1', actor })).rejects.toThrow(/campaign 999: no such campaign/);
    await expect(cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 2, actor })).rejects.toThrow(/target: expected a whole number of doors from 5 to 1000, found 2/);
  });

  it('cuts every area, refusing all of them when one is in use', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1, a2 } = await setUp(t);
    const seen: string[] = [];
    const all = await cutAll(t.app.store, { campaignId, target: 20, actor }, (_done, _total, area) => seen.push(area));
    expect(all.map((r) => [r.areaId, r.turfs])).toEqual([['A1', 6], ['A2', 2]]);
    expect(seen).toEqual(['A1', 'A2', '']);
    const turfs = await checkTurfs(t, campaignId, [...a1, ...a2]);
    const a2Turf = turfs.find((x) => x.areaId === 'A2')!;
    await addAssignment(t.app, campaignId, a2Turf.id);
    const before = await turfsOf(fieldDb(t.app.store.db), campaignId);
    await expect(cutAll(t.app.store, { campaignId, target: 30, actor })).rejects.toThrow(/area A2: .*no area was cut/);
    expect(await turfsOf(fieldDb(t.app.store.db), campaignId)).toEqual(before);
  });

  it('refuses to cut an area whose doors new sample areas took from turfs of another, naming them; cutting that one first frees them', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1, a2 } = await setUp(t);
    await cutAll(t.app.store, { campaignId, target: 20, actor });
    // New sample areas: A2's doors now belong to A1 (as a station moved between areas would do).
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A1' }).where('area_id', '=', 'A2').execute();
    await expect(cutAreaTurfs(t.app.store, { campaignId, areaId: 'A1', target: 20, actor })).rejects.toThrow(
      `area A1: 40 of its addresses are in turfs of campaign ${campaignId} cut for other areas (area A2 turfs 1, 2): the sample areas changed since; cut that area again first (turfs cut --campaign ${campaignId} --area A2), which takes them out`,
    );
    // A2 has no addresses left: cutting it removes its old turfs; then A1 is cut whole.
    expect(await cutAreaTurfs(t.app.store, { campaignId, areaId: 'A2', target: 20, actor })).toMatchObject({ turfs: 0, replaced: 2 });
    expect(await cutAreaTurfs(t.app.store, { campaignId, areaId: 'A1', target: 20, actor })).toMatchObject({ addresses: 160 });
    await checkTurfs(t, campaignId, [...a1, ...a2]);
    // --all does it in that order by itself.
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A2' }).where('id', 'in', a2).execute();
    await cutAll(t.app.store, { campaignId, target: 20, actor });
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A1' }).where('id', 'in', a2).execute();
    expect((await cutAll(t.app.store, { campaignId, target: 20, actor })).map((r) => [r.areaId, r.turfs])).toEqual([['A2', 0], ['A1', 8]]);
    await checkTurfs(t, campaignId, [...a1, ...a2]);
    // Some of A1's doors to A2 (A1 keeps the others): A1 is cut first, then A2.
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A2' }).where('id', 'in', a1.slice(0, 40)).execute();
    expect((await cutAll(t.app.store, { campaignId, target: 20, actor })).map((r) => r.areaId)).toEqual(['A1', 'A2']);
    await checkTurfs(t, campaignId, [...a1, ...a2]);
    // Doors moved both ways: no order works, and nothing is cut.
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A1' }).where('id', 'in', a1.slice(0, 20)).execute();
    await fieldDb(t.app.store.db).updateTable('field_addresses').set({ area_id: 'A2' }).where('id', 'in', a1.slice(60, 70)).execute();
    const before = await turfsOf(fieldDb(t.app.store.db), campaignId);
    await expect(cutAll(t.app.store, { campaignId, target: 20, actor })).rejects.toThrow('areas A1, A2: new sample areas moved doors between them both ways');
    expect(await turfsOf(fieldDb(t.app.store.db), campaignId)).toEqual(before);
  });

  it('moves doors, merges and splits turfs, keeping every door once, walks, versions, numbers and the audit', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1, a2 } = await setUp(t);
    const store = t.app.store;
    await cutAll(store, { campaignId, target: 30, actor });
    let turfs = await checkTurfs(t, campaignId, [...a1, ...a2]);
    const [t1, t2, t3] = turfs.filter((x) => x.areaId === 'A1');
    const moving = t1!.doors.slice(0, 3);
    const moved = await moveDoors(store, { addressIds: moving, toTurf: t2!.id }, { actor });
    expect(moved.turfs.map((x) => [x.id, x.addresses, x.version]).sort()).toEqual([[t1!.id, 27, 2], [t2!.id, 33, 2]].sort());
    turfs = await checkTurfs(t, campaignId, [...a1, ...a2]);
    expect(turfs.find((x) => x.id === t2!.id)!.doors).toEqual(expect.arrayContaining(moving));
    expect((await readAudit(store.db, { action: 'field.turf.move' }))[0]).toMatchObject({ subject: `turf:${t2!.id}`, detail: { campaign: campaignId, to: t2!.id, from: [t1!.id], doors: 3, removed: [] } });
    // Across areas, across campaigns, from the wrong turf, nothing to move: refused with the ids.
    const a2Turf = turfs.find((x) => x.areaId === 'A2')!;
    await expect(moveDoors(store, { addressIds: [moving[0]!], toTurf: a2Turf.id }, { actor })).rejects.toThrow(new RegExp(`door ${moving[0]} is in another area than turf ${a2Turf.id} \\(area A2\\)`));
    const other = await addCampaign(t.app, 'other');
    await cutAreaTurfs(store, { campaignId: other, areaId: 'A2', target: 40, actor });
    const [otherTurf] = await turfsOf(fieldDb(store.db), other);
    await expect(moveDoors(store, { addressIds: [moving[0]!], toTurf: otherTurf!.id }, { actor })).rejects.toThrow(/is in no turf of campaign/);
    await expect(moveDoors(store, { addressIds: [moving[0]!], toTurf: t3!.id, fromTurf: t1!.id }, { actor })).rejects.toThrow(new RegExp(`door ${moving[0]} is not in turf ${t1!.id}`));
    await expect(moveDoors(store, { addressIds: moving, toTurf: t2!.id }, { actor })).rejects.toThrow(/already in turf/);
    // Merge: the second turf goes, numbers close up, the merged turf is walked again.
    await expect(mergeTurfs(store, t1!.id, a2Turf.id, { actor })).rejects.toThrow(/expected one area/);
    await expect(mergeTurfs(store, t1!.id, otherTurf!.id, { actor })).rejects.toThrow(/expected one campaign/);
    const assignment = await addAssignment(t.app, campaignId, t2!.id);
    await expect(mergeTurfs(store, t1!.id, t2!.id, { actor })).rejects.toThrow(new RegExp(`turf ${t2!.id} would be deleted but is assigned`));
    await fieldDb(store.db).updateTable('field_assignments').set({ ended_at: 1 }).where('id', '=', assignment).execute();
    const merged = await mergeTurfs(store, t1!.id, t2!.id, { actor });
    expect(merged).toEqual({ turfs: [{ id: t1!.id, number: 1, doors: 60, addresses: 60, version: 3 }], removed: [t2!.id] });
    turfs = await checkTurfs(t, campaignId, [...a1, ...a2]);
    expect(turfs.filter((x) => x.areaId === 'A1').map((x) => x.id)).toEqual([t1!.id, t3!.id, ...turfs.filter((x) => x.areaId === 'A1').slice(2).map((x) => x.id)]);
    // Split: the part with the first door keeps the id, the new parts take the next numbers.
    const split = await splitTurf(store, t1!.id, 3, { actor });
    expect(split.turfs.map((x) => x.number)).toEqual([1, 2, 3]);
    expect(split.turfs[0]!.id).toBe(t1!.id);
    expect(split.turfs.reduce((s, x) => s + x.addresses, 0)).toBe(60);
    turfs = await checkTurfs(t, campaignId, [...a1, ...a2]);
    expect(turfs.find((x) => x.id === t3!.id)!.number).toBe(4);
    expect((await readAudit(store.db, { action: 'field.turf.split' }))[0]).toMatchObject({ detail: { turf: t1!.id, into: split.turfs.map((x) => x.id) } });
    await expect(splitTurf(store, t1!.id, 1, { actor })).rejects.toThrow(/expected 2 to \d+ parts/);
    // Moving every door out of a turf deletes it.
    const last = split.turfs[2]!;
    const lastDoors = turfs.find((x) => x.id === last.id)!.doors;
    expect(await moveDoors(store, { addressIds: lastDoors, toTurf: t1!.id }, { actor })).toMatchObject({ removed: [last.id] });
    await checkTurfs(t, campaignId, [...a1, ...a2]);
  });

  it('runs concurrent edits of one area one after the other, losing no door and no version bump', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1 } = await setUp(t);
    const store = t.app.store;
    await cutAreaTurfs(store, { campaignId, areaId: 'A1', target: 20, actor });
    const [t1, t2, t3, t4, t5] = await checkTurfs(t, campaignId, a1);
    const edits = await Promise.allSettled([
      moveDoors(store, { addressIds: t1!.doors.slice(0, 2), toTurf: t2!.id }, { actor }),
      moveDoors(store, { addressIds: t2!.doors.slice(0, 2), toTurf: t1!.id }, { actor }),
      moveDoors(store, { addressIds: [t3!.doors[0]!], toTurf: t4!.id }, { actor }),
      moveDoors(store, { addressIds: [t4!.doors[0]!], toTurf: t3!.id }, { actor }),
      splitTurf(store, t5!.id, 2, { actor }),
    ]);
    expect(edits.map((e) => (e.status === 'rejected' ? String(e.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const after = await turfsOf(fieldDb(store.db), campaignId);
    expect(after).toHaveLength(7);
    expect([t1, t2, t3, t4, t5].map((x) => after.find((y) => y.id === x!.id)!.version)).toEqual([3, 3, 3, 3, 2]);
    expect([t1, t2, t3, t4].map((x) => after.find((y) => y.id === x!.id)!.addresses)).toEqual([20, 20, 20, 20]);
    await checkTurfs(t, campaignId, a1);
  });

  it('lists turfs with their progress and shows a walk list; a moved door counts in its new turf', async () => {
    t = await openTestApp(backend);
    const { campaignId, a1 } = await setUp(t);
    await cutAreaTurfs(t.app.store, { campaignId, areaId: 'A1', target: 60, actor });
    const db = fieldDb(t.app.store.db);
    const [t1, t2] = await turfsOf(db, campaignId);
    const detail = await turfDetail(db, t1!.id);
    expect(detail.doors.map((d) => d.seq)).toEqual(detail.doors.map((_, i) => i + 1));
    const door = detail.doors[0]!;
    expect(a1).toContain(door.addressId);
    expect(door).toMatchObject({ street: expect.stringMatching(/^rue /), doors: 1, state: null, lat: expect.any(Number), lon: expect.any(Number) });
    await addEvent(t.app, { campaignId, turfId: t1!.id, addressId: door.addressId, result: 'do_not_contact', at: 1 });
    await addEvent(t.app, { campaignId, turfId: t1!.id, addressId: door.addressId, result: 'contacted', at: 2 });
    expect((await turfDetail(db, t1!.id)).doors.find((d) => d.addressId === door.addressId)!.state).toEqual({ result: 'do_not_contact', dnc: true });
    expect((await turfsOf(db, campaignId))[0]).toMatchObject({ id: t1!.id, knocked: 1, contacts: 1, addresses: 60, doors: 60, version: 1 });
    await moveDoors(t.app.store, { addressIds: [door.addressId], toTurf: t2!.id }, { actor });
    const progress = await turfProgressOf(db, campaignId);
    expect(progress.map((p) => [p.turfId, p.addresses, p.knocked, p.attempts])).toEqual([[t1!.id, 59, 0, 0], [t2!.id, 61, 1, 2]]);
    await expect(turfDetail(db, 999_999)).rejects.toThrow(/turf 999999: no such turf/);
  });
});
