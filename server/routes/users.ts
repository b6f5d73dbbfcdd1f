/**
 * The admin's user routes: list, add with a role, disable, issue a token (its
 * secret answered once, with Cache-Control: no-store), and, for the CLI's
 * hand-off only, set a password. Each calls the same pipeline/access functions
 * the `observatory user` and `token` commands do; those commands call these
 * routes when a server holds the database.
 */
import { createRoute } from '@hono/zod-openapi';
import { addUser, createToken, disableUser, listTokens, listUsers, revokeToken, setPassword } from '../../pipeline/access/user-store.ts';
import { InputError } from '../../pipeline/errors.ts';
import { IssuedToken, NewPassword, NewToken, NewUser, TokenList, TokenListing, TokenParams, User, UserList, UserNameParam } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { jsonBody, recordedBy } from './board-request.ts';
import { parseInput } from '../query-input.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listUsers',
  tags: ['Users'],
  summary: 'Every user: role, whether disabled, whether a password is set, live tokens (never a secret)',
  responses: { 200: jsonResponse(UserList, 'The users, by name.'), ...problemResponses(401, 403) },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'addUser',
  tags: ['Users'],
  summary: 'Add a user with a role',
  request: { body: { content: { 'application/json': { schema: NewUser } }, required: true } },
  responses: { 201: jsonResponse(User, 'The new user.'), ...problemResponses(400, 401, 403) },
});

const disableRoute = createRoute({
  method: 'post',
  path: '/{name}/disable',
  operationId: 'disableUser',
  tags: ['Users'],
  summary: 'Disable a user: their sessions and tokens stop working at once',
  request: { params: UserNameParam },
  responses: { 200: jsonResponse(User, 'The user, disabled.'), ...problemResponses(400, 401, 403, 404) },
});

const tokenRoute = createRoute({
  method: 'post',
  path: '/{name}/tokens',
  operationId: 'issueToken',
  tags: ['Users'],
  summary: 'Issue a token for a user; the secret is in this answer only',
  request: { params: UserNameParam, body: { content: { 'application/json': { schema: NewToken } }, required: false } },
  responses: { 201: jsonResponse(IssuedToken, 'The token, shown once.'), ...problemResponses(400, 401, 403, 404) },
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/{name}/tokens',
  operationId: 'listTokens',
  tags: ['Users'],
  summary: 'A user’s tokens: id, label, created, expires, revoked, status (never a secret or hash)',
  request: { params: UserNameParam },
  responses: { 200: jsonResponse(TokenList, 'The tokens, newest first.'), ...problemResponses(400, 401, 403, 404) },
});

const revokeTokenRoute = createRoute({
  method: 'delete',
  path: '/{name}/tokens/{id}',
  operationId: 'revokeToken',
  tags: ['Users'],
  summary: 'Revoke one of a user’s tokens: it, and the browser sessions signed in with it, are refused from the next request on',
  description:
    'The token stays in the list, marked revoked with the time. The web sessions signed in with this token end too; the user’s sessions signed in with a password or another token do not. Revoking it again answers it as it is.',
  request: { params: TokenParams },
  responses: { 200: jsonResponse(TokenListing, 'The token, revoked.'), ...problemResponses(400, 401, 403, 404) },
});

/** The user routes (admins only, by the access table). */
export function userRoutes(state: ObservatoryState) {
  return apiRouter()
    .openapi(listRoute, async (c) => c.json({ users: await listUsers(state.db, state.today()) }, 200))
    .openapi(addRoute, async (c) => {
      const body = parseInput(NewUser, await jsonBody(c));
      const user = await addUser(state.db, body.name, body.role);
      state.credentials.forgetAll();
      return c.json(user, 201);
    })
    .openapi(disableRoute, async (c) => {
      const name = c.req.valid('param').name;
      if (name === recordedBy(c)) throw new InputError('you may not disable yourself: ask another admin', { field: 'name' });
      const user = await disableUser(state.db, name);
      // The stored sessions went in that transaction; forget what this process still trusts.
      state.sessions.endUser(user.name);
      state.credentials.forgetUser(user.name);
      return c.json(user, 200);
    })
    .openapi(tokenRoute, async (c) => {
      const name = c.req.valid('param').name;
      const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('content-type') !== undefined;
      const body = hasBody ? parseInput(NewToken, await jsonBody(c)) : {};
      const issued = await createToken(state.db, name, { expires: body.expires ?? null, label: body.label ?? null, today: state.today() });
      state.credentials.forgetAll();
      c.header('cache-control', 'no-store');
      return c.json(issued, 201);
    })
    .openapi(listTokensRoute, async (c) => {
      const name = c.req.valid('param').name;
      return c.json({ name, tokens: await listTokens(state.db, name, state.today()) }, 200);
    })
    .openapi(revokeTokenRoute, async (c) => {
      const { name, id } = c.req.valid('param');
      const token = await revokeToken(state.db, name, id, state.today());
      // Written before this answer, with its stored sessions deleted; now forget its sessions here (written
      // or waiting) and every token this process checked as theirs, so a cached check cannot outlive it.
      state.sessions.endToken(token.id);
      state.credentials.forgetUser(name);
      return c.json(token, 200);
    })
    // Not in the OpenAPI document: only the CLI's hand-off secret opens it (access-table.ts), as POST /api/extracts/local.
    .post('/:name/password', async (c) => {
      const name = parseInput(UserNameParam, c.req.param()).name;
      const body = parseInput(NewPassword, await jsonBody(c));
      const user = await setPassword(state.db, name, body.password);
      // The sessions signed in with the old password were deleted with it; forget them here too.
      state.sessions.endPasswordSessions(user.name);
      state.credentials.forgetAll();
      return c.json(User.parse(user), 200);
    });
}
