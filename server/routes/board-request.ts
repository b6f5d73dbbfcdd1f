/** Request helpers shared by the board routes: JSON bodies only, who records a change, and the date a view is as at. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InputError } from '../../pipeline/errors.ts';
import { BoardDateQuery } from '../contract/index.ts';
import { parseInput } from '../query-input.ts';

/**
 * The date a board view is as at: `?asAt=YYYY-MM-DD`, or today. A date after today is refused:
 * the observatory cannot say what a review not yet held will find.
 */
export function boardDate(c: Context, today: string): string {
  const { asAt } = parseInput(BoardDateQuery, { asAt: c.req.query('asAt') });
  if (asAt === undefined) return today;
  if (asAt > today) throw new InputError(`${asAt} is after today (${today}): give a date on or before today`, { field: 'asAt' });
  return asAt;
}

/**
 * The request's JSON body. Anything but application/json is refused with 415, so a form post
 * from another site (which cannot send that type without a preflight) never writes.
 */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HTTPException(415, { message: `send the body as application/json (got ${type ? `"${type}"` : 'no Content-Type'})` });
  }
  try {
    return await c.req.json();
  } catch (error) {
    throw new InputError('the body is not valid JSON', { field: 'body' }, { cause: error });
  }
}

/** Who a change is recorded as: always the signed-in user (the access table lets no one else write). */
export function recordedBy(c: Context): string {
  const principal = c.get('principal');
  if (!principal) throw new HTTPException(401, { message: 'sign in to record a change' });
  return principal.name;
}
