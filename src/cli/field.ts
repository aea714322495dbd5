import type { Command } from 'commander';
import { registerFieldAddresses } from './field-addresses';
import { registerFieldCampaigns } from './field-campaigns';
import { registerFieldProgress } from './field-progress';
import { registerFieldTeams } from './field-teams';
import { registerFieldTurfs } from './field-turfs';

/** `hustings field …`: door-to-door campaigns — addresses, turfs, canvassers, scripts, progress. */
export function registerField(program: Command): void {
  const field = program.command('field').description('field: door-to-door — addresses, turfs and walk lists, canvasser teams, scripts, progress');
  registerFieldAddresses(field);
  registerFieldCampaigns(field);
  registerFieldTurfs(field);
  registerFieldTeams(field);
  registerFieldProgress(field);
}
