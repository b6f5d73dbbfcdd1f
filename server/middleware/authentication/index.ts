import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { lookupHash } from '../../../pipeline/access/secret-hash.ts';
import { authenticateToken, findUser } from '../../../pipeline/access/user-store.ts';
import { UnauthenticatedError } from '../../../pipeline/errors.ts';
import type { Principal } from '../../access/principal.ts';
import { SESSION_COOKIE } from '../../access/credentials.ts';
import type { ObservatoryState } from '../../observatory-state.ts';

/**
 * Finds who is calling: `Authorization: Bearer <token>` (scripts), else the
 * session cookie (the web app), else the anonymous public when the partnership
 * publishes aggregates without sign-in, else nobody (null). A Bearer header that
 * does not check out is refused at once rather than ignored. Checked tokens and
 * users are cached briefly (state.credentials); disabling a user forgets them at once.
 */
export function authentication(state: ObservatoryState): MiddlewareHandler {
  return async function authenticate(c, next) {
    let principal: Principal | null = null;
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"', { field: 'authorization' });
      const token = match[1];
      const today = state.today();
      const user = await state.credentials.token(lookupHash(token), today, () => authenticateToken(state.db, token, today));
      if (!user) throw new UnauthenticatedError('the token is unknown, expired or its user is disabled', { field: 'authorization' });
      principal = { name: user.name, role: user.role, via: 'token' };
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      const name = sessionId ? await state.sessions.userOf(sessionId) : null;
      const user = name ? await state.credentials.user(name, () => findUser(state.db, name)) : null;
      if (user && !user.disabled) principal = { name: user.name, role: user.role, via: 'session' };
      else if (state.partnership.publicAggregates) principal = { name: 'anonymous', role: 'public', via: 'anonymous' };
    }
    c.set('principal', principal);
    await next();
  };
}
