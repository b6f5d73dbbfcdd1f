import { lookupHash } from '../../pipeline/access/secret-hash.ts';
import type { SignInAttempt } from '../../pipeline/access/sign-in-attempts.ts';
import { RateLimitedError } from '../../pipeline/errors.ts';
import type { AccessWriteBehind } from './access-write-behind.ts';

/** Attempts allowed per window: failures per user name, attempts per client address. */
export type SignInLimits = { windowMs: number; failuresPerName: number; attemptsPerAddress: number };

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, failuresPerName: 10, attemptsPerAddress: 30 };

export type SignInLimiterOptions = {
  /** The attempts stored inside the window (read once, before the first check), so a restart does not reset the limits. */
  loadRecent: (sinceMs: number) => Promise<SignInAttempt[]>;
  /** Where each counted attempt is written behind. */
  writes: AccessWriteBehind;
  limits?: SignInLimits;
  now?: () => number;
};

/**
 * Rate limits sign-in: failed attempts per name (so guessing one user's secret is
 * slow) and all attempts per address (so one client cannot try many names). It
 * counts in memory and writes each attempt behind to the database, and starts
 * from the attempts stored inside the window, so restarting the server does not
 * reset the limits. Names and addresses are counted by hash. The maps are pruned,
 * so they stay small.
 */
export class SignInLimiter {
  private readonly failuresByName = new Map<string, number[]>();
  private readonly attemptsByAddress = new Map<string, number[]>();
  private loaded: Promise<void> | null = null;
  private readonly limits: SignInLimits;
  private readonly now: () => number;

  constructor(private readonly options: SignInLimiterOptions) {
    this.limits = options.limits ?? DEFAULT_SIGN_IN_LIMITS;
    this.now = options.now ?? Date.now;
  }

  private static nameKey(name: string): string {
    return lookupHash(`name:${name.toLowerCase()}`);
  }

  private static addressKey(address: string): string {
    return lookupHash(`address:${address}`);
  }

  /** Reads the stored attempts once; a failed read is retried at the next check. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.options.loadRecent(this.now() - this.limits.windowMs);
      for (const attempt of stored) {
        const map = attempt.scope === 'name-failure' ? this.failuresByName : this.attemptsByAddress;
        map.set(attempt.keyHash, [...(map.get(attempt.keyHash) ?? []), attempt.atMs].sort((a, b) => a - b));
      }
    })().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  private recent(map: Map<string, number[]>, key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const times = (map.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  }

  /** Throws RateLimitedError if this name or address has used up its attempts; else counts the attempt against the address. */
  async check(name: string, address: string): Promise<void> {
    await this.load();
    if (this.failuresByName.size + this.attemptsByAddress.size > 20_000) this.prune();
    const addressKey = SignInLimiter.addressKey(address);
    const byAddress = this.recent(this.attemptsByAddress, addressKey);
    const byName = this.recent(this.failuresByName, SignInLimiter.nameKey(name));
    const blocked = byName.length >= this.limits.failuresPerName ? byName : byAddress.length >= this.limits.attemptsPerAddress ? byAddress : null;
    if (blocked) {
      const retryAfter = Math.max(1, Math.ceil(((blocked[0] ?? this.now()) + this.limits.windowMs - this.now()) / 1000));
      throw new RateLimitedError(`too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, { field: 'name' });
    }
    const at = this.now();
    this.attemptsByAddress.set(addressKey, [...byAddress, at]);
    this.options.writes.add({ kind: 'attempt', attempt: { scope: 'address', keyHash: addressKey, atMs: at } });
  }

  /** Counts a failed attempt against the name. */
  failed(name: string): void {
    const key = SignInLimiter.nameKey(name);
    const at = this.now();
    this.failuresByName.set(key, [...this.recent(this.failuresByName, key), at]);
    this.options.writes.add({ kind: 'attempt', attempt: { scope: 'name-failure', keyHash: key, atMs: at } });
  }

  /** A successful sign-in clears the name's failures. */
  succeeded(name: string): void {
    const key = SignInLimiter.nameKey(name);
    this.failuresByName.delete(key);
    this.options.writes.add({ kind: 'clear-name-failures', keyHash: key });
  }

  private prune(): void {
    for (const key of [...this.failuresByName.keys()]) this.recent(this.failuresByName, key);
    for (const key of [...this.attemptsByAddress.keys()]) this.recent(this.attemptsByAddress, key);
  }
}
