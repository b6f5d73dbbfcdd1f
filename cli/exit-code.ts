import type { ErrorKind } from '../pipeline/errors.ts';

/** Exit code when the command ran and did its work. */
export const EXIT_OK = 0;
/** Exit code when the user's input or data was refused: fix the input and run again. */
export const EXIT_REFUSED = 1;
/** Exit code for usage errors and for failures of the observatory itself (configuration, database, bugs). */
export const EXIT_FAILURE = 2;

/** The exit code for each kind of pipeline error: the user's fault (1) or the system's (2). */
export const exitCodeOfErrorKind = {
  configuration: EXIT_FAILURE,
  'invalid-input': EXIT_REFUSED,
  'not-found': EXIT_REFUSED,
  agreement: EXIT_REFUSED,
  'extract-refused': EXIT_REFUSED,
  'reference-data': EXIT_FAILURE,
  'indicator-definition': EXIT_FAILURE,
  database: EXIT_FAILURE,
  'database-busy': EXIT_FAILURE,
  'storage-full': EXIT_FAILURE,
  unauthenticated: EXIT_REFUSED,
  forbidden: EXIT_REFUSED,
  'rate-limited': EXIT_REFUSED,
  'too-large': EXIT_REFUSED,
  misdirected: EXIT_REFUSED,
  'unsupported-media-type': EXIT_REFUSED,
  cancelled: EXIT_REFUSED,
  conflict: EXIT_REFUSED,
} as const satisfies Record<ErrorKind, number>;
