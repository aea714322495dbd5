import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program.command('demo').description('generate a synthetic corpus and ingest it').action(() => undefined);
}
