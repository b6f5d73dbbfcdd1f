import { randomUUID } from 'node:crypto';
import type { IngestResult } from '../../pipeline/ingest/ingest-result.ts';
import type { Problem } from '../contract/common.ts';
import type { UploadProgress } from '../contract/extracts.ts';

/** An upload being ingested after its 202: its progress, then its report or its problem. */
export type UploadJob = {
  id: string;
  /** The signed-in user who sent it: only they (or an admin) may follow it. */
  owner: string;
  file: string;
  partner: string | null;
  dataset: string | null;
  startedAt: string;
  progress: UploadProgress;
  result: IngestResult | null;
  problem: Problem | null;
  finishedAt: number | null;
  /** Aborted by a cancel: the ingest stops at its next check before its commit (pipeline/ingest/cancellation.ts). */
  controller: AbortController;
  /** Who asked to cancel it, once someone has. */
  cancelledBy: string | null;
  /** What the ingest returned (committed, or refused or unchanged), before the rebuild: from then on it is too late to cancel. */
  ingested: IngestResult | null;
};

/** How long a finished job's report stays to be read. */
const KEEP_FINISHED_MS = 15 * 60_000;

/**
 * The upload jobs of this server process, in memory for their progress streams; each is also a row of
 * upload_job (pipeline/ingest/upload-job-log.ts), so a restart does not forget it. Listeners hear every change so a progress stream never polls.
 */
export class UploadJobs {
  private readonly jobs = new Map<string, UploadJob>();
  private readonly listeners = new Map<string, Set<() => void>>();

  /** A new queued job for an upload of totalBytes. */
  create(owner: string, upload: { file: string; partner: string | null; dataset: string | null; totalBytes: number }): UploadJob {
    this.prune();
    const job: UploadJob = {
      id: randomUUID(),
      owner,
      file: upload.file,
      partner: upload.partner,
      dataset: upload.dataset,
      startedAt: new Date().toISOString(),
      progress: { phase: 'queued', rows: 0, bytesRead: 0, totalBytes: upload.totalBytes },
      result: null,
      problem: null,
      finishedAt: null,
      controller: new AbortController(),
      cancelledBy: null,
      ingested: null,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): UploadJob | undefined {
    return this.jobs.get(id);
  }

  /** Records progress and tells the listeners. */
  update(job: UploadJob, progress: Partial<UploadProgress>): void {
    job.progress = { ...job.progress, ...progress };
    this.notify(job);
  }

  finish(job: UploadJob, result: IngestResult): void {
    job.result = result;
    job.finishedAt = Date.now();
    this.update(job, { phase: 'done', rows: result.rowsRead });
  }

  fail(job: UploadJob, problem: Problem): void {
    if (job.finishedAt !== null) return;
    job.problem = problem;
    job.finishedAt = Date.now();
    this.update(job, { phase: 'failed' });
  }

  /** Ends a job its cancel stopped (or kept from starting), with the problem its stream ends with; a job already ended is left as it is. */
  cancel(job: UploadJob, problem: Problem): void {
    if (job.finishedAt !== null) return;
    job.problem = problem;
    job.finishedAt = Date.now();
    this.update(job, { phase: 'cancelled' });
  }

  /** Records what the job's ingest returned (its commit done, or nothing to commit), so a cancel now answers that it is too late. */
  ingested(job: UploadJob, result: IngestResult): void {
    job.ingested = result;
    this.notify(job);
  }

  /** Resolves once the job has ended or its ingest has returned, or after waitMs, whichever comes first. */
  async settled(job: UploadJob, waitMs: number): Promise<void> {
    if (job.finishedAt !== null || job.ingested !== null) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      const unsubscribe = this.subscribe(job, () => {
        if (job.finishedAt !== null || job.ingested !== null) done();
      });
    });
  }

  /** Calls listener on every change of the job; returns the unsubscribe function. */
  subscribe(job: UploadJob, listener: () => void): () => void {
    const set = this.listeners.get(job.id) ?? new Set();
    set.add(listener);
    this.listeners.set(job.id, set);
    return () => set.delete(listener);
  }

  private notify(job: UploadJob): void {
    for (const listener of this.listeners.get(job.id) ?? []) listener();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) {
        this.jobs.delete(id);
        this.listeners.delete(id);
      }
    }
  }
}
