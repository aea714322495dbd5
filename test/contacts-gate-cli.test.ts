import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { countSegment } from '../src/contacts/segments/count';
import { contactsDb } from '../src/contacts/tables';
import { backends } from './support/backends';
import { runCli } from './support/cli';
import { addConsents, addPeople } from './support/contacts-people';

/**
 * `hustings contacts gate`: the table the gate reads is checked against the rule and rebuilt
 * after something bypassed the triggers (here: rows of reach deleted and one added by hand).
 */
for (const backend of backends()) {
  describe(`hustings contacts gate on ${backend.name}`, () => {
    let app: App;
    let db: string;
    let dir: string;
    let cleanup: () => Promise<void>;
    const use = { purpose: 'newsletter', channel: 'email' } as const;
    const count = (): Promise<number> => countSegment(contactsDb(app.store.db), { condition: { all: [] }, use, scope: { kind: 'all' }, now: 1 });

    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      db = fresh.config.databaseUrl ?? fresh.config.sqlitePath;
      dir = fresh.dir;
      app = await openApp(fresh.config);
      const ids = await addPeople(app.store.db, [{ emails: ['a@example.org'] }, { emails: ['b@example.org'] }, { emails: ['c@example.org'] }, {}]);
      await addConsents(app.store.db, ids.map((personId) => ({ personId, ...use, granted: true, at: 1 })));
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('reports a table that matches, one that drifted (exit 1), and rebuilds it with --repair', async () => {
      const gate = (...args: string[]) => runCli(['--db', db, '--data-dir', dir, 'contacts', 'gate', ...args], { env: { DATABASE_URL: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
      expect(await count()).toBe(3); // the fourth person has no e-mail address
      let r = await gate('--json');
      expect([r.code, JSON.parse(r.stdout)]).toEqual([0, { missing: 0, extra: 0, repaired: false }]);

      // Bypass the triggers: two people dropped from the table, the one without an e-mail added.
      const ids = (await sql<{ id: number }>`SELECT id FROM people ORDER BY id`.execute(app.store.db)).rows.map((x) => Number(x.id));
      await sql`DELETE FROM reach WHERE person_id IN (${ids[0]}, ${ids[1]})`.execute(app.store.db);
      await sql`INSERT INTO reach (purpose, channel, person_id) VALUES ('newsletter', 'email', ${ids[3]})`.execute(app.store.db);
      expect(await count()).toBe(2);

      r = await gate();
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/differs from the rule: 2 .* missing .*, 1 extra/);
      expect(r.stdout).toMatch(/--repair/);
      r = await gate('--repair', '--json');
      expect([r.code, JSON.parse(r.stdout)]).toEqual([0, { missing: 2, extra: 1, repaired: true }]);
      r = await gate();
      expect([r.code, r.stdout.trim()]).toEqual([0, "The gate's table matches the rule."]);
      expect(await count()).toBe(3);
    });
  });
}
