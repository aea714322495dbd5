import type { Command } from 'commander';

/** Placeholder: filled in by the field work on teams. */
export function registerFieldTeams(field: Command): void {
  void field;
}
