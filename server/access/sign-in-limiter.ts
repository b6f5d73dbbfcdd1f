import { RateLimitedError } from '../../pipeline/errors.ts';

/** Attempts allowed per window: failures per user name, attempts per client address. */
export type SignInLimits = { windowMs: number; failuresPerName: number; attemptsPerAddress: number };

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60_000, failuresPerName: 10, attemptsPerAddress: 30 };

/**
 * Rate limits sign-in, in memory: failed attempts per name (so guessing one
 * user's secret is slow) and all attempts per address (so one client cannot try
 * many names). The maps are pruned, so they stay small.
 */
export class SignInLimiter {
  private readonly failuresByName = new Map<string, number[]>();
  private readonly attemptsByAddress = new Map<string, number[]>();

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(map: Map<string, number[]>, key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const times = (map.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) map.delete(key);
    else map.set(key, times);
    return times;
  }

  /** Throws RateLimitedError if this name or address has used up its attempts; else counts the attempt against the address. */
  check(name: string, address: string): void {
    if (this.failuresByName.size + this.attemptsByAddress.size > 20_000) this.prune();
    const byAddress = this.recent(this.attemptsByAddress, address);
    const byName = this.recent(this.failuresByName, name.toLowerCase());
    const blocked = byName.length >= this.limits.failuresPerName ? byName : byAddress.length >= this.limits.attemptsPerAddress ? byAddress : null;
    if (blocked) {
      const retryAfter = Math.max(1, Math.ceil(((blocked[0] ?? this.now()) + this.limits.windowMs - this.now()) / 1000));
      throw new RateLimitedError(`too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, { field: 'name' });
    }
    this.attemptsByAddress.set(address, [...byAddress, this.now()]);
  }

  /** Counts a failed attempt against the name. */
  failed(name: string): void {
    const key = name.toLowerCase();
    this.failuresByName.set(key, [...this.recent(this.failuresByName, key), this.now()]);
  }

  /** A successful sign-in clears the name's failures. */
  succeeded(name: string): void {
    this.failuresByName.delete(name.toLowerCase());
  }

  private prune(): void {
    for (const key of [...this.failuresByName.keys()]) this.recent(this.failuresByName, key);
    for (const key of [...this.attemptsByAddress.keys()]) this.recent(this.attemptsByAddress, key);
  }
}
