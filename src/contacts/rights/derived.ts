import type { ContactsDb } from '../tables';

/**
 * Person data held by modules built on contacts (the field module's door events, its canvassers):
 * each registers how to erase, merge and hand over what it holds about people, so that an
 * erasure, a review merge or an access request reaches it without contacts knowing those modules. A module
 * registers when its schema module is loaded, which every process that migrates the store does.
 */
export interface DerivedPersonData {
  /** The name in erasure counts and access exports, e.g. `field_events`. */
  readonly name: string;
  /** Inside the erasure's transaction: removes or unlinks the people's data; returns rows touched. */
  erase(trx: ContactsDb, ids: readonly number[]): Promise<number>;
  /** Inside a review merge's transaction: moves what is held about `dup` to `keep`, who `dup` turned out to be. */
  merge(trx: ContactsDb, keep: number, dup: number): Promise<void>;
  /** Everything held about one person, as JSON-able rows. */
  access(db: ContactsDb, id: number): Promise<unknown[]>;
}

const registered = new Map<string, DerivedPersonData>();

export function registerPersonData(data: DerivedPersonData): void {
  registered.set(data.name, data);
}

export function derivedPersonData(): readonly DerivedPersonData[] {
  return [...registered.values()];
}
