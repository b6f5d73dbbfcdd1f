import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorKind } from '../../pipeline/errors.ts';

/** The HTTP status the API answers each kind of pipeline error with. */
export const statusOfErrorKind = {
  configuration: 500,
  'invalid-input': 400,
  'not-found': 404,
  agreement: 422,
  'extract-refused': 422,
  'reference-data': 500,
  'indicator-definition': 500,
  database: 500,
  'database-busy': 503,
  'storage-full': 507,
  unauthenticated: 401,
  forbidden: 403,
  'rate-limited': 429,
  'too-large': 413,
  misdirected: 421,
  'unsupported-media-type': 415,
  cancelled: 409,
  conflict: 409,
} as const satisfies Record<ErrorKind, ContentfulStatusCode>;
