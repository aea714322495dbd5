export type { ImportCounts, ImportDeps, ImportOptions, ImportSummary } from './run';
export { importContacts } from './run';
export { normaliseRecord, planOf } from './normalise-row';
export type { ImportPreview } from './preview';
export { listMappings, loadMapping, previewImport, saveMapping } from './preview';
export type { Mapping, Target } from './mapping';
export { checkMapping, checkTarget, guessMapping, TARGETS } from './mapping';
export type { BadRow, PersonRow } from './row';
export { HASH_SPACES, identityOf } from '../hashing';
