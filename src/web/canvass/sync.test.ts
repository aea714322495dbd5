import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CanvassDb, discardFailed, recordEvent, resendWithoutAnswers, wipe } from './db';
import type { Fetch } from './http';
import { foldEvent, shown } from './state';
import type { LocalState } from './state';
import { applyPackage, BATCH, BATCH_BYTES, checkout, sync } from './sync';
import type { FieldEvent, FieldPackage, PackageTurf, ResultCode } from './types';

/**
 * A server that keeps the contract of docs/field-design.md in memory (ids with their content,
 * duplicates, rejections, the package), so that the phone's side can be driven through lost
 * answers and ended assignments. The real routes are exercised by test/browser-canvass.test.ts.
 */
class ContractServer {
  events = new Map<string, string>();
  requests: number[] = [];
  /** Store the batch, then lose the answer (the phone sees a network error). */
  loseNextAnswer = false;
  /** Bodies larger than this are refused with 413, as the server's body limit does. */
  maxBody = Infinity;
  pkg: FieldPackage = { user: 'cara', assignments: [], campaigns: [{ id: 1, name: 'c', script: { questions: [], consents: [] } }], turfs: [turf(10, 3)], ended: [] };

  fetch: Fetch = async (path, init) => {
    if (path === '/api/field/my') return Response.json(this.pkg);
    if (path === '/api/field/turfs/11/checkout') return Response.json({ error: 'held', holder: 'dora', expiresAt: '2026-11-29T18:00:00.000Z' }, { status: 409 });
    if (path.startsWith('/api/field/turfs/')) return Response.json({ expiresAt: Date.now() + 3_600_000 });
    if (new TextEncoder().encode(String(init?.body)).length > this.maxBody) return Response.json({ error: 'body: expected at most 2 MB of JSON' }, { status: 413 });
    const { events } = JSON.parse(String(init?.body)) as { events: FieldEvent[] };
    this.requests.push(events.length);
    const answer = { stored: [] as string[], duplicates: [] as string[], rejected: [] as { id: string; error: string }[] };
    for (const e of events) {
      const body = JSON.stringify(e);
      if (e.addressId < 0) answer.rejected.push({ id: e.id, error: 'unknown door' });
      else if (!this.events.has(e.id)) {
        this.events.set(e.id, body);
        answer.stored.push(e.id);
      }      else if (this.events.get(e.id) === body) answer.duplicates.push(e.id);
      else answer.rejected.push({ id: e.id, error: 'id reused' });
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('Failed to fetch');
    }
    return Response.json(answer);
  };
}

function turf(id: number, doors: number, expiresAt: number | null = Date.now() + 3_600_000): PackageTurf {
  return {
    id,
    campaignId: 1,
    number: id,
    lock: expiresAt === null ? null : { user: 'cara', expiresAt },
    doors: Array.from({ length: doors }, (_, i) => ({ addressId: id * 100 + i, seq: i + 1, street: 'rue Haute', number: String(i + 1), lat: 43.6, lon: 3.87, doors: 1, state: null, people: [{ id: id * 100 + i, givenName: 'Ann', familyName: `Door${i}` }] })),
  };
}

let n = 0;
function event(turfId: number, addressId: number, result: ResultCode, at = 1_000 + n): FieldEvent {
  n += 1;
  return { id: crypto.randomUUID(), campaignId: 1, turfId, addressId, personId: null, result, at };
}

