import type { Command } from 'commander';
import { MIGRATIONS } from '../app/open';
import { resolveConfig } from '../core/config';
import { migrate, openStore } from '../store';
import type { GlobalFlags } from './context';
import { out } from './context';

/**
 * `hustings migrate`: applies this version's pending migrations, and does nothing else (no key
 * loaded or bound). Every other command but `status` applies them when it opens the store; this
 * one is for doing it alone, before a status or before starting the server and workers.
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description("apply this version's pending migrations to the store, making it where there is none (every command but status applies them too when it opens the store)")
    .option('--json', 'print as JSON: {store, dialect, applied}')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalFlags>();
      const config = resolveConfig({ db: global.db, dataDir: global.dataDir });
      const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        const applied = await migrate(store.db, MIGRATIONS, store.dialect);
        if (flags.json) return out(JSON.stringify({ store: store.label, dialect: store.dialect, applied }));
        out(`Store: ${store.label} (${store.dialect})`);
        out(applied.length ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}` : 'Up to date: no migration to apply');
      } finally {
        await store.close();
      }
    });
}
