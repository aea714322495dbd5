import type { Command } from 'commander';

/** Placeholder: filled in by the field work on turfs. */
export function registerFieldTurfs(field: Command): void {
  void field;
}
