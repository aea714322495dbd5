import { fieldDb } from '../../field/tables';
import type { FieldDb } from '../../field/tables';
import type { Routes } from './define';
import type { ContactsServerDeps } from './contacts-context';
import { ContactsContext } from './contacts-context';
import { fieldAddressRoutes } from './field-addresses';
import { fieldCampaignRoutes } from './field-campaigns';
import { fieldProgressRoutes } from './field-progress';
import { fieldSyncRoutes } from './field-sync';
import { fieldTeamRoutes } from './field-teams';
import { fieldTurfRoutes } from './field-turfs';

/** Per-request helpers of the field routes: the contacts helpers (user, scope, audit) and the field tables. */
export class FieldContext extends ContactsContext {
  readonly field: FieldDb;

  constructor(deps: ContactsServerDeps) {
    super(deps);
    this.field = fieldDb(deps.db);
  }
}

/** Door-to-door: addresses, campaigns and scripts, turfs, canvassers and teams, the phones' sync, progress. */
export function fieldRoutes(routes: Routes, deps: ContactsServerDeps): void {
  const cx = new FieldContext(deps);
  fieldAddressRoutes(routes, cx);
  fieldCampaignRoutes(routes, cx);
  fieldTurfRoutes(routes, cx);
  fieldTeamRoutes(routes, cx);
  fieldSyncRoutes(routes, cx);
  fieldProgressRoutes(routes, cx);
}
