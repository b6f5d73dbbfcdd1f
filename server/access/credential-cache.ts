import type { User } from '../../pipeline/access/user-store.ts';

/** How long a checked token or user is trusted before the database is asked again. */
export const CREDENTIAL_CACHE_MS = 10_000;

type Entry = { user: User | null; until: number };

/**
 * Checked tokens (by a hash of the token) and users (by name), kept briefly so a
 * request does not read the database for them each time. Disabling a user
 * forgets every entry of theirs at once; a check that was already reading when
 * that happened is answered but not kept, so a stale "enabled" cannot come back.
 */
export class CredentialCache {
  private readonly tokens = new Map<string, Entry>();
  private readonly users = new Map<string, Entry>();
  /** Bumped by forgetUser: a load that began before it is not stored. */
  private generation = 0;

  constructor(
    private readonly ttlMs = CREDENTIAL_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The user a token (by its hash) belongs to on `today`, loading it when not cached or stale. The day is
   * part of the key: a token that expires at the end of a day is not trusted from a check made before midnight.
   */
  token(tokenHash: string, today: string, load: () => Promise<User | null>): Promise<User | null> {
    return this.cached(this.tokens, `${today}|${tokenHash}`, load);
  }

  /** The user of that name, loading it when not cached or stale. */
  user(name: string, load: () => Promise<User | null>): Promise<User | null> {
    return this.cached(this.users, name, load);
  }

  /** Forgets a user and every token checked as theirs (they were disabled). */
  forgetUser(name: string): void {
    this.generation++;
    this.users.delete(name);
    for (const [key, entry] of this.tokens) if (entry.user?.name === name) this.tokens.delete(key);
  }

  /** Forgets everything checked so far (users or tokens changed: a new token, a new user, a new password). */
  forgetAll(): void {
    this.generation++;
    this.users.clear();
    this.tokens.clear();
  }

  private async cached(map: Map<string, Entry>, key: string, load: () => Promise<User | null>): Promise<User | null> {
    const hit = map.get(key);
    if (hit && hit.until > this.now()) return hit.user;
    const generation = this.generation;
    const user = await load();
    if (generation === this.generation) {
      if (map.size > 10_000) map.clear();
      map.set(key, { user, until: this.now() + this.ttlMs });
    }
    return user;
  }
}
