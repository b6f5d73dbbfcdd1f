import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { authenticatePassword, checkToken, tokenEndMs } from '../../pipeline/access/user-store.ts';
import { UnauthenticatedError } from '../../pipeline/errors.ts';
import { SESSION_COOKIE } from '../access/credentials.ts';
import { clientAddress } from '../http/client-address.ts';
import { parseInput } from '../query-input.ts';
import { jsonBody } from './board-request.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const signInBody = z.union(
  [
    z.object({ name: z.string().min(1).max(64), token: z.string().min(1).max(200) }).strict(),
    z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1000) }).strict(),
  ],
  { message: 'send {"name", "token"} or {"name", "password"}' },
);

/** POST /api/session signs in (cookie), GET shows who is signed in, DELETE signs out. */
export function sessionRoutes(state: ObservatoryState) {
  return new Hono()
    .get('/', (c) => {
      const principal = c.get('principal');
      if (!principal || principal.via === 'anonymous') return c.json({ signedIn: false as const, publicAggregates: state.partnership.publicAggregates }, 200);
      return c.json({ signedIn: true as const, name: principal.name, role: principal.role, via: principal.via }, 200);
    })
    .post('/', async (c) => {
      const body = parseInput(signInBody, await jsonBody(c));
      await state.signInLimiter.check(body.name, clientAddress(c));
      // A session remembers the token it was signed in with, so revoking that token ends it.
      const checked =
        'token' in body
          ? await checkToken(state.db, body.token, state.today()).then((t) =>
              t?.user.name === body.name ? { user: t.user, token: { id: t.tokenId, endsAtMs: t.expires === null ? null : tokenEndMs(t.expires) } } : null,
            )
          : await authenticatePassword(state.db, body.name, body.password).then((user) => (user ? { user, token: null } : null));
      if (!checked) {
        state.signInLimiter.failed(body.name);
        throw new UnauthenticatedError('that name and token or password do not match an active user', { field: 'name' });
      }
      state.signInLimiter.succeeded(body.name);
      const { user } = checked;
      c.set('principal', { name: user.name, role: user.role, via: 'session' });
      const session = state.sessions.create(user.name, checked.token);
      setCookie(c, SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
        path: '/',
        expires: session.expiresAt,
      });
      return c.json({ signedIn: true as const, name: user.name, role: user.role, expiresAt: session.expiresAt.toISOString() }, 200);
    })
    .delete('/', async (c) => {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId) await state.sessions.end(sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: new URL(c.req.url).protocol === 'https:' });
      return c.json({ signedIn: false as const }, 200);
    });
}
