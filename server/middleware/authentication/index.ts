import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { authenticateToken, findUser, type User } from '../../../pipeline/access/user-store.ts';
import { UnauthenticatedError } from '../../../pipeline/errors.ts';
import type { Principal } from '../../access/principal.ts';
import { SESSION_COOKIE } from '../../access/credentials.ts';
import type { ObservatoryState } from '../../observatory-state.ts';

/** How long a checked token or session user is trusted before the database is asked again (disabling a user takes effect within this). */
const CACHE_MS = 10_000;

/**
 * Finds who is calling: `Authorization: Bearer <token>` (scripts), else the
 * session cookie (the web app), else the anonymous public when the partnership
 * publishes aggregates without sign-in, else nobody (null). A Bearer header that
 * does not check out is refused at once rather than ignored.
 */
export function authentication(state: ObservatoryState): MiddlewareHandler {
  const tokens = new Map<string, { user: User | null; until: number }>();
  const users = new Map<string, { user: User | null; until: number }>();

  async function cached(map: Map<string, { user: User | null; until: number }>, key: string, load: () => Promise<User | null>): Promise<User | null> {
    const hit = map.get(key);
    if (hit && hit.until > Date.now()) return hit.user;
    const user = await load();
    if (map.size > 10_000) map.clear();
    map.set(key, { user, until: Date.now() + CACHE_MS });
    return user;
  }

  return async function authenticate(c, next) {
    let principal: Principal | null = null;
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"', { field: 'authorization' });
      const token = match[1];
      const key = createHash('sha256').update(token).digest('base64url');
      const user = await cached(tokens, key, () => authenticateToken(state.db, token, state.today()));
      if (!user) throw new UnauthenticatedError('the token is unknown, expired or its user is disabled', { field: 'authorization' });
      principal = { name: user.name, role: user.role, via: 'token' };
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      const name = sessionId ? state.sessions.userOf(sessionId) : null;
      const user = name ? await cached(users, name, () => findUser(state.db, name)) : null;
      if (user && !user.disabled) principal = { name: user.name, role: user.role, via: 'session' };
      else if (state.partnership.publicAggregates) principal = { name: 'anonymous', role: 'public', via: 'anonymous' };
    }
    c.set('principal', principal);
    await next();
  };
}
