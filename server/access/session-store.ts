import { createHash } from 'node:crypto';
import { randomSecret } from '../../pipeline/access/secret-hash.ts';

/**
 * Browser sessions, held in the server's memory: a restart signs everyone out,
 * and no cookie value is ever written to disk. Only a hash of each session id is
 * kept, so a heap dump does not hand out live cookies.
 */
export class SessionStore {
  private readonly sessions = new Map<string, { name: string; expiresAt: number }>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxSessions = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(sessionId: string): string {
    return createHash('sha256').update(sessionId).digest('base64url');
  }

  /** Starts a session for a user; returns the cookie value and when it expires. */
  create(name: string): { id: string; expiresAt: Date } {
    this.prune();
    const id = randomSecret(32);
    const expiresAt = this.now() + this.lifetimeMs;
    this.sessions.set(SessionStore.key(id), { name, expiresAt });
    return { id, expiresAt: new Date(expiresAt) };
  }

  /** The user name of a live session, or null. */
  userOf(sessionId: string): string | null {
    const session = this.sessions.get(SessionStore.key(sessionId));
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(SessionStore.key(sessionId));
      return null;
    }
    return session.name;
  }

  /** Ends a session (sign-out). */
  end(sessionId: string): void {
    this.sessions.delete(SessionStore.key(sessionId));
  }

  /** Ends every session of a user (when an admin disables them). */
  endUser(name: string): void {
    for (const [key, session] of this.sessions) if (session.name === name) this.sessions.delete(key);
  }

  /** Drops expired sessions, and the oldest ones beyond the cap. */
  private prune(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}