describe('the phone store and its sync', () => {
  let db: CanvassDb;
  let server: ContractServer;

  beforeEach(async () => {
    db = new CanvassDb(`t-${crypto.randomUUID()}`);
    server = new ContractServer();
    await db.session.put({ key: 'me', user: 'cara', role: 'canvasser', csrf: 'x', device: 'phone-1' });
    await applyPackage(db, server.pkg);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('sends the outbox in batches of at most 200 and empties it', async () => {
    for (let i = 0; i < 450; i++) await recordEvent(db, event(10, 1000 + i, 'not_home'));
    const report = await sync(db, server.fetch);
    expect(server.requests).toEqual([BATCH, BATCH, 50]);
    expect(report.stored).toBe(450);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.meta.get('sync'))?.lastError).toBeNull();
  });

  it('sends long notes in smaller batches: by bytes, and halved when the server says a body is too large', async () => {
    // 200 visits with a 10,000-byte note each: 2 MB of JSON in one batch of 200.
    const note = 'é'.repeat(5_000);
    for (let i = 0; i < 200; i++) await recordEvent(db, { ...event(10, 1000 + i, 'contacted'), answers: { note } });
    server.maxBody = 600_000;
    const report = await sync(db, server.fetch);
    expect(report.stored).toBe(200);
    expect(await db.outbox.count()).toBe(0);
    // Batches of at most BATCH_BYTES, then halved after each 413 until they fit the server's limit.
    const perBatch = Math.floor(BATCH_BYTES / 10_000);
    expect(server.requests[0]).toBeLessThanOrEqual(perBatch);
    expect(Math.max(...server.requests)).toBeLessThanOrEqual(60);
    expect(server.requests.reduce((a, b) => a + b, 0)).toBe(200);
    // One event the server refuses at any size goes to the failed list with the reason; the rest still go.
    server.maxBody = 5_000;
    await recordEvent(db, { ...event(10, 2000, 'contacted'), answers: { note } });
    await recordEvent(db, event(10, 2001, 'not_home'));
    const second = await sync(db, server.fetch);
    expect(second).toMatchObject({ stored: 1, rejected: 1 });
    expect((await db.failed.toArray()).map((f) => f.error)).toEqual(['body: expected at most 2 MB of JSON']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends a batch again when its answer was lost, and the server ends with each event once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = event(10, 1000 + i, 'refused');
      ids.push(e.id);
      await recordEvent(db, e);
    }
    server.loseNextAnswer = true;
    await expect(sync(db, server.fetch)).rejects.toThrow('Failed to fetch');
    expect(await db.outbox.count()).toBe(5); // stored on the server, but the phone cannot know
    expect((await db.meta.get('sync'))?.lastError).toBe('Failed to fetch');
    const report = await sync(db, server.fetch);
    expect(report).toMatchObject({ stored: 0, duplicates: 5 });
    expect(await db.outbox.count()).toBe(0);
    expect([...server.events.keys()].sort()).toEqual(ids.sort());
  });

  it('keeps rejected events in the failed list, with the reason', async () => {
    const bad = event(10, -5, 'contacted');
    await recordEvent(db, bad);
    await recordEvent(db, event(10, 1001, 'moved'));
    const report = await sync(db, server.fetch);
    expect(report).toMatchObject({ stored: 1, rejected: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.failed.get(bad.id)).toMatchObject({ error: 'unknown door', turfId: 10 });
  });

  it('sends a refused record again as a new event without its answers, or gives it up, at the canvasser\'s choice', async () => {
    const bad = { ...event(10, -5, 'contacted'), answers: { q1: 'gone from the script' } };
    await recordEvent(db, bad);
    await recordEvent(db, event(10, -6, 'moved'));
    await sync(db, server.fetch);
    expect(await db.failed.count()).toBe(2);
    await resendWithoutAnswers(db, bad.id);
    const [again] = await db.outbox.toArray();
    expect(again).toMatchObject({ campaignId: bad.campaignId, turfId: 10, addressId: -5, result: 'contacted', at: bad.at });
    expect(again!.id).not.toBe(bad.id);
    expect(again!.answers).toBeUndefined();
    expect(await db.failed.get(bad.id)).toBeUndefined();
    const other = (await db.failed.toArray())[0]!;
    await discardFailed(db, other.id);
    expect(await db.failed.count()).toBe(0);
  });

  it('shows the door state by the server rule: latest (at, id), do not contact sticky', async () => {
    await recordEvent(db, event(10, 1000, 'not_home', 5));
    await recordEvent(db, event(10, 1000, 'do_not_contact', 6));
    await recordEvent(db, event(10, 1000, 'contacted', 7));
    await recordEvent(db, event(10, 1001, 'contacted', 9));
    await recordEvent(db, event(10, 1001, 'come_back', 8)); // older: does not win
    expect(shown(await db.states.get([1, 1000]))).toBe('do_not_contact');
    expect(shown(await db.states.get([1, 1001]))).toBe('contacted');
  });

  it('folds events to the same state in any order', () => {
    const events = [
      { id: 'b', at: 2, result: 'contacted' as const },
      { id: 'a', at: 2, result: 'refused' as const },
      { id: 'c', at: 1, result: 'do_not_contact' as const },
      { id: 'd', at: 3, result: 'not_home' as const },
    ];
    const orders = [events, [...events].reverse(), [events[2]!, events[0]!, events[3]!, events[1]!]];
    const states = orders.map((o) => o.reduce<LocalState | null>((s, e) => foldEvent(s, e), null));
    for (const s of states) expect(s).toEqual({ latest: 'not_home', at: 3, eventId: 'd', dnc: true });
    expect(foldEvent(foldEvent(null, events[1]!), events[0]!).latest).toBe('contacted'); // same time: the greater id wins
  });

  it('drops people the package no longer gives, and a turf whose assignment ended once its outbox is sent', async () => {
    await recordEvent(db, event(10, 1001, 'not_home'));
    server.pkg = { ...server.pkg, turfs: [{ ...turf(10, 3), doors: turf(10, 3).doors.map((d) => (d.addressId === 1002 ? { ...d, people: [] } : d)) }] };
    await sync(db, server.fetch);
    expect((await db.doors.get([10, 1002]))?.people).toEqual([]);
    expect((await db.doors.get([10, 1001]))?.people).toHaveLength(1);

    await recordEvent(db, event(10, 1000, 'contacted'));
    server.pkg = { ...server.pkg, turfs: [], ended: [10] };
    await applyPackage(db, server.pkg); // the pull alone, with a record still waiting: the turf stays
    expect(await db.turfs.get(10)).toMatchObject({ ended: 1 });
    expect(await db.doors.where('turfId').equals(10).count()).toBe(3);
    const report = await sync(db, server.fetch);
    expect(report.removed).toEqual([10]);
    for (const t of [db.turfs, db.doors, db.states, db.outbox, db.failed, db.campaigns]) expect(await t.count()).toBe(0);
  });

  it('stores doors only for turfs checked out on this phone; a held turf says by whom and until when', async () => {
    server.pkg = { ...server.pkg, turfs: [turf(10, 3), turf(11, 4, null), turf(12, 2, null)] };
    await sync(db, server.fetch);
    expect(await db.doors.where('turfId').equals(11).count()).toBe(0);
    expect(await checkout(db, server.fetch, 11)).toEqual({ ok: false, error: 'held', holder: 'dora', expiresAt: Date.parse('2026-11-29T18:00:00.000Z') });
    expect(await checkout(db, server.fetch, 12)).toMatchObject({ ok: true });
    expect(await db.doors.where('turfId').equals(12).count()).toBe(2);
    await wipe(db);
    for (const t of db.all()) expect(await t.count()).toBe(0);
  });
});
