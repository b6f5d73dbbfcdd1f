/**
 * Upload jobs as the database keeps them: one row from the moment an upload's ingest is queued
 * until it ends, so that after a restart the job still answers for itself. A job the server was
 * running when it stopped is marked interrupted at the next start: its ingest is one transaction,
 * so nothing from it was loaded. A job its uploader or an admin cancelled before its commit is
 * cancelled (with who cancelled it): its transaction rolled back, so nothing from it was loaded either.
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { problemDocumentSchema, type ProblemDocument } from '../problem-document.ts';
import { ingestResultSchema, type IngestResult } from './ingest-result.ts';

export const UPLOAD_JOB_STATES = ['running', 'done', 'failed', 'interrupted', 'cancelled'] as const;
export const uploadJobStateSchema = z.enum(UPLOAD_JOB_STATES);
export type UploadJobState = z.infer<typeof uploadJobStateSchema>;

/** What an interrupted job says to whoever asks about it. */
export const INTERRUPTED_MESSAGE = 'interrupted: the server restarted before this upload finished; nothing from it was loaded — send it again';

/** How long a finished job's row is kept. */
export const UPLOAD_JOB_RETENTION_DAYS = 30;

/** The summary of a job found done in the extract log at start-up (its full report was not written). */
export const recoveredSummarySchema = z.object({ extractId: z.string(), status: z.string(), recoveredAtStart: z.literal(true) });
export type RecoveredSummary = z.infer<typeof recoveredSummarySchema>;

/**
 * A summary column: JSON text checked against `schema` once, when the row is read. A summary that does not
 * match (a row an older version wrote) reads as null, so the job still answers with its state.
 */
function storedSummary<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .nullable()
    .transform((text) => (text === null ? null : JSON.parse(text)))
    .pipe(schema.nullable().catch(null));
}

const storedJobFields = {
  jobId: z.string(),
  owner: z.string(),
  partner: z.string().nullable(),
  dataset: z.string().nullable(),
  fileName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Who cancelled it (state cancelled), else null. */
  cancelledBy: z.string().nullable(),
};

/** A job as stored; its summary is what its state ended with: the ingest's result (done), the problem (failed, cancelled), or none. */
export const storedUploadJobSchema = z.discriminatedUnion('state', [
  z.object({ ...storedJobFields, state: z.literal('done'), summary: storedSummary(z.union([ingestResultSchema, recoveredSummarySchema])) }),
  z.object({ ...storedJobFields, state: z.enum(['failed', 'cancelled']), summary: storedSummary(problemDocumentSchema) }),
  z.object({ ...storedJobFields, state: z.enum(['running', 'interrupted']), summary: z.null() }),
]);
export type StoredUploadJob = z.infer<typeof storedUploadJobSchema>;

/** How a job ended, as finishUploadJob records it. */
export type UploadJobOutcome = { partner: string | null; dataset: string | null } & (
  | { state: 'done'; summary: IngestResult }
  | { state: 'failed'; summary: ProblemDocument }
  | { state: 'cancelled'; summary: ProblemDocument; cancelledBy: string }
);

/** Records a job whose ingest is about to be queued. */
export async function recordUploadJob(db: Database, job: { jobId: string; owner: string; partner: string | null; dataset: string | null; fileName: string }): Promise<void> {
  await db.transaction((tx) =>
    tx.run(
      `INSERT INTO upload_job (job_id, owner, partner, dataset, file_name, state, started_at) VALUES ($id, $owner, $partner, $dataset, $file, 'running', now()::TIMESTAMP)`,
      { id: job.jobId, owner: job.owner, partner: job.partner, dataset: job.dataset, file: job.fileName },
    ),
  );
}

/** Records how a job ended: done with its result, failed with its problem, or cancelled (by whom) with its problem (each as JSON). */
export async function finishUploadJob(
  db: Database,
  jobId: string,
  outcome: UploadJobOutcome,
): Promise<void> {
  await db.transaction((tx) =>
    tx.run(
      `UPDATE upload_job SET state = $state, finished_at = now()::TIMESTAMP, summary = $summary, cancelled_by = $cancelledBy,
              partner = coalesce($partner, partner), dataset = coalesce($dataset, dataset)
       WHERE job_id = $id`,
      { id: jobId, state: outcome.state, summary: JSON.stringify(outcome.summary), partner: outcome.partner, dataset: outcome.dataset, cancelledBy: outcome.state === 'cancelled' ? outcome.cancelledBy : null },
    ),
  );
}

/** The stored job, or null. */
export async function findUploadJob(db: Database, jobId: string): Promise<StoredUploadJob | null> {
  const rows = await db.all(
    `SELECT job_id, owner, partner, dataset, file_name, state, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at,
            strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS finished_at, summary, cancelled_by
     FROM upload_job WHERE job_id = $id`,
    { id: jobId },
  );
  const row = rows[0];
  if (!row) return null;
  return storedUploadJobSchema.parse({
    jobId: row.job_id,
    owner: row.owner,
    partner: row.partner,
    dataset: row.dataset,
    fileName: row.file_name,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: row.summary,
    cancelledBy: row.cancelled_by,
  });
}

/**
 * At start-up: a job still running whose extract the log holds is marked done; every other job still running was cut short by the stop of the process that ran it (its
 * ingest's transaction went with it), so it is marked interrupted; finished jobs past their
 * retention are deleted. Returns how many were marked.
 */
export async function settleUploadJobsAtStart(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    // Killed after its ingest committed but before the job was marked done: the extract log has it.
    await tx.run(
      `UPDATE upload_job SET state = 'done', finished_at = now()::TIMESTAMP,
              summary = json_object('extractId', e.extract_id, 'status', e.status, 'recoveredAtStart', true)::VARCHAR
       FROM extract_log e
       WHERE upload_job.state = 'running' AND e.file_name = upload_job.file_name AND e.loaded_by = upload_job.owner AND e.loaded_at >= upload_job.started_at`,
    );
    const marked = await tx.all(`UPDATE upload_job SET state = 'interrupted', finished_at = now()::TIMESTAMP WHERE state = 'running' RETURNING job_id`);
    await tx.run(`DELETE FROM upload_job WHERE finished_at < now()::TIMESTAMP - to_days(CAST($days AS INTEGER))`, { days: UPLOAD_JOB_RETENTION_DAYS });
    return marked.length;
  });
}
