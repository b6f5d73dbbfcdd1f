import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ObservatoryError, StorageFullError } from '../../../pipeline/errors.ts';
import type { Problem } from '../../contract/common.ts';
import { statusOfErrorKind } from '../../http/error-status.ts';

export type { Problem };

/** The request id hono/request-id gave this request, if the middleware ran. */
function requestIdOf(c: Context): string | undefined {
  const id: unknown = c.get('requestId');
  return typeof id === 'string' ? id : undefined;
}

/**
 * Turns any error into application/problem+json with the request id. Observatory errors the caller can
 * act on (4xx) keep their detail and name their parameter; server-side failures (5xx: a database
 * message, a file path) are logged in full with the request id and answered with a generic detail, so
 * internals never reach a client.
 */
export function problemDetails(error: Error, c: Context): Response {
  const problem = problemOf(error, c);
  return c.body(JSON.stringify(problem), problem.status as 400, { 'Content-Type': 'application/problem+json' });
}

/** The problem document for an error (5xx logged, with a generic detail), for a response or a progress stream's last event. */
export function problemOf(error: Error, c: Context): Problem {
  const requestId = requestIdOf(c);
  let problem: Problem;
  if (error instanceof ObservatoryError && statusOfErrorKind[error.kind] < 500) {
    problem = { type: error.type, title: error.title, status: statusOfErrorKind[error.kind], detail: error.describe() };
    if (error.location.field) problem.parameter = error.location.field;
  } else if (error instanceof HTTPException && error.status < 500) {
    problem = { type: 'about:blank', title: error.message || 'HTTP error', status: error.status, detail: error.message };
  } else {
    // A server-side failure: logged in full (paths included); the caller gets what it can act on and the request id.
    const status = error instanceof ObservatoryError ? statusOfErrorKind[error.kind] : error instanceof HTTPException ? error.status : 500;
    console.error(`request ${requestId ?? '(no id)'} ${c.req.method} ${c.req.path} failed:`, error);
    const logged = `the error is logged with request id ${requestId ?? '(none)'}`;
    problem =
      error instanceof StorageFullError
        ? { type: error.type, title: error.title, status, detail: `the disk is full (or a file size limit was reached) on the server, so ${error.outcome}; an administrator must free some space, then send the request again (${logged})` }
        : { type: 'about:blank', title: error instanceof ObservatoryError ? error.title : 'Internal server error', status, detail: `the server could not answer; ${logged}` };
  }
  problem.instance = c.req.path;
  if (requestId) problem.requestId = requestId;
  return problem;
}
