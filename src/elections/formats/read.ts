import { InputError } from '../../core/errors';
import { openInput } from '../../core/input';
import type { GenericOptions } from './generic';
import { readGeneric } from './generic';
import { isFrJsonHead, readFrJson } from './fr-json';
import { isMinistryHeader, readFrMinistry } from './fr-ministry';
import type { DecodedInput } from './source';
import { decodeInput, delimiterOf, headerLine, headerOf, readCsvTable, withLineFeeds } from './source';
import type { RoundResults } from './types';
import { isUkEurefHeader, readUkEuref } from './uk-euref';

export const RESULT_FORMATS = ['generic', 'fr-ministry', 'fr-json', 'uk-euref'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export interface ReadRoundOptions extends GenericOptions {
  /** The format; detected from the first bytes when not given. */
  readonly format?: ResultFormat | undefined;
}

/** What a read found besides the round: the format used and the text encoding. */
export interface ReadRound {
  readonly round: RoundResults;
  readonly encoding: DecodedInput['encoding'];
}

/**
 * The format of a results file from its first bytes: a JSON array of stations with `bureauDeVote`
 * is fr-json; a CSV header with "Code BV", "Inscrits" and "Voix 1" is fr-ministry; one with
 * Area_Code, Electorate, Remain and Leave is uk-euref; any other CSV is generic.
 */
export function detectResultFormat(head: string, path: string): ResultFormat {
  if (isFrJsonHead(head)) return 'fr-json';
  const found = headerLine(head);
  const line = found.text;
  if (/^\s*[[{]/.test(line)) throw new InputError(`${path}: JSON, but not per-station results with "bureauDeVote" and "candidats"`, path);
  if (line.trim().length === 0) throw new InputError(`${path}: empty file, or no header line`, path);
  const header = headerOf(found, delimiterOf(found), path);
  if (isMinistryHeader(header)) return 'fr-ministry';
  if (isUkEurefHeader(header)) return 'uk-euref';
  if (header.length < 2) throw new InputError(`${path}: not a results CSV: its header has one column (${JSON.stringify(line.slice(0, 60))})`, path);
  return 'generic';
}

/**
 * Reads one round of results from a file (or "-" for standard input; gzip is read transparently),
 * streaming it line by line or record by record. Bad lines are in `round.bad` with their numbers;
 * only a file that cannot be read at all is an InputError.
 */
export async function readRound(path: string, options: ReadRoundOptions = {}): Promise<ReadRound> {
  const input = withLineFeeds(await decodeInput(await openInput(path)));
  const format = options.format ?? detectResultFormat(input.head, path);
  if (format === 'fr-json') return { round: await readFrJson(input), encoding: input.encoding };
  const table = await readCsvTable(input);
  const round =
    format === 'fr-ministry' ? await readFrMinistry(table, path) : format === 'uk-euref' ? await readUkEuref(table, path) : await readGeneric(table, options, path);
  return { round, encoding: input.encoding };
}
