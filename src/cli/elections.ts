import type { Command } from 'commander';
import { registerElectionsImport } from './elections-import';
import { registerElectionsTurnout } from './elections-turnout';

/** `hustings elections …`: polling-station results, turnout, vote transfers, projections, priority areas. */
export function registerElections(program: Command): void {
  const elections = program
    .command('elections')
    .description('elections: polling-station results, turnout, vote transfers between rounds, projections, priority areas');
  void elections;
  registerElectionsImport(elections);
  registerElectionsTurnout(elections);
}
