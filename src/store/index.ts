export type { AnyDb, DialectName, Store, StoreLocation } from './db';
export { isPostgres, MAX_INTEGER, openStore, redactUrl, urlScheme } from './db';
export type { ModuleMigrations } from './migrate';
export { isMissingTable, migrate, pendingMigrations } from './migrate';
export { bindPseudonymKey, boundPseudonymKey, checkPseudonymKey, coreMigrations, getMeta } from './meta';
export type { TableBuilder } from './schema';
export { createIndex, createTable, isUniqueViolation } from './schema';
