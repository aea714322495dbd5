import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app/open';
import { openApp } from '../src/app/open';
import { InputError } from '../src/core/errors';
import type { RoundResults } from '../src/elections';
import { listElections, loadRound, readRound, saveRound } from '../src/elections';
import { backends } from './support/backends';

const FIXTURES = join(import.meta.dirname, '..', 'data', 'elections');
const FIN1 = join(FIXTURES, 'fr-legislatives-2024-finistere-circ2-3-by-station-tour1.csv');
const FIN2 = join(FIXTURES, 'fr-legislatives-2024-finistere-circ2-3-by-station-tour2.csv');
const HER1 = join(FIXTURES, 'fr-legislatives-2022-herault-first-40-stations-1er-tour.json');

for (const backend of backends()) {
  describe(`election results store on ${backend.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    let tour1: RoundResults;
    let tour2: RoundResults;

    beforeAll(async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      app = await openApp(fresh.config);
      [tour1, tour2] = [(await readRound(FIN1)).round, (await readRound(FIN2)).round];
    });

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('gives back exactly what was stored, bad lines included', async () => {
      const withBad = { ...tour1, bad: [{ line: 7, message: 'unit 29-1-7: column Voix 3 "x" is not a number; the unit is skipped' }] };
      await saveRound(app.store.db, { election: 'fin24', round: 1, name: 'Législatives 2024', source: 'tour1.csv' }, withBad, 1_700_000_000_000);
      await saveRound(app.store.db, { election: 'fin24', round: 2, source: 'tour2.csv' }, tour2, 1_700_000_100_000);
      expect(await loadRound(app.store.db, 'fin24', 1)).toEqual(withBad);
      expect(await loadRound(app.store.db, 'fin24', 2)).toEqual(tour2);
      const json = (await readRound(HER1)).round;
      await saveRound(app.store.db, { election: 'her22', round: 1 }, json);
      expect(await loadRound(app.store.db, 'her22', 1)).toEqual(json);
    });

    it('lists elections with their rounds', async () => {
      const list = await listElections(app.store.db);
      expect(list.map((e) => e.id)).toEqual(['fin24', 'her22']);
      expect(list[0]).toEqual({
        id: 'fin24',
        name: 'Législatives 2024',
        rounds: [
          { round: 1, format: 'fr-ministry', source: 'tour1.csv', importedAt: 1_700_000_000_000, units: 201, options: 21, bad: 1 },
          { round: 2, format: 'fr-ministry', source: 'tour2.csv', importedAt: 1_700_000_100_000, units: 201, options: 8, bad: 0 },
        ],
      });
    });

    it('replaces a round on re-import, and keeps the old one whole when the new one fails', async () => {
      const smaller: RoundResults = { ...tour2, units: tour2.units.slice(0, 5) };
      await saveRound(app.store.db, { election: 'fin24', round: 2, source: 'again.csv' }, smaller);
      expect((await loadRound(app.store.db, 'fin24', 2)).units).toHaveLength(5);
      // Two units with one code break the unique key half-way through the writes: nothing changes.
      const broken: RoundResults = { ...tour2, units: [...tour2.units, tour2.units[0]!] };
      await expect(saveRound(app.store.db, { election: 'fin24', round: 2 }, broken)).rejects.toThrow();
      expect(await loadRound(app.store.db, 'fin24', 2)).toEqual(smaller);
      const rounds = (await listElections(app.store.db))[0]!.rounds;
      expect(rounds.map((r) => [r.round, r.units, r.source])).toEqual([[1, 201, 'tour1.csv'], [2, 5, 'again.csv']]);
    });

    it('lets concurrent imports of one round finish one after the other, leaving one of them whole', async () => {
      const a: RoundResults = { ...tour1, units: tour1.units.slice(0, 50) };
      const b: RoundResults = { ...tour1, units: tour1.units.slice(50) };
      await Promise.all([1, 2, 3].flatMap(() => [saveRound(app.store.db, { election: 'race', round: 1 }, a), saveRound(app.store.db, { election: 'race', round: 1 }, b)]));
      const stored = await loadRound(app.store.db, 'race', 1);
      expect([a, b]).toContainEqual(stored);
    });

    it('says what is stored when a round is missing', async () => {
      await expect(loadRound(app.store.db, 'fin24', 3)).rejects.toThrow(new InputError('no round 3 of election "fin24" is stored (stored rounds: 1, 2)'));
      await expect(loadRound(app.store.db, 'nope', 1)).rejects.toThrow('(stored elections: fin24, her22, race)');
      await expect(saveRound(app.store.db, { election: 'x', round: 0 }, tour2)).rejects.toThrow(InputError);
    });
  });
}
