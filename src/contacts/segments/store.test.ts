import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends';
import { addConsents, addPeople, addSuppressions } from '../../../test/support/contacts-people';
import type { App } from '../../app/open';
import { openApp } from '../../app/open';
import { InputError } from '../../core/errors';
import { contactsDb } from '../tables';
import type { PeopleEb } from '../gate';
import { compileCondition } from './compile';
import { countSegment, segmentPeople } from './count';
import type { Condition } from './definition';
import { nameIds } from './names';
import { deleteSegment, getSegment, listSegments, saveSegment } from './store';

const NOW = 1_700_000_000_000;

for (const backend of backends()) {
  describe(`segments on ${backend.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    let ids: number[];

    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      app = await openApp(fresh.config);
      ids = await addPeople(app.store.db, [
        { givenName: 'Anne', support: 5, area: 'a1', tags: ['volunteer'], emails: ['anne@example.org'], fields: { interest: 'ecology', member_since: 2019 } },
        { givenName: 'Bruno', support: 4, area: 'a2', tags: ['volunteer'], emails: ['bruno@example.org'], fields: { interest: 'housing' } },
        { givenName: 'Chloé', support: 2, area: 'a1', emails: ['chloe@example.org'], fields: { member_since: 2022 } },
        { givenName: 'Denis', support: 5, area: 'a1', tags: ['volunteer'] },
      ]);
      await addConsents(app.store.db, ids.map((personId) => ({ personId, purpose: 'newsletter', channel: 'email', granted: true, at: 1 })));
      await addSuppressions(app.store.db, [{ personId: ids[1]!, channel: '*' }]);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('saves, replaces, lists, reads and deletes segments', async () => {
      const db = contactsDb(app.store.db);
      const alice = { name: 'alice', role: 'organiser' };
      const bob = { name: 'bob', role: 'admin' };
      const carol = { name: 'carol', role: 'organiser' };
      const first = await saveSegment(db, { name: 'keen', condition: { support: { gte: 4 } }, actor: alice }, NOW);
      const again = await saveSegment(db, { name: 'keen', condition: { all: [{ support: { gte: 4 } }, { tag: 'volunteer' }] }, actor: bob }, NOW + 1);
      expect(again.id).toBe(first.id);
      // Bob (an admin) replaced Alice's; Carol, an organiser, may not replace Bob's.
      await expect(saveSegment(db, { name: 'keen', condition: { all: [] }, actor: carol })).rejects.toThrow(/saved by bob: only they or an admin may replace it/);
      // Nor save a look-alike beside it: spaces around a name are no part of it, and one spelling per name.
      await expect(saveSegment(db, { name: 'keen ', condition: { all: [] }, actor: carol })).rejects.toThrow(/saved by bob: only they or an admin may replace it/);
      await expect(saveSegment(db, { name: 'Keen', condition: { all: [] }, actor: carol })).rejects.toThrow('segment name: "Keen" differs only by case from the segment "keen"; save it under that name or another');
      await saveSegment(db, { name: 'eco', condition: { field: 'interest', op: 'eq', value: 'ecology' }, actor: alice }, NOW);
      expect((await listSegments(db)).map((s) => [s.name, s.createdBy])).toEqual([['eco', 'alice'], ['keen', 'bob']]);
      expect((await getSegment(db, 'keen')).condition).toEqual({ all: [{ support: { gte: 4 } }, { tag: 'volunteer' }] });
      await expect(saveSegment(db, { name: 'bad', condition: { support: 'high' }, actor: alice })).rejects.toBeInstanceOf(InputError);
      await expect(saveSegment(db, { name: '', condition: { tag: 'x' }, actor: alice })).rejects.toBeInstanceOf(InputError);
      expect(await deleteSegment(db, 'eco')).toBe(true);
      expect(await deleteSegment(db, 'eco')).toBe(false);
      await expect(getSegment(db, 'eco')).rejects.toThrow(/no such segment; saved: keen/);
    });

    it('counts in the database, within the scope, and through the gate for a use', async () => {
      const db = contactsDb(app.store.db);
      const condition = { all: [{ support: { gte: 4 } }, { tag: 'volunteer' }] };
      const all = { kind: 'all' } as const;
      expect(await countSegment(db, { condition, scope: all, now: NOW })).toBe(3);
      expect(await countSegment(db, { condition, scope: { kind: 'areas', areas: ['a1'] }, now: NOW })).toBe(2);
      expect(await countSegment(db, { condition, scope: { kind: 'none' }, now: NOW })).toBe(0);
      // Bruno is suppressed, Denis has no email.
      expect(await countSegment(db, { condition, use: { purpose: 'newsletter', channel: 'email' }, scope: all, now: NOW })).toBe(1);
      expect(await countSegment(db, { condition: { field: 'member_since', op: 'gte', value: 2020 }, scope: all, now: NOW })).toBe(1);
      const page = await segmentPeople(db, { condition, scope: all, now: NOW }, { limit: 2, offset: 1 });
      expect(page.map((p) => [p.id, p.givenName])).toEqual([[ids[1], 'Bruno'], [ids[3], 'Denis']]);
    });

    it('matches tags and fields by id as it would by name, and an unknown name matches no one', async () => {
      const db = contactsDb(app.store.db);
      const all = { kind: 'all' } as const;
      const byName = async (condition: Condition): Promise<number> => {
        const row = await db
          .selectFrom('people as p')
          .where((eb: PeopleEb) => compileCondition(eb, condition, NOW))
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const cases: [Condition, number][] = [
        [{ tag: 'volunteer' }, 3],
        [{ tag: 'nobody-has-this' }, 0],
        [{ tag: 'Volunteer' }, 3], // tags are stored lower-case: the condition is read so too
        [{ not: { tag: 'nobody-has-this' } }, 4],
        [{ any: [{ tag: 'nobody-has-this' }, { field: 'interest', op: 'eq', value: 'housing' }] }, 1],
        [{ field: 'no-such-field', op: 'exists' }, 0],
        [{ all: [{ tag: 'volunteer' }, { not: { field: 'interest', op: 'exists' } }] }, 1],
        // No one here has a recorded gender or language: "not female" is everyone, not no one.
        [{ gender: ['female'] }, 0],
        [{ not: { gender: ['female'] } }, 4],
        [{ not: { language: ['fr'] } }, 4],
        [{ not: { area: ['a2'] } }, 3],
        [{ not: { birthYear: { lte: 1990 } } }, 4],
        [{ not: { support: { gte: 4 } } }, 1],
      ];
      for (const [condition, expected] of cases) {
        expect(await countSegment(db, { condition, scope: all, now: NOW })).toBe(expected);
        expect(await byName(condition)).toBe(expected);
      }
      const ids = await nameIds(db, { all: [{ tag: 'volunteer' }, { tag: 'nobody-has-this' }, { not: { field: 'interest', op: 'exists' } }] });
      expect([...ids.tags.keys()]).toEqual(['volunteer']);
      expect([...ids.fields.keys()]).toEqual(['interest']);
    });
  });
}
