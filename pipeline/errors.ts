/**
 * Typed errors shared by the pipeline, the CLI and the API.
 * Each carries a kind (what went wrong, in the pipeline's own terms) and a problem
 * type; the server maps kinds to HTTP statuses and the CLI to exit codes, so the
 * core knows nothing of either.
 */
export type ErrorLocation = {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
};

/** What kind of failure an error is: the server and the CLI each map it to their own answer. */
export type ErrorKind =
  | 'configuration'
  | 'invalid-input'
  | 'not-found'
  | 'agreement'
  | 'extract-refused'
  | 'reference-data'
  | 'indicator-definition'
  | 'database'
  | 'database-busy'
  | 'storage-full'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate-limited'
  | 'too-large'
  | 'misdirected'
  | 'unsupported-media-type'
  | 'cancelled'
  | 'conflict';

/** Base class: a failure the user can act on, with its kind and where it happened. */
export abstract class ObservatoryError extends Error {
  abstract readonly kind: ErrorKind;
  readonly type: string = 'about:blank';
  readonly title: string = 'Observatory error';
  readonly location: ErrorLocation;

  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.location = location;
  }

  /** The message prefixed with file:line:column (field) where known. */
  describe(): string {
    const { file, line, column, field } = this.location;
    const where = [file, line, column].filter((part) => part !== undefined).join(':');
    const parts = [where, field ? `field "${field}"` : ''].filter(Boolean).join(' ');
    return parts ? `${parts}: ${this.message}` : this.message;
  }
}

/** A configuration value (environment, options) is invalid. */
export class ConfigurationError extends ObservatoryError {
  override readonly kind = 'configuration';
  override readonly type = 'urn:observatory:configuration';
  override readonly title = 'Invalid configuration';
}

/** An input from a user (HTTP query, CLI argument) is invalid. */
export class InputError extends ObservatoryError {
  override readonly kind = 'invalid-input';
  override readonly type = 'urn:observatory:invalid-input';
  override readonly title = 'Invalid input';
}

/** The thing asked for does not exist. */
export class NotFoundError extends ObservatoryError {
  override readonly kind = 'not-found';
  override readonly type = 'urn:observatory:not-found';
  override readonly title = 'Not found';
}

/** A data-sharing agreement file is malformed, or no agreement is in force. */
export class AgreementError extends ObservatoryError {
  override readonly kind = 'agreement';
  override readonly type = 'urn:observatory:agreement';
  override readonly title = 'Agreement problem';
}

/** A whole extract was refused (no agreement, unknown layout, unreadable file). */
export class ExtractRefusedError extends ObservatoryError {
  override readonly kind = 'extract-refused';
  override readonly type = 'urn:observatory:extract-refused';
  override readonly title = 'Extract refused';
}

/** A reference data file (boundaries, lookups, population) is missing or malformed. */
export class ReferenceDataError extends ObservatoryError {
  override readonly kind = 'reference-data';
  override readonly type = 'urn:observatory:reference-data';
  override readonly title = 'Reference data problem';
}

/** An indicator definition is malformed or refers to something unknown. */
export class IndicatorDefinitionError extends ObservatoryError {
  override readonly kind = 'indicator-definition';
  override readonly type = 'urn:observatory:indicator-definition';
  override readonly title = 'Indicator definition problem';
}

/** DuckDB failed; the original message is kept as the cause. */
export class DatabaseError extends ObservatoryError {
  override readonly kind = 'database';
  override readonly type = 'urn:observatory:database';
  override readonly title = 'Database error';
}

/** Another process holds the database file's write lock. */
export class DatabaseBusyError extends ObservatoryError {
  override readonly kind = 'database-busy';
  override readonly type = 'urn:observatory:database-busy';
  override readonly title = 'Database busy';
}

/**
 * The disk (or the process's file size limit) ran out while writing the database or an upload: nothing of
 * the change was stored. `outcome` says so in words a client may read (the message names server paths).
 */
export class StorageFullError extends ObservatoryError {
  override readonly kind = 'storage-full';
  override readonly type = 'urn:observatory:storage-full';
  override readonly title = 'Disk full';
  readonly outcome: string;

  constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown; outcome?: string }) {
    super(message, location, options);
    this.outcome = options?.outcome ?? 'nothing was changed';
  }
}

/** The request carries no valid credentials (no token, an unknown or expired one, or no session). */
export class UnauthenticatedError extends ObservatoryError {
  override readonly kind = 'unauthenticated';
  override readonly type = 'urn:observatory:unauthenticated';
  override readonly title = 'Sign-in required';
}

/** The caller is known but its role, or the agreement, does not allow this. */
export class ForbiddenError extends ObservatoryError {
  override readonly kind = 'forbidden';
  override readonly type = 'urn:observatory:forbidden';
  override readonly title = 'Not allowed';
}

/** Too many attempts (sign-in) in a short time; try again later. */
export class RateLimitedError extends ObservatoryError {
  override readonly kind = 'rate-limited';
  override readonly type = 'urn:observatory:rate-limited';
  override readonly title = 'Too many attempts';
}

/** A request body is larger than the configured limit. */
export class TooLargeError extends ObservatoryError {
  override readonly kind = 'too-large';
  override readonly type = 'urn:observatory:too-large';
  override readonly title = 'Too large';
}

/** The request names a host the server is not configured to answer (DNS rebinding defence). */
export class MisdirectedError extends ObservatoryError {
  override readonly kind = 'misdirected';
  override readonly type = 'urn:observatory:misdirected';
  override readonly title = 'Unknown host';
}

/** A request body is of a type the endpoint does not take (e.g. JSON sent as text/plain). */
export class UnsupportedMediaTypeError extends ObservatoryError {
  override readonly kind = 'unsupported-media-type';
  override readonly type = 'urn:observatory:unsupported-media-type';
  override readonly title = 'Unsupported content type';
}

/** Work was stopped because someone cancelled it (an upload's ingest): its transaction rolled back, so nothing of it was kept. */
export class CancelledError extends ObservatoryError {
  override readonly kind = 'cancelled';
  override readonly type = 'urn:observatory:cancelled';
  override readonly title = 'Cancelled';
}

/** The request cannot be done in the thing's present state (cancelling an upload that has already loaded). */
export class ConflictError extends ObservatoryError {
  override readonly kind = 'conflict';
  override readonly type = 'urn:observatory:conflict';
  override readonly title = 'Conflict';
}
