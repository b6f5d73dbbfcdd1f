import type { AuditEvent } from '../../pipeline/access/audit-store.ts';

export type AuditBufferOptions = {
  /** Appends a batch to the audit table. */
  append: (events: readonly AuditEvent[]) => Promise<void>;
  /** Whether the database writer is free (no ingest or build running or queued). */
  writerIdle: () => boolean;
  /** How often to try a flush. */
  intervalMs?: number;
  /** The most events held while the database cannot take them; beyond it the oldest are dropped (and counted in the log). */
  maxPending?: number;
  log?: (message: string, error?: unknown) => void;
};

/**
 * Holds audit events in memory and appends them when the database writer is
 * free, so a read never waits behind an ingest to write its audit record, and
 * flushes whatever is left on shutdown. A failed append is logged and its
 * events kept for the next try: it never fails the request that made them.
 */
export class AuditBuffer {
  private pending: AuditEvent[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private dropped = 0;
  private readonly maxPending: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: AuditBufferOptions) {
    this.maxPending = options.maxPending ?? 200_000;
    this.log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Queues an event; never throws and never waits. */
  record(event: AuditEvent): void {
    this.pending.push(event);
    if (this.pending.length > this.maxPending) {
      const excess = this.pending.length - this.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Events waiting to be written. */
  get size(): number {
    return this.pending.length;
  }

  /** Starts trying a flush every interval while the writer is free. */
  start(): void {
    this.timer ??= setInterval(() => void this.flushIfIdle(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Flushes if there is something to write, no flush is running and the writer is free. */
  async flushIfIdle(): Promise<void> {
    if (this.pending.length === 0 || this.flushing || !this.options.writerIdle()) return;
    await this.flush();
  }

  /**
   * For a reader of the audit: waits for a flush already under way (its records are not in the
   * table yet), then flushes what is left if the writer is free, so the read sees the requests before it.
   */
  async settleForReader(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.flushIfIdle();
  }

  /** Writes everything pending (waiting for the writer if it must); on failure logs and keeps the events. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = (async () => {
      try {
        await this.options.append(batch);
      } catch (error) {
        this.log(`audit: could not write ${batch.length} audit record(s); keeping them to retry`, error);
        this.pending = [...batch, ...this.pending];
        if (this.pending.length > this.maxPending) {
          const excess = this.pending.length - this.maxPending;
          this.pending.splice(0, excess);
          this.dropped += excess;
        }
      }
      if (this.dropped > 0) {
        this.log(`audit: ${this.dropped} audit record(s) dropped because the audit could not be written for too long`);
        this.dropped = 0;
      }
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Stops the timer and writes what is left (called on shutdown, before the database closes). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
