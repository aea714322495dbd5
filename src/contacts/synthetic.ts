/**
 * Seedable synthetic contacts (a supporter/voter database export) with known duplicates and bad rows:
 * see synthetic/generator.ts. The pieces live in synthetic/; this is what other code imports.
 */
export { CSV_EOL, CSV_HEADER, csvField, csvLine } from './synthetic/csv';
export { syntheticContacts } from './synthetic/generator';
export {
  CSV_COLUMNS,
  type BadField,
  type ContactColumns,
  type CsvColumn,
  type RowTruth,
  type SyntheticContact,
  type SyntheticOptions,
  type TruthKind,
  type TruthSummary,
} from './synthetic/types';
export { truthLine, writeSyntheticCsv, type OnProgress, type WriteOptions } from './synthetic/write';
