import type { Command } from 'commander';
import { registerAnalyses } from './elections-analyse';
import { registerElectionsImport } from './elections-import';
import { registerElectionsTurnout } from './elections-turnout';
import { registerProject } from './elections-project';
import { registerTransfers } from './elections-transfers';

/** `hustings elections …`: polling-station results, turnout, vote transfers, projections, priority areas. */
export function registerElections(program: Command): void {
  const elections = program
    .command('elections')
    .description('elections: polling-station results, turnout, vote transfers between rounds, projections, priority areas');
  registerElectionsImport(elections);
  registerElectionsTurnout(elections);
  registerTransfers(elections);
  registerProject(elections);
  registerAnalyses(elections);
}
