import type { Command } from 'commander';

/** Placeholder: filled in by the field work on addresses. */
export function registerFieldAddresses(field: Command): void {
  void field;
}
