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
