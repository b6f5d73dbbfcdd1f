import { addUser, createToken, findUser } from '../../pipeline/access/user-store.ts';
import type { Database } from '../../pipeline/db/database.ts';

/**
 * Headers that authenticate as a test user of a role (created on first use),
 * for API tests now that every request needs sign-in.
 */
export async function bearerFor(db: Database, role = 'analyst', today = '2026-11-23'): Promise<{ authorization: string }> {
  const name = `test-${role.replace(':', '-')}`;
  if (!(await findUser(db, name))) await addUser(db, name, role);
  const { token } = await createToken(db, name, { today });
  return { authorization: `Bearer ${token}` };
}

/** Something that answers requests the way Hono's app.request does. */
type Requestable = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/** The app, with every request sent as a signed-in user (auth headers merged under the request's own). */
export function signedIn(app: Requestable, auth: { authorization: string }): { request(path: string, init?: RequestInit): Promise<Response> } {
  return {
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', auth.authorization);
      return app.request(path, { ...init, headers });
    },
  };
}

/**
 * The secret part of an issued token (`obs_<16 hex>_<43 base64url>`), cut by position:
 * the secret may itself hold '_', so splitting on '_' can yield a short fragment.
 */
export function tokenSecret(token: string): string {
  const secret = /^obs_[0-9a-f]{16}_([A-Za-z0-9_-]{43})$/.exec(token)?.[1];
  if (secret === undefined) throw new Error(`not an issued token: ${token.slice(0, 8)}…`);
  return secret;
}
