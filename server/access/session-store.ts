import { lookupHash, randomSecret } from '../../pipeline/access/secret-hash.ts';
import { deleteStoredSession, findStoredSession } from '../../pipeline/access/stored-sessions.ts';
import type { Database } from '../../pipeline/db/database.ts';
import type { AccessWriteBehind } from './access-write-behind.ts';

/**
 * Browser sessions. The database holds them (only a hash of each cookie value),
 * so a restart keeps people signed in; this process keeps the sessions it has
 * seen in memory so a request does not read the database each time. A new
 * session is written behind (when the writer is free: a lost one only means
 * signing in again); a sign-out is removed from memory at once and deleted from
 * the database before it is answered. Disabling a user deletes their stored
 * sessions in the same transaction (user-store.ts), and `endUser` forgets them here;
 * revoking a token deletes the sessions signed in with it, and `endToken` forgets them;
 * a new password deletes those signed in with a password, and `endPasswordSessions` forgets them.
 * A session signed in with a token that has a last day ends with that day.
 */
export class SessionStore {
  private readonly known = new Map<string, { name: string; tokenId: string | null; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly writes: AccessWriteBehind,
    private readonly lifetimeMs: number,
    private readonly maxKnown = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts a session for a user, signed in with a token (its id, and when it stops working if it has a
   * last day: the session ends then at the latest) or with a password (null); returns the cookie value
   * and when it expires.
   */
  create(name: string, token: { id: string; endsAtMs: number | null } | null): { id: string; expiresAt: Date } {
    this.prune();
    const id = randomSecret(32);
    const hash = lookupHash(id);
    const lifetimeEnd = this.now() + this.lifetimeMs;
    const expiresAt = token && token.endsAtMs !== null ? Math.min(lifetimeEnd, token.endsAtMs) : lifetimeEnd;
    const tokenId = token?.id ?? null;
    this.known.set(hash, { name, tokenId, expiresAt });
    this.writes.add({ kind: 'session', session: { hash, name, tokenId, expiresAtMs: expiresAt } });
    return { id, expiresAt: new Date(expiresAt) };
  }

  /** The user name of a live session, or null: from memory, else from the database (a session from before a restart). */
  async userOf(sessionId: string): Promise<string | null> {
    const hash = lookupHash(sessionId);
    let session = this.known.get(hash) ?? null;
    if (!session) {
      const stored = (await findStoredSession(this.db, hash, this.now())) ?? this.writes.pendingSession(hash);
      if (!stored) return null;
      session = { name: stored.name, tokenId: stored.tokenId, expiresAt: stored.expiresAtMs };
      this.prune();
      this.known.set(hash, session);
    }
    if (session.expiresAt <= this.now()) {
      this.known.delete(hash);
      return null;
    }
    return session.name;
  }

  /** Ends a session (sign-out): at once in this process, and deleted from the database before this resolves. */
  async end(sessionId: string): Promise<void> {
    const hash = lookupHash(sessionId);
    this.known.delete(hash);
    this.writes.drop((write) => write.kind === 'session' && write.session.hash === hash);
    await deleteStoredSession(this.db, hash);
  }

  /** Forgets every session of a user in this process (disableUser deletes the stored ones). */
  endUser(name: string): void {
    for (const [hash, session] of this.known) if (session.name === name) this.known.delete(hash);
    this.writes.drop((write) => write.kind === 'session' && write.session.name === name);
  }

  /** Forgets every session of a user signed in with a password in this process, written or waiting (setPassword deletes the stored ones). */
  endPasswordSessions(name: string): void {
    for (const [hash, session] of this.known) if (session.name === name && session.tokenId === null) this.known.delete(hash);
    this.writes.drop((write) => write.kind === 'session' && write.session.name === name && write.session.tokenId === null);
  }

  /** Forgets every session signed in with that token in this process, written or waiting (revokeToken deletes the stored ones). */
  endToken(tokenId: string): void {
    for (const [hash, session] of this.known) if (session.tokenId === tokenId) this.known.delete(hash);
    this.writes.drop((write) => write.kind === 'session' && write.session.tokenId === tokenId);
  }

  /** Drops expired sessions from memory, and the oldest beyond the cap (the database still has them). */
  private prune(): void {
    if (this.known.size < this.maxKnown) return;
    const now = this.now();
    for (const [hash, session] of this.known) if (session.expiresAt <= now) this.known.delete(hash);
    while (this.known.size >= this.maxKnown) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
  }
}
