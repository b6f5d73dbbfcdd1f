import { auditEventSchema, type AuditEvent } from '../../pipeline/access/audit-store.ts';

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

/** The most pieces a failed batch is cut into (2 after its first failure, doubling with each flush in which nothing could be written). */
const MAX_PIECES = 16;

/** What the buffer has refused or given up on since it started: both are logged as they happen. */
export type AuditBufferCounts = {
  /** Records refused when queued: they did not match the audit's schema (a bad timestamp, an over-long value…). */
  rejected: number;
  /** Records the database refused on their own while the records beside them were written. */
  undeliverable: number;
  /** Records dropped because the audit could not be written for so long that the buffer was full. */
  dropped: number;
};

/**
 * Holds audit events in memory and appends them when the database writer is
 * free, so a read never waits behind an ingest to write its audit record, and
 * flushes whatever is left on shutdown. A failed append is logged and its
 * events kept for the next try: it never fails the request that made them.
 *
 * One bad record must not stop every later one: each is checked against the
 * audit's schema when queued (a refused one is logged with why, and counted),
 * and a batch the database refuses is split so the records it will take are
 * written and a record refused on its own, while those beside it were written,
 * is logged and set aside. When no part of a batch can be written (the disk is
 * full) everything is kept, as before, up to maxPending.
 */
export class AuditBuffer {
  private pending: AuditEvent[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private droppedUnlogged = 0;
  /** Flushes in a row in which nothing could be written: the next one cuts the batch into 2^failures pieces. */
  private failuresInARow = 0;
  private readonly totals: AuditBufferCounts = { rejected: 0, undeliverable: 0, dropped: 0 };
  private readonly maxPending: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: AuditBufferOptions) {
    this.maxPending = options.maxPending ?? 200_000;
    this.log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  /** Queues an event if it is a valid, bounded audit record (else logs why and counts it); never throws and never waits. */
  record(event: unknown): void {
    const checked = auditEventSchema.safeParse(event);
    if (!checked.success) {
      this.totals.rejected++;
      const why = checked.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`)
        .join('; ');
      this.log(`audit: refused an audit record (${why}); ${this.totals.rejected} refused since start`);
      return;
    }
    this.pending.push(checked.data);
    this.bound();
  }

  /** Events waiting to be written. */
  get size(): number {
    return this.pending.length;
  }

  /** How many records were refused, set aside or dropped since the buffer started. */
  get counts(): AuditBufferCounts {
    return { ...this.totals };
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

  /** Writes everything pending (waiting for the writer if it must); what cannot be written yet is kept, what never can is set aside. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch);
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

  private async write(batch: AuditEvent[]): Promise<void> {
    const whole = await this.tryAppend(batch);
    if (whole === null) this.failuresInARow = 0;
    else if (batch.length === 1) {
      // A record alone tells nothing: the database may be down. Kept; beside the next record it will tell.
      this.failuresInARow++;
      this.log(`audit: could not write 1 audit record(s); keeping them to retry`, whole);
      this.keep(batch);
    } else {
      const pieces = split(batch, Math.min(2 ** (this.failuresInARow + 1), MAX_PIECES, batch.length));
      const failed: { events: AuditEvent[]; error: unknown }[] = [];
      for (const piece of pieces) {
        const error = await this.tryAppend(piece);
        if (error !== null) failed.push({ events: piece, error });
      }
      if (failed.length === pieces.length) {
        // Nothing went in: the database is not taking records (a full disk, say). Keep them all for the next try.
        this.failuresInARow++;
        this.log(`audit: could not write ${batch.length} audit record(s); keeping them to retry`, whole);
        this.keep(batch);
      } else {
        // The database takes records, so what failed holds a record it refuses: find it by halving.
        this.failuresInARow = 0;
        for (const { events, error } of failed) await this.isolate(events, error);
      }
    }
    if (this.droppedUnlogged > 0) {
      this.log(`audit: ${this.droppedUnlogged} audit record(s) dropped because the audit could not be written for too long`);
      this.droppedUnlogged = 0;
    }
  }

  /** Writes what it can of a piece that failed while others were written; a single record that still fails is set aside. */
  private async isolate(events: AuditEvent[], error: unknown): Promise<void> {
    if (events.length === 1) {
      this.totals.undeliverable++;
      const event = events[0];
      this.log(
        `audit: the database refused an audit record on its own (${event?.action ?? '?'} by ${event?.actor ?? '?'} at ${event?.occurredAt ?? '?'}, request ${event?.requestId ?? '?'}); set aside, ${this.totals.undeliverable} since start`,
        error,
      );
      return;
    }
    const [first, second] = split(events, 2);
    const results = [];
    for (const half of [first ?? [], second ?? []]) results.push({ half, error: await this.tryAppend(half) });
    if (results.every((r) => r.error !== null)) {
      // Both halves failed: the database may have stopped taking records meanwhile. Keep them for the next flush.
      this.keep(events);
      this.log(`audit: could not write ${events.length} audit record(s); keeping them to retry`, results[0]?.error);
      return;
    }
    for (const result of results) if (result.error !== null) await this.isolate(result.half, result.error);
  }

  private async tryAppend(events: readonly AuditEvent[]): Promise<unknown> {
    try {
      await this.options.append(events);
      return null;
    } catch (error) {
      return error ?? new Error('the audit append failed');
    }
  }

  /** Puts events back at the front of the queue, oldest first. */
  private keep(events: readonly AuditEvent[]): void {
    this.pending = [...events, ...this.pending];
    this.bound();
  }

  /** Drops the oldest records beyond maxPending (counted, and logged after the next flush). */
  private bound(): void {
    if (this.pending.length <= this.maxPending) return;
    const excess = this.pending.length - this.maxPending;
    this.pending.splice(0, excess);
    this.droppedUnlogged += excess;
    this.totals.dropped += excess;
  }
}

/** Cuts a list into `count` consecutive pieces of near-equal length (none empty). */
function split<T>(items: readonly T[], count: number): T[][] {
  const pieces: T[][] = [];
  const size = Math.ceil(items.length / Math.max(1, count));
  for (let start = 0; start < items.length; start += size) pieces.push(items.slice(start, start + size));
  return pieces;
}
