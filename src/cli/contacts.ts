import type { Command } from 'commander';
import { registerContactsImport } from './contacts-import';

/** `hustings contacts …`: the supporter and voter database, with consent, rights, retention. */
export function registerContacts(program: Command): void {
  const contacts = program.command('contacts').description('contacts: people, consent ledger, imports, segments, exports, data-subject rights, retention');
  registerContactsImport(contacts);
}
