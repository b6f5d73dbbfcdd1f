import type { Database } from '../../pipeline/db/database.ts';
import { clearNameFailures, insertSignInAttempts, purgeSignInAttempts, type SignInAttempt } from '../../pipeline/access/sign-in-attempts.ts';
import { insertSessions, purgeExpiredSessions, type StoredSession } from '../../pipeline/access/stored-sessions.ts';

/** A change to the stored sessions or sign-in attempts that may wait for the writer. */
export type AccessWrite =
  | { kind: 'session'; session: StoredSession }
  | { kind: 'attempt'; attempt: SignInAttempt }
  | { kind: 'clear-name-failures'; keyHash: string };

export type AccessWriteBehindOptions = {
  db: Database;
  /** How long sign-in attempts count (older ones are purged). */
  attemptWindowMs: number;
  intervalMs?: number;
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
};

/**
 * New sessions and sign-in attempts, appended when the database writer is free
 * (as the audit is), so signing in never waits behind an ingest; whatever is left
 * is written on shutdown. Only writes whose loss fails closed wait here: a lost
 * session means signing in again. Deletions that must hold (sign-out, disabling a
 * user) are written at once by their callers, after dropping the matching writes
 * still waiting here. Each flush also purges expired sessions and old attempts.
 */
export class AccessWriteBehind {
  private pending: AccessWrite[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: AccessWriteBehindOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Queues a write; never waits. */
  add(write: AccessWrite): void {
    this.pending.push(write);
  }

  /** Drops waiting writes that match (a session signed out or a user disabled before its write). */
  drop(matches: (write: AccessWrite) => boolean): void {
    this.pending = this.pending.filter((write) => !matches(write));
  }

  /** A session still waiting to be written, by hash. */
  pendingSession(hash: string): StoredSession | null {
    for (const write of this.pending) if (write.kind === 'session' && write.session.hash === hash) return write.session;
    return null;
  }

  /** Starts trying a flush every interval while the writer is free. */
  start(): void {
    this.timer ??= setInterval(() => void this.flushIfIdle(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Flushes if there is something to write, no flush is running and the writer is free. */
  async flushIfIdle(): Promise<void> {
    if (this.pending.length === 0 || this.flushing || !this.options.db.writerIdle) return;
    await this.flush();
  }

  /** Writes everything waiting in one transaction (waiting for the writer if it must); on failure logs and keeps it for the next try. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = (async () => {
      const now = this.now();
      try {
        await this.options.db.transaction(async (tx) => {
          await insertSessions(tx, batch.flatMap((w) => (w.kind === 'session' ? [w.session] : [])), now);
          // In order: a success clears the failures counted before it, not those after.
          let attempts: SignInAttempt[] = [];
          for (const write of batch) {
            if (write.kind === 'attempt') attempts.push(write.attempt);
            else if (write.kind === 'clear-name-failures') {
              await insertSignInAttempts(tx, attempts);
              attempts = [];
              await clearNameFailures(tx, write.keyHash);
            }
          }
          await insertSignInAttempts(tx, attempts);
          await purgeExpiredSessions(tx, now);
          await purgeSignInAttempts(tx, now - this.options.attemptWindowMs);
        });
      } catch (error) {
        this.log(`access: could not write ${batch.length} session or sign-in record(s); keeping them to retry`, error);
        this.pending = [...batch, ...this.pending];
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Deletes expired sessions and attempts outside the window (at start-up; every flush does it too). */
  async purge(): Promise<void> {
    const now = this.now();
    await this.options.db.transaction(async (tx) => {
      await purgeExpiredSessions(tx, now);
      await purgeSignInAttempts(tx, now - this.options.attemptWindowMs);
    });
  }

  /** Stops the timer and writes what is left (on shutdown, before the database closes). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
