import { randomUUID } from 'node:crypto';
import type { App } from '../app/open';
import { createRandom } from '../core/random';
import type { Random } from '../core/random';
import type { Script } from '../field/campaigns';
import type { FieldEventInput, PackageDoor } from '../field/sync';
import { applySync, MAX_BATCH, packageFor } from '../field/sync';
import { fieldDb } from '../field/tables';

/** How often each result comes up at a door in the demo (rough shares of a real Saturday morning). */
const RESULTS: Readonly<Record<FieldEventInput['result'], number>> = {
  not_home: 0.45,
  contacted: 0.36,
  refused: 0.1,
  come_back: 0.06,
  moved: 0.02,
  do_not_contact: 0.01,
};

/**
 * SYNTHETIC door knocks: each canvasser downloads their package (the gated path the phone uses),
 * knocks about two doors in three of their turfs, and sends the events through the real sync.
 * Returns the number of events stored.
 */
export async function knockDemoDoors(app: App, users: readonly string[], seed: number): Promise<number> {
  const db = fieldDb(app.store.db);
  const random = createRandom(seed);
  const start = Date.now() - 3 * 3600_000;
  let stored = 0;
  for (const user of users) {
    const pkg = await packageFor(db, user);
    const scripts = new Map(pkg.campaigns.map((c) => [c.id, c.script]));
    const events: FieldEventInput[] = [];
    for (const turf of pkg.turfs) {
      for (const door of turf.doors) {
        if (random.next() > 0.66) continue;
        events.push(knock(random, turf.campaignId, turf.id, door, scripts.get(turf.campaignId)!, start + events.length * 90_000));
      }
    }
    for (let i = 0; i < events.length; i += MAX_BATCH) {
      const r = await applySync({ db: app.store.db, dialect: app.store.dialect }, { name: user, role: 'canvasser' }, `demo-phone-${user}`, events.slice(i, i + MAX_BATCH));
      stored += r.stored.length;
    }
  }
  return stored;
}

function knock(random: Random, campaignId: number, turfId: number, door: PackageDoor, script: Script, at: number): FieldEventInput {
  const result = random.weighted(RESULTS);
  const person = door.people[0];
  const base = { id: randomUUID(), campaignId, turfId, addressId: door.addressId, personId: person && result !== 'not_home' ? person.id : null, result, at };
  if (result !== 'contacted') return base;
  return { ...base, answers: answers(random, script) };
}

function answers(random: Random, script: Script): Record<string, string | string[] | number> {
  const out: Record<string, string | string[] | number> = {};
  for (const q of script.questions) {
    if (random.next() < 0.1) continue;
    if (q.kind === 'single') out[q.id] = q.options[random.int(q.options.length)]!.id;
    else if (q.kind === 'multiple') out[q.id] = q.options.filter(() => random.next() < 0.35).map((o) => o.id);
    else if (q.kind === 'scale') out[q.id] = q.min + random.int(q.max - q.min + 1);
  }
  return out;
}
