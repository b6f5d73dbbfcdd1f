/**
 * Sign-in attempts inside the rate limit's window, in the database, so restarting the
 * server does not reset the limits. Keys are hashes (secret-hash.ts lookupHash) of the
 * lower-cased name or the client address: a password typed into the name field is not
 * stored as typed. Rows older than the window are purged.
 */
import { z } from 'zod';
import type { Database, WriteTransaction } from '../db/database.ts';

/** What an attempt counts against: a user name's failures, or every attempt from an address. */
export type AttemptScope = 'name-failure' | 'address';

/** One counted attempt. */
export type SignInAttempt = { scope: AttemptScope; keyHash: string; atMs: number };

const attemptRow = z.object({ scope: z.enum(['name-failure', 'address']), key_hash: z.string(), at_ms: z.coerce.number() });

/** Appends attempts (inside the caller's transaction). */
export async function insertSignInAttempts(tx: WriteTransaction, attempts: readonly SignInAttempt[]): Promise<void> {
  for (const attempt of attempts) {
    await tx.run(`INSERT INTO sign_in_attempt (attempted_at, scope, key_hash) VALUES (epoch_ms(CAST($at AS BIGINT)), $scope, $key)`, {
      at: attempt.atMs,
      scope: attempt.scope,
      key: attempt.keyHash,
    });
  }
}

/** Forgets a name's failures (a successful sign-in; inside the caller's transaction). */
export async function clearNameFailures(tx: WriteTransaction, keyHash: string): Promise<void> {
  await tx.run(`DELETE FROM sign_in_attempt WHERE scope = 'name-failure' AND key_hash = $key`, { key: keyHash });
}

/** Deletes attempts at or before `cutoffMs` (outside every window; inside the caller's transaction). */
export async function purgeSignInAttempts(tx: WriteTransaction, cutoffMs: number): Promise<void> {
  await tx.run(`DELETE FROM sign_in_attempt WHERE attempted_at <= epoch_ms(CAST($cutoff AS BIGINT))`, { cutoff: cutoffMs });
}

/** Attempts after `sinceMs`, oldest first: what a starting server counts against the limits. */
export async function recentSignInAttempts(db: Database, sinceMs: number): Promise<SignInAttempt[]> {
  const rows = await db.all(
    `SELECT scope, key_hash, epoch_ms(attempted_at)::DOUBLE AS at_ms FROM sign_in_attempt
     WHERE attempted_at > epoch_ms(CAST($since AS BIGINT)) ORDER BY attempted_at`,
    { since: sinceMs },
    attemptRow,
  );
  return rows.map((r) => ({ scope: r.scope, keyHash: r.key_hash, atMs: r.at_ms }));
}
