/**
 * Browser sessions in the database, so a server restart keeps people signed in. Only the
 * SHA-256 of a session's cookie value is stored (secret-hash.ts lookupHash), with whose it
 * is, the token it was signed in with (null for a password) and when it expires; sign-out,
 * disabling the user, revoking that token and setting a new password (for the sessions signed in
 * with a password) delete rows, and expired rows are purged.
 */
import { z } from 'zod';
import type { Database, WriteTransaction } from '../db/database.ts';

/**
 * A session as stored: the hash of its cookie value, its user, the id of the token it was signed
 * in with (null when signed in with a password), and when it expires (epoch ms).
 */
export type StoredSession = { hash: string; name: string; tokenId: string | null; expiresAtMs: number };

const storedRow = z.object({ name: z.string(), token_id: z.string().nullable(), expires_at_ms: z.coerce.number() });

/** Writes new sessions (inside the caller's transaction). */
export async function insertSessions(tx: WriteTransaction, sessions: readonly StoredSession[], nowMs: number): Promise<void> {
  for (const session of sessions) {
    await tx.run(
      `INSERT INTO observatory_session (session_hash, user_name, token_id, created_at, expires_at)
       VALUES ($hash, $name, $token, epoch_ms(CAST($now AS BIGINT)), epoch_ms(CAST($expires AS BIGINT)))`,
      { hash: session.hash, name: session.name, token: session.tokenId, now: nowMs, expires: session.expiresAtMs },
    );
  }
}

/**
 * The live session stored under that hash (its user enabled, not expired at `nowMs`, its token not
 * revoked), or null. Revoking deletes the token's sessions; the token check also refuses one written
 * behind by a sign-in that raced the revocation.
 */
export async function findStoredSession(db: Database, hash: string, nowMs: number): Promise<StoredSession | null> {
  const rows = await db.all(
    `SELECT s.user_name AS name, s.token_id, epoch_ms(s.expires_at)::DOUBLE AS expires_at_ms
     FROM observatory_session s JOIN observatory_user u ON u.name = s.user_name
     LEFT JOIN access_token t ON t.token_id = s.token_id
     WHERE s.session_hash = $hash AND s.expires_at > epoch_ms(CAST($now AS BIGINT)) AND NOT u.disabled
       AND (s.token_id IS NULL OR (t.token_id IS NOT NULL AND t.revoked_at IS NULL))`,
    { hash, now: nowMs },
    storedRow,
  );
  const row = rows[0];
  return row ? { hash, name: row.name, tokenId: row.token_id, expiresAtMs: row.expires_at_ms } : null;
}

/** Deletes one session (sign-out). */
export async function deleteStoredSession(db: Database, hash: string): Promise<void> {
  await db.transaction((tx) => tx.run(`DELETE FROM observatory_session WHERE session_hash = $hash`, { hash }));
}

/** Deletes every session of a user (inside the caller's transaction: the one that disables them). */
export async function deleteUserSessions(tx: WriteTransaction, name: string): Promise<void> {
  await tx.run(`DELETE FROM observatory_session WHERE user_name = $name`, { name });
}

/** Deletes every session signed in with that token of that user (inside the caller's transaction: the one that revokes it). */
export async function deleteTokenSessions(tx: WriteTransaction, name: string, tokenId: string): Promise<void> {
  await tx.run(`DELETE FROM observatory_session WHERE user_name = $name AND token_id = $id`, { name, id: tokenId });
}

/** Deletes every session of a user signed in with a password (inside the caller's transaction: the one that sets a new one). */
export async function deletePasswordSessions(tx: WriteTransaction, name: string): Promise<void> {
  await tx.run(`DELETE FROM observatory_session WHERE user_name = $name AND token_id IS NULL`, { name });
}

/** Deletes sessions expired at `nowMs` (inside the caller's transaction). */
export async function purgeExpiredSessions(tx: WriteTransaction, nowMs: number): Promise<void> {
  await tx.run(`DELETE FROM observatory_session WHERE expires_at <= epoch_ms(CAST($now AS BIGINT))`, { now: nowMs });
}

/** How many sessions a user has stored (live or not yet purged). */
export async function storedSessionCount(db: Database, name: string): Promise<number> {
  const rows = await db.all(`SELECT count(*)::INTEGER AS n FROM observatory_session WHERE user_name = $name`, { name }, z.object({ n: z.number() }));
  return rows[0]?.n ?? 0;
}
