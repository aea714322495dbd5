import type { Command } from 'commander';

/** Placeholder: filled in by the field work on campaigns. */
export function registerFieldCampaigns(field: Command): void {
  void field;
}
