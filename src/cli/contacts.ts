import type { Command } from 'commander';
import { registerContactsExport } from './contacts-export';
import { registerContactsGate } from './contacts-gate';
import { registerContactsHistory } from './contacts-history';
import { registerContactsImport } from './contacts-import';
import { registerContactsImports } from './contacts-imports';
import { registerContactsLists } from './contacts-lists';
import { registerContactsRetention } from './contacts-retention';
import { registerContactsRights } from './contacts-rights';
import { registerContactsSegments } from './contacts-segments';

/** `hustings contacts …`: the supporter and voter database, with consent, rights, retention. */
export function registerContacts(program: Command): void {
  const contacts = program.command('contacts').description('contacts: people, consent ledger, imports, segments, exports, data-subject rights, retention');
  registerContactsImport(contacts);
  registerContactsImports(contacts);
  registerContactsSegments(contacts);
  registerContactsExport(contacts);
  registerContactsRights(contacts);
  registerContactsRetention(contacts);
  registerContactsHistory(contacts);
  registerContactsLists(contacts);
  registerContactsGate(contacts);
}
