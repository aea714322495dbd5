/**
 * The few named errors of hustings. Every error a user can cause is one of these; one place
 * (`exitCodeFor`, and later the HTTP layer) maps them to exit codes and statuses.
 */
export class HustingsError extends Error {
  override readonly name: string = 'HustingsError';
}

/** The command line was used wrongly (unknown option, missing argument, bad value). Exit code 2. */
export class UsageError extends HustingsError {
  override readonly name = 'UsageError';
}

/** Configuration is missing or inconsistent (bad DATABASE_URL, wrong pseudonym key). Exit code 2. */
export class ConfigError extends HustingsError {
  override readonly name = 'ConfigError';
}

/** A whole input could not be read: missing, unreadable, not a known format. Exit code 3. */
export class InputError extends HustingsError {
  override readonly name: string = 'InputError';
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** What a request names (an area, a turf, a person) does not exist: exit code 3, HTTP 404. */
export class NotFoundError extends InputError {
  override readonly name = 'NotFoundError';
}

/** What a request would change has changed since the requester read it (a stale version): exit code 3, HTTP 409. */
export class ConflictError extends InputError {
  override readonly name = 'ConflictError';
}

/**
 * One record of an input is bad. Never escapes an ingest run: it is counted, reported with its
 * position and quarantined, and the run goes on.
 */
export class RecordError extends HustingsError {
  override readonly name = 'RecordError';
}

/** The store failed or holds something unexpected. Exit code 1. */
export class StoreError extends HustingsError {
  override readonly name = 'StoreError';
}

/** Work stopped at the request of someone (an estimate cancelled over HTTP): HTTP 409. */
export class CancelledError extends HustingsError {
  override readonly name = 'CancelledError';
}

/** Too much work queued to take more now: try again later (HTTP 503 with Retry-After). */
export class BusyError extends HustingsError {
  override readonly name = 'BusyError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, input: 3, interrupted: 130 } as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  if (error instanceof InputError) return EXIT.input;
  return EXIT.failure;
}

/** A one-line message for the user; unexpected errors keep their class name for bug reports. */
export function describeError(error: unknown): string {
  if (error instanceof HustingsError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
