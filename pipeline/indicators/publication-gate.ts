/**
 * Readers of published figures and the commit of a build exclude each other, so an answer that reads
 * the figures in several queries never reads some before a build's commit and some after it: every
 * answer comes from one complete build, and the build id it names is the one it read. A build waiting
 * to commit goes first (new readers wait behind it), so a steady stream of readers cannot starve it;
 * the wait is the commit itself, not the build's work.
 */
import type { Database } from '../db/database.ts';

/** A readers–writer gate between answers that read figures and the commit that replaces them. */
export class PublicationGate {
  private readers = 0;
  private publishing = false;
  private waitingPublishers = 0;
  private sleepers: (() => void)[] = [];

  /** Runs fn while no build commits. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    while (this.publishing || this.waitingPublishers > 0) await this.sleep();
    this.readers++;
    try {
      return await fn();
    } finally {
      this.readers--;
      this.wakeAll();
    }
  }

  /** Waits until no reader is inside, then holds the gate until the returned release is called. */
  async holdForPublication(): Promise<() => void> {
    this.waitingPublishers++;
    try {
      while (this.publishing || this.readers > 0) await this.sleep();
    } finally {
      this.waitingPublishers--;
    }
    this.publishing = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.publishing = false;
      this.wakeAll();
    };
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => this.sleepers.push(resolve));
  }

  private wakeAll(): void {
    const woken = this.sleepers;
    this.sleepers = [];
    for (const wake of woken) wake();
  }
}

const gates = new WeakMap<Database, PublicationGate>();

/** The gate of an open database (one per process: the server and its builds share it). */
export function publicationGate(db: Database): PublicationGate {
  let gate = gates.get(db);
  if (!gate) {
    gate = new PublicationGate();
    gates.set(db, gate);
  }
  return gate;
}
