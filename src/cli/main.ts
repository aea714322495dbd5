import { Command, CommanderError } from 'commander';
import { describeError, EXIT, exitCodeFor } from '../core/errors';
import { registerAudit } from './audit';
import { registerContacts } from './contacts';
import { registerDemo } from './demo';
import { registerElections } from './elections';
import { registerField } from './field';
import { registerListen } from './listen';
import { registerMigrate } from './migrate';
import { registerServe } from './serve';
import { registerStatus } from './status';
import { registerUsers } from './users';
import { registerWorker } from './worker';

export function buildProgram(): Command {
  const program = new Command('hustings')
    .description('hustings: privacy-first political data platform')
    .version('0.1.0')
    .option('--db <path|url>', 'SQLite file or postgres:// URL (default: $DATABASE_URL, else $HUSTINGS_DB, else ./hustings.db)')
    .option('--data-dir <dir>', 'folder holding the pseudonym key (default: $HUSTINGS_DATA_DIR, else beside the SQLite file)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerListen(program);
  registerStatus(program);
  registerMigrate(program);
  registerDemo(program);
  registerServe(program);
  registerUsers(program);
  registerWorker(program);
  registerElections(program);
  registerAudit(program);
  registerContacts(program);
  registerField(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage or configuration, 3 input). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`hustings: ${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}
