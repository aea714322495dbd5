import type { Command } from 'commander';
import { rebuildReach, reachDrift } from '../contacts/reach';
import { EXIT } from '../core/errors';
import { out, withApp } from './context';
import { GATE_REPAIR_NEEDED } from './contacts-needs';

/**
 * `hustings contacts gate [--repair]`: checks that the table the consent gate reads (kept by
 * database triggers) equals the rule recomputed from the ledger, suppressions and contact points;
 * --repair rebuilds it. Only needed after the triggers were bypassed (a data-only restore with
 * triggers disabled, a replica role, a hand edit).
 */
export function registerContactsGate(contacts: Command): void {
  contacts
    .command('gate')
    .description('check the consent gate\'s table against the rule (exits 1 if they differ); --repair rebuilds it')
    .option('--repair', 'rebuild the table from the rule when it differs')
    .option('--json', 'print {missing, extra, repaired}')
    .action(async (flags: { repair?: boolean; json?: boolean }, command: Command) => {
      const drift = await withApp(command, (app) => (flags.repair ? rebuildReach(app.store.db) : reachDrift(app.store.db)), { existing: flags.repair ? GATE_REPAIR_NEEDED : true });
      const differs = drift.missing > 0 || drift.extra > 0;
      const repaired = differs && Boolean(flags.repair);
      if (flags.json) out(JSON.stringify({ ...drift, repaired }));
      else if (!differs) out('The gate\'s table matches the rule.');
      else {
        out(`The gate's table differs from the rule: ${drift.missing} (purpose, channel, person) missing (left out wrongly), ${drift.extra} extra (let through wrongly).`);
        out(repaired ? 'Rebuilt from the rule.' : 'Run `hustings contacts gate --repair` to rebuild it, and find out what bypassed the triggers.');
      }
      if (differs && !repaired) process.exitCode = EXIT.failure;
    });
}
