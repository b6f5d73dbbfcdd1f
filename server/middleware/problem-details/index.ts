import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ObservatoryError } from '../../../pipeline/errors.ts';
import { statusOfErrorKind } from '../../http/error-status.ts';

/** The RFC 9457 problem document the API answers errors with. */
export type Problem = { type: string; title: string; status: number; detail: string; instance?: string };

/**
 * Turns any error into application/problem+json. Observatory errors keep their
 * status and say where the problem is; unexpected errors are logged in full and
 * answered with a generic detail, so internals do not leak.
 */
export function problemDetails(error: Error, c: Context): Response {
  let problem: Problem;
  if (error instanceof ObservatoryError) {
    problem = { type: error.type, title: error.title, status: statusOfErrorKind[error.kind], detail: error.describe() };
  } else if (error instanceof HTTPException) {
    problem = { type: 'about:blank', title: error.message || 'HTTP error', status: error.status, detail: error.message };
  } else {
    console.error(error);
    problem = { type: 'about:blank', title: 'Internal server error', status: 500, detail: 'an unexpected error happened; it has been logged' };
  }
  problem.instance = c.req.path;
  return c.body(JSON.stringify(problem), problem.status as 400, { 'Content-Type': 'application/problem+json' });
}
