import type { Command } from 'commander';

/** Placeholder: filled in by the field work on progress. */
export function registerFieldProgress(field: Command): void {
  void field;
}
