import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { AGE_BANDS, ageBand } from '../src/contacts/normalise';
import { countSegment } from '../src/contacts/segments/count';
import { parseWhere } from '../src/contacts/segments/definition';
import { contactsDb } from '../src/contacts/tables';
import { addPeople } from './support/contacts-people';
import { backends } from './support/backends';

const NOW = Date.parse('2026-11-29T12:00:00Z');

for (const backend of backends()) {
  describe(`age-band segments on ${backend.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      app = await openApp(fresh.config);
      await addPeople(app.store.db, Array.from({ length: 100 }, (_, i) => ({ givenName: `P${i}`, birthYear: 1920 + i })));
    });
    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('counts each band as ageBand assigns people to it, in the database', async () => {
      for (const band of AGE_BANDS) {
        const expected = Array.from({ length: 100 }, (_, i) => 1920 + i).filter((y) => ageBand(y, new Date(NOW)) === band).length;
        expect(await countSegment(contactsDb(app.store.db), { condition: { ageBand: [band] }, scope: { kind: 'all' }, now: NOW }), band).toBe(expected);
      }
      expect(await countSegment(contactsDb(app.store.db), { condition: parseWhere('age_band=18-24,65+'), scope: { kind: 'all' }, now: NOW })).toBe(7 + 42);
      expect(() => parseWhere('age_band=16-20')).toThrow(/age_band/);
    });
  });
}
