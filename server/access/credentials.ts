/** Where credentials travel: names shared by the middleware, the session routes and the CLI. */

/** The session cookie's name. */
export const SESSION_COOKIE = 'observatory_session';

/** The header the CLI's hand-off sends the local secret in. */
export const LOCAL_SECRET_HEADER = 'x-observatory-local-secret';

/** The file beside the database holding the hand-off secret (mode 600, rewritten at each server start). */
export function localSecretFileOf(databasePath: string): string {
  return `${databasePath}.local-secret`;
}

/** The directory beside the database that uploads stream into (cleared at start-up). */
export function uploadDirOf(databasePath: string): string {
  return `${databasePath}.uploads`;
}
