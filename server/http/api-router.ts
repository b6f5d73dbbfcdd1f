import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { ZodError } from 'zod';
import { InputError } from '../../pipeline/errors.ts';
import { Problem } from '../contract/common.ts';

/** The invalid-input error for a failed zod parse: a 400 naming the parameter and what is wrong with it. */
export function inputErrorOf(error: ZodError): InputError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'request';
  return new InputError(issue?.message ?? 'is invalid', { field });
}

/** Rejects invalid params, query or body with the problem document (not zod's own JSON). */
const rejectInvalidInput: Hook<unknown, Env, string, unknown> = (result) => {
  if (!result.success) throw inputErrorOf(result.error);
};

/** A router whose routes are declared with their zod schemas, for the OpenAPI document. */
export function apiRouter() {
  return new OpenAPIHono({ defaultHook: rejectInvalidInput });
}

const descriptions: Record<number, string> = {
  400: 'Invalid input: the problem names the parameter.',
  401: 'Not signed in.',
  403: 'Not allowed for this role.',
  404: 'Not found: the problem says what is missing.',
  409: 'Not possible in the present state: the problem says why.',
  421: 'The request named a host this server does not answer for.',
  422: 'Refused: the problem says why.',
  500: 'The server could not answer; the problem carries the request id the log has.',
  503: 'The database is busy.',
};

/** Response declarations for the error statuses a route can answer, each an application/problem+json. */
export function problemResponses<S extends 400 | 401 | 403 | 404 | 409 | 421 | 422 | 503>(...statuses: S[]) {
  const all = [...statuses, 500 as const];
  return Object.fromEntries(all.map((status) => [status, { description: descriptions[status] ?? 'Error', content: { 'application/problem+json': { schema: Problem } } }])) as Record<
    S | 500,
    { description: string; content: { 'application/problem+json': { schema: typeof Problem } } }
  >;
}

/** A JSON response declaration. */
export function jsonResponse<T>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}
