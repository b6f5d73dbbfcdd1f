import { rm } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import { CancelledError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../pipeline/errors.ts';
import { throwIfCancelled } from '../../pipeline/ingest/cancellation.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { extractById, listExtracts, quarantinePage, quarantineReasonCounts } from '../../pipeline/ingest/extract-log.ts';
import { ingestExtract, type IngestOptions, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { agreementOfExtract, rawRowsRefusal } from '../access/data-access.ts';
import { maskPseudonyms } from '../access/pseudonym-mask.ts';
import type { Principal } from '../access/principal.ts';
import { findUploadJob, finishUploadJob, INTERRUPTED_MESSAGE, recordUploadJob, type StoredUploadJob } from '../../pipeline/ingest/upload-job-log.ts';
import { ExtractList, ExtractParams, ExtractReport, QuarantinePage, QuarantineQuery, UploadAccepted, UploadJobParams, UploadJobStatus, UploadResult } from '../contract/index.ts';
import { extractReport, extractSummaryOf } from '../extracts/extract-report.ts';
import { quarantineCsv } from '../extracts/quarantine-csv.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import { problemOf } from '../middleware/problem-details/index.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { checkLocalFiles } from '../uploads/local-files.ts';
import { receiveUpload } from '../uploads/receive-upload.ts';
import { UploadJobs, type UploadJob } from '../uploads/upload-jobs.ts';
import { jsonBody } from './board-request.ts';

/** The CLI's hand-off: files and the directories named on its command line; "loaded by" is never taken from the caller. */
const localIngestBody = z.object({
  files: z.array(z.string().min(1).max(4096)).min(1).max(1000),
  roots: z.array(z.string().min(1).max(4096)).min(1).max(1000),
  dataset: z.string().nullable(),
  dryRun: z.boolean(),
  /** Confirms replacing extracts already loaded for the files' periods (ingest --replace). */
  replace: z.boolean().optional(),
});

const uploadFields = z.object({
  dataset: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_]+$/, 'must be partner.dataset').or(z.literal('')).optional(),
  dryRun: z.enum(['true', 'false']).optional(),
  /** "true" confirms that the file may replace the extracts already loaded for its periods. */
  replace: z.enum(['true', 'false']).optional(),
});

/** A quarantined row's kept raw values as stored (JSON text): field name to value. */
const StoredKeptValues = z.record(z.string(), z.unknown());

const ListQuery = z.object({ partner: z.string().regex(/^[a-z0-9-]+$/, 'is not a partner id').optional() });

/** How often a job's row count is passed on to its progress stream. */
const PROGRESS_EVERY_MS = 100;

/** How long a cancel waits for a running ingest to stop before answering 202 (it then stops at its next check). */
const CANCEL_WAIT_MS = 10_000;

type IngestHooks = {
  onProgress?: IngestOptions['onProgress'];
  /** Told as each file's ingest returns: committed (or with nothing to commit), so from then on a cancel is too late. */
  onIngested?: (result: IngestResult) => void;
  onRebuild?: () => void;
  /** Cancels the ingest up to its commit (IngestOptions.signal). */
  signal?: AbortSignal;
};

/** Ingests files one by one, then rebuilds the indicators they touch. */
async function ingestAll(
  state: ObservatoryState,
  files: { path: string; name?: string }[],
  options: { dataset: string | null; dryRun: boolean; replace: boolean; loadedBy: string; onlyPartner?: string },
  hooks: IngestHooks = {},
): Promise<IngestResult[]> {
  const context = { ...state.ingest, loadedBy: options.loadedBy };
  const results: IngestResult[] = [];
  for (const file of files) {
    const result = await ingestExtract(context, file.path, {
        ...(options.dataset ? { dataset: options.dataset } : {}),
        dryRun: options.dryRun,
        replace: options.replace,
        ...(options.onlyPartner ? { onlyPartner: options.onlyPartner } : {}),
        ...(file.name ? { displayName: file.name } : {}),
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
      });
    results.push(result);
    hooks.onIngested?.(result);
  }
  if (!options.dryRun) {
    hooks.onRebuild?.();
    await rebuildAfterIngest(state.db, state.definitions, state.agreements, results);
  }
  return results;
}

/** The signed-in user, or a 401. */
function signedIn(c: Context): Principal {
  const principal = c.get('principal');
  if (!principal) throw new UnauthenticatedError('sign in first');
  return principal;
}

/** Whether the request asked for the 202-and-progress-stream answer (RFC 7240). */
function wantsAsync(c: Context): boolean {
  return /(^|[,\s])respond-async([,;\s]|$)/i.test(c.req.header('prefer') ?? '');
}

/** What a cancelled job says when its problem has no detail. */
const CANCELLED_STATUS = 'cancelled: nothing from it was loaded';

/** The problem a cancelled job ends with (its stream's last event, its stored summary). */
function cancelledProblem(by: string): CancelledError {
  return new CancelledError(`cancelled by ${by}: nothing from this upload was loaded`);
}

/** A live job (this process runs it) as the job route answers it. */
function liveStatus(job: UploadJob): UploadJobStatus {
  const state = job.result ? 'done' : job.problem ? (job.progress.phase === 'cancelled' ? 'cancelled' : 'failed') : 'running';
  const message =
    state === 'done'
      ? `done: ${job.result?.status ?? ''}${job.result?.extractId ? ` as ${job.result.extractId}` : ''}`
      : state === 'failed'
        ? `failed: ${job.problem?.detail ?? 'see the problem'}`
        : state === 'cancelled'
          ? `${job.problem?.detail ?? CANCELLED_STATUS}`
          : job.cancelledBy
            ? `cancelling (asked by ${job.cancelledBy}): the ingest stops at its next check, before anything is loaded`
            : `running: ${job.progress.phase}, ${job.progress.rows} rows so far`;
  return {
    jobId: job.id,
    file: job.file,
    partner: job.result?.partner ?? job.partner,
    dataset: job.result?.dataset ?? job.dataset,
    state,
    message,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
    progress: job.progress,
    result: job.result,
    problem: job.problem,
    cancelledBy: state === 'cancelled' ? job.cancelledBy : null,
  };
}

/** A job only the database remembers (finished before, or cut short by, a restart). */
function storedStatus(job: StoredUploadJob): UploadJobStatus {
  // The job log parsed the summary by state: a done job's result (or what start-up recovered), a failed or cancelled one's problem.
  const done = job.state === 'done' ? job.summary : null;
  const recovered = done !== null && 'recoveredAtStart' in done ? done : null;
  const result = done !== null && !('recoveredAtStart' in done) ? done : null;
  const problem = job.state === 'failed' || job.state === 'cancelled' ? job.summary : null;
  const message =
    job.state === 'interrupted'
      ? INTERRUPTED_MESSAGE
      : job.state === 'cancelled'
        ? problem?.detail || CANCELLED_STATUS
      : job.state === 'running'
        ? 'running in another server process'
        : job.state === 'failed'
          ? `failed: ${problem ? problem.detail : 'see the extract log'}`
          : result
            ? `done: ${result.status}${result.extractId ? ` as ${result.extractId}` : ''}`
            : recovered
              ? `done: ${recovered.status} as ${recovered.extractId} (the server restarted before it could report; the extract log has the rest)`
              : 'done';
  return {
    jobId: job.jobId,
    file: job.fileName,
    partner: job.partner,
    dataset: job.dataset,
    state: job.state,
    message,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: null,
    result,
    problem,
    cancelledBy: job.state === 'cancelled' ? job.cancelledBy : null,
  };
}

/** Whether the job ended cancelled (read through a call, as the ingest changes it between the route's awaits). */
function wasCancelled(job: UploadJob): boolean {
  return job.progress.phase === 'cancelled';
}

/** The 409 for a job that cannot be cancelled any more: it loaded (naming the extract), or it ended otherwise; `result` is what its ingest returned, when the job has not reported it yet. */
function tooLateToCancel(status: UploadJobStatus, result: Pick<IngestResult, 'status' | 'extractId'> | null = status.result): ConflictError {
  const extractId = result?.extractId ?? null;
  if (result?.status === 'loaded' && extractId) {
    return new ConflictError(
      `the upload ${status.file} has already loaded as ${extractId} (see /api/extracts/${extractId}); a committed load is not undone — send a corrected file with replace=true to replace it`,
      { field: 'id' },
    );
  }
  if (status.state === 'running' && status.progress === null) {
    return new ConflictError(`the upload ${status.file} is run by another server process, which alone can cancel it`, { field: 'id' });
  }
  if (status.state === 'running' || (status.state === 'done' && !result)) {
    return new ConflictError(`the upload ${status.file} is past the point where it can be cancelled: ${status.message}`, { field: 'id' });
  }
  return new ConflictError(`the upload ${status.file} has already ended, so there is nothing to cancel: ${status.message}`, { field: 'id' });
}

const jobRoute = createRoute({
  method: 'get',
  path: '/jobs/{id}/status',
  operationId: 'getUploadJob',
  tags: ['Extracts'],
  summary: 'An upload job’s state: running (with progress), done (with the report), failed (with the problem), cancelled, or interrupted by a restart',
  description:
    'Kept in the database, so it answers after a restart: a job the server was running when it stopped is `interrupted` (nothing from it was loaded); a job cancelled before it loaded is `cancelled` (nothing from it was loaded, `cancelledBy` says who). Only the uploader or an admin may read it.',
  request: { params: UploadJobParams },
  responses: { 200: jsonResponse(UploadJobStatus, 'The job.'), ...problemResponses(400, 401, 403, 404) },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/jobs/{id}/cancel',
  operationId: 'cancelUploadJob',
  tags: ['Extracts'],
  summary: 'Cancel an upload job that is queued or still reading: its ingest stops before its commit and nothing from it is loaded',
  description:
    'A queued job never starts; a running one stops at its next check (between rows, between statements, before the commit) and its transaction rolls back: no extract, no rows, no quarantine. 200 with the job `cancelled`; 202 with the job still `running` (cancelling) when it has not stopped within a few seconds (it will; follow the job). 409 when the job has already loaded (the problem names the extract: a committed load is not undone) or already ended. Only the uploader or an admin may cancel it.',
  request: { params: UploadJobParams },
  responses: {
    200: jsonResponse(UploadJobStatus, 'Cancelled: nothing from the upload was loaded.'),
    202: jsonResponse(UploadJobStatus, 'Cancelling: the ingest stops at its next check, before its commit.'),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listExtracts',
  tags: ['Extracts'],
  summary: 'The extract log, newest first (a partner: its own extracts only)',
  request: { query: ListQuery },
  responses: { 200: jsonResponse(ExtractList, 'The extract log.'), ...problemResponses(400, 401, 403) },
});

const reportRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getExtract',
  tags: ['Extracts'],
  summary: 'An extract’s report: rows read, loaded, quarantined and outside the area; reasons; fields kept, pseudonymised and dropped; agreement; SHA-256; what it replaced and what replaced it',
  request: { params: ExtractParams },
  responses: { 200: jsonResponse(ExtractReport, 'The report.'), ...problemResponses(400, 401, 403, 404) },
});

const quarantineRoute = createRoute({
  method: 'get',
  path: '/{id}/quarantine',
  operationId: 'getQuarantine',
  tags: ['Extracts'],
  summary: 'An extract’s quarantined rows, paged and filterable by reason, as JSON or a CSV download',
  description: 'Line numbers and reasons for every role that may see the extract; kept raw values only for roles the agreement’s access.rawRows names.',
  request: { params: ExtractParams, query: QuarantineQuery },
  responses: {
    200: { description: 'A page of the quarantine (or, as CSV, all of it).', content: { 'application/json': { schema: QuarantinePage }, 'text/csv': { schema: z.string() } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/jobs/{id}/progress',
  operationId: 'followUpload',
  tags: ['Extracts'],
  summary: 'An upload job’s progress as Server-Sent Events',
  description:
    '`progress` events (UploadProgress: phase, rows, bytesRead, totalBytes), then one `report` (UploadResult) or `problem` (Problem) event, then the stream ends; a cancelled job’s problem is `urn:observatory:cancelled` (nothing from it was loaded). Only the uploader or an admin may follow a job.',
  request: { params: UploadJobParams },
  responses: { 200: { description: 'The event stream.', content: { 'text/event-stream': { schema: z.string() } } }, ...problemResponses(400, 401, 403, 404) },
});

/** The extract log, reports, quarantine, uploads (with a progress stream), and the CLI's hand-off while the server owns the database. */
export function extractRoutes(state: ObservatoryState) {
  const jobs = new UploadJobs();

  /** The stored job, if the caller sent it or is an admin; else 404 or 403. */
  const storedJobFor = async (id: string, principal: Principal, verb = 'read'): Promise<StoredUploadJob> => {
    const stored = await findUploadJob(state.db, id);
    if (!stored) {
      throw new NotFoundError(
        `no upload job "${id}": if the server restarted before it began loading the file, nothing from it was loaded — send it again (the extract log has every upload that loaded)`,
        { field: 'id' },
      );
    }
    if (stored.owner !== principal.name && principal.role !== 'admin') throw new ForbiddenError(`only the user who uploaded the file, or an admin, may ${verb} its job`);
    return stored;
  };

  /**
   * Ingests a received upload in the background, telling its job what happens. The job's row is written
   * first, on the same writer queue the ingest then waits on, so no ingest starts without its row; the row
   * says how the job ended, so a restart does not forget it.
   */
  const runJob = (c: Context, job: UploadJob, upload: { path: string; name: string }, fields: { dataset: string | null; dryRun: boolean; replace: boolean; onlyPartner?: string }, loadedBy: string) => {
    let lastTold = 0;
    const hooks: IngestHooks = {
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastTold < PROGRESS_EVERY_MS) return;
        lastTold = now;
        jobs.update(job, { phase: 'reading', rows: progress.rows, bytesRead: progress.bytesRead, totalBytes: progress.totalBytes || job.progress.totalBytes });
      },
      onRebuild: () => jobs.update(job, { phase: 'rebuilding' }),
    };
    const signal = job.controller.signal;
    hooks.signal = signal;
    hooks.onIngested = (result) => jobs.ingested(job, result);
    const recorded = recordUploadJob(state.db, { jobId: job.id, owner: job.owner, partner: job.partner, dataset: job.dataset, fileName: job.file });
    recorded
      .then(() => {
        // Cancelled while queued: its ingest never starts.
        throwIfCancelled(signal);
        jobs.update(job, { phase: 'reading' });
        return ingestAll(state, [upload], { ...fields, loadedBy }, hooks);
      })
      .then(async ([result]) => {
        if (!result) throw new Error('the ingest returned no result');
        jobs.finish(job, result);
        await finishUploadJob(state.db, job.id, { state: 'done', partner: result.partner, dataset: result.dataset, summary: result }).catch((error: unknown) =>
          console.error(`upload job ${job.id}: its report could not be written to upload_job (the extract log has the extract)`, error),
        );
      })
      .catch(async (error: unknown) => {
        const problem = problemOf(error instanceof Error ? error : new Error(String(error)), c);
        if (error instanceof CancelledError && job.cancelledBy !== null) {
          jobs.cancel(job, problem);
          if (await recorded.then(() => true, () => false)) {
            await finishUploadJob(state.db, job.id, { state: 'cancelled', partner: null, dataset: null, summary: job.problem ?? problem, cancelledBy: job.cancelledBy }).catch((writeError: unknown) =>
              console.error(`upload job ${job.id}: its cancellation could not be written to upload_job`, writeError),
            );
          }
          return;
        }
        jobs.fail(job, problem);
        // Only a job whose row was written has one to mark failed.
        if (await recorded.then(() => true, () => false)) {
          await finishUploadJob(state.db, job.id, { state: 'failed', partner: null, dataset: null, summary: problem }).catch((writeError: unknown) =>
            console.error(`upload job ${job.id}: its failure could not be written to upload_job`, writeError),
          );
        }
      })
      .finally(() => rm(upload.path, { force: true }).catch((error: unknown) => console.error(`could not remove upload ${upload.path}:`, error)));
  };

  const router = apiRouter();
  // The upload streams its body to disk, so it is declared for the document only (a validator would read the form into memory).
  router.openAPIRegistry.registerPath({
    method: 'post',
    path: '/',
    operationId: 'uploadExtract',
    tags: ['Extracts'],
    summary: 'Upload an extract (streamed to disk); with `Prefer: respond-async`, answers 202 and a progress stream',
    description:
      'A multipart form with a field `file` (and optionally `dataset`, `dryRun`), or a `text/csv` body with `?dataset=&dryRun=&name=`. Without `Prefer: respond-async` the answer waits for the ingest: 200, or 422 when the file is refused.',
    request: {
      body: {
        content: {
          'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }), dataset: z.string().optional(), dryRun: z.enum(['true', 'false']).optional() }) },
          'text/csv': { schema: z.string() },
        },
      },
    },
    responses: {
      200: jsonResponse(UploadResult, 'The ingest’s report.'),
      202: jsonResponse(UploadAccepted, 'Accepted: follow the progress stream (also in Location).'),
      422: jsonResponse(UploadResult, 'Refused: the report says why.'),
      ...problemResponses(400, 401, 403),
    },
  });
  return router
    .openapi(listRoute, async (c) => {
      const asked = c.req.valid('query').partner;
      // A partner sees only its own extracts (the authorization middleware refused a query for another's).
      const partner = partnerOfRole(signedIn(c).role) ?? asked;
      const extracts = (await listExtracts(state.db, partner)).map(extractSummaryOf);
      c.set('auditDatasets', [...new Set(extracts.flatMap((e) => (e.dataset ? [e.dataset] : [])))]);
      return c.json({ extracts }, 200);
    })
    .openapi(progressRoute, async (c) => {
      const principal = signedIn(c);
      const id = c.req.valid('param').id;
      const job = jobs.get(id);
      if (!job) {
        // Not this process's: the database says how it ended, as the stream's last event.
        const stored = await storedJobFor(id, principal);
        const status = storedStatus(stored);
        if (stored.dataset) c.set('auditDatasets', [stored.dataset]);
        return streamSSE(c, async (stream) => {
          if (status.result) await stream.writeSSE({ event: 'report', data: JSON.stringify({ result: status.result }) });
          else if (status.problem) await stream.writeSSE({ event: 'problem', data: JSON.stringify(status.problem) });
          else await stream.writeSSE({ event: 'problem', data: JSON.stringify({ type: 'about:blank', title: `Upload ${status.state}`, status: 409, detail: status.message }) });
        });
      }
      if (job.owner !== principal.name && principal.role !== 'admin') throw new ForbiddenError('only the user who uploaded the file, or an admin, may follow its progress');
      if (job.result?.dataset) c.set('auditDatasets', [job.result.dataset]);
      return streamSSE(c, async (stream) => {
        let changed = true;
        let wake: (() => void) | null = null;
        const unsubscribe = jobs.subscribe(job, () => {
          changed = true;
          wake?.();
        });
        stream.onAbort(() => wake?.());
        try {
          while (!stream.aborted) {
            if (changed) {
              changed = false;
              await stream.writeSSE({ event: 'progress', data: JSON.stringify(job.progress) });
            }
            if (job.finishedAt !== null) break;
            // Wait for a change, or 15 s for a comment line that keeps proxies from closing an idle stream.
            const heartbeat = await new Promise<boolean>((resolve) => {
              const timer = setTimeout(() => resolve(true), 15_000);
              wake = () => {
                clearTimeout(timer);
                resolve(false);
              };
              if (changed || stream.aborted) wake();
            });
            wake = null;
            if (heartbeat && !changed) await stream.write(': still working\n\n');
          }
          if (job.result) await stream.writeSSE({ event: 'report', data: JSON.stringify({ result: job.result }) });
          else if (job.problem) await stream.writeSSE({ event: 'problem', data: JSON.stringify(job.problem) });
        } finally {
          unsubscribe();
        }
      });
    })
    .openapi(jobRoute, async (c) => {
      const principal = signedIn(c);
      const id = c.req.valid('param').id;
      const live = jobs.get(id);
      if (live) {
        if (live.owner !== principal.name && principal.role !== 'admin') throw new ForbiddenError('only the user who uploaded the file, or an admin, may read its job');
        const status = liveStatus(live);
        if (status.dataset) c.set('auditDatasets', [status.dataset]);
        return c.json(status, 200);
      }
      const status = storedStatus(await storedJobFor(id, principal));
      if (status.dataset) c.set('auditDatasets', [status.dataset]);
      return c.json(status, 200);
    })
    .openapi(cancelRoute, async (c) => {
      const principal = signedIn(c);
      const id = c.req.valid('param').id;
      const job = jobs.get(id);
      if (!job) {
        // Not this process's: only the database knows it, and it has ended (or another process runs it).
        const stored = await storedJobFor(id, principal, 'cancel');
        if (stored.dataset) c.set('auditDatasets', [stored.dataset]);
        const status = storedStatus(stored);
        if (stored.state === 'cancelled') return c.json(status, 200);
        throw tooLateToCancel(status);
      }
      if (job.owner !== principal.name && principal.role !== 'admin') throw new ForbiddenError('only the user who uploaded the file, or an admin, may cancel its job');
      const dataset = job.result?.dataset ?? job.dataset;
      if (dataset) c.set('auditDatasets', [dataset]);
      if (wasCancelled(job)) return c.json(liveStatus(job), 200);
      if (job.finishedAt !== null || job.ingested !== null) throw tooLateToCancel(liveStatus(job), job.result ?? job.ingested);
      if (job.cancelledBy === null) {
        job.cancelledBy = principal.name;
        const queued = job.progress.phase === 'queued';
        const error = cancelledProblem(principal.name);
        job.controller.abort(error);
        // Queued behind another upload: it ends now; its row is marked when the queue reaches it, and its ingest never starts.
        if (queued) jobs.cancel(job, problemOf(error, c));
      }
      await jobs.settled(job, CANCEL_WAIT_MS);
      // The cancel came while the ingest was committing: it loaded, and a committed load is not undone.
      if (!wasCancelled(job) && (job.finishedAt !== null || job.ingested !== null)) throw tooLateToCancel(liveStatus(job), job.result ?? job.ingested);
      const status = liveStatus(job);
      return c.json(status, status.state === 'cancelled' ? 200 : 202);
    })
    .openapi(reportRoute, async (c) => {
      const report = await extractReport(state, c.req.valid('param').id, signedIn(c).role);
      if (report.dataset) c.set('auditDatasets', [report.dataset]);
      return c.json(report, 200);
    })
    .openapi(quarantineRoute, async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const row = await extractById(state.db, id);
      if (!row) throw new NotFoundError(`no extract "${id}"`, { field: 'id' });
      const extract = extractSummaryOf(row);
      if (extract.dataset) c.set('auditDatasets', [extract.dataset]);
      const withheld = rawRowsRefusal(state, signedIn(c).role, extract);
      const agreement = agreementOfExtract(state, extract);
      const reason = query.reason ?? null;
      const csv = query.format === 'csv';
      const page = await quarantinePage(state.db, id, { reason, offset: csv ? 0 : query.offset, limit: csv ? 2 ** 31 - 1 : query.limit });
      const rows = page.rows.map((r) => ({
        line: r.line,
        field: r.field,
        reason: r.reason,
        keptValues: withheld === null ? maskPseudonyms(StoredKeptValues.parse(JSON.parse(r.keptValues)), agreement) : null,
      }));
      if (csv) {
        return c.body(quarantineCsv(rows), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${id}-quarantine${reason ? '-filtered' : ''}.csv"`,
        });
      }
      return c.json(
        {
          extractId: id,
          total: page.total,
          offset: query.offset,
          limit: query.limit,
          reason,
          reasons: await quarantineReasonCounts(state.db, id),
          rawValuesVisible: withheld === null,
          rawValuesWithheld: withheld,
          rows,
        },
        200,
      );
    })
    .post('/', async (c) => {
      // An upload: a multipart form field "file" (or a text/csv body), streamed to the directory beside the database.
      const principal = signedIn(c);
      const upload = await receiveUpload(c.req.raw, { dir: state.access.uploadDir, limitBytes: state.access.uploadLimitBytes, query: c.req.query() });
      let handedOver = false;
      try {
        const parsed = parseInput(uploadFields, upload.fields);
        // A partner's user may send only that partner's own datasets (checked once the file's dataset is known).
        const partner = partnerOfRole(principal.role);
        const fields = { dataset: parsed.dataset || null, dryRun: parsed.dryRun === 'true', replace: parsed.replace === 'true', ...(partner ? { onlyPartner: partner } : {}) };
        if (wantsAsync(c)) {
          const job = jobs.create(principal.name, { file: upload.name, partner: partner ?? fields.dataset?.split('.')[0] ?? null, dataset: fields.dataset, totalBytes: upload.bytes });
          runJob(c, job, upload, fields, principal.name);
          handedOver = true;
          const progress = `/api/extracts/jobs/${job.id}/progress`;
          c.header('Location', progress);
          return c.json(UploadAccepted.parse({ jobId: job.id, progress, file: upload.name, bytes: upload.bytes }), 202);
        }
        const [result] = await ingestAll(state, [{ path: upload.path, name: upload.name }], { ...fields, loadedBy: principal.name });
        if (result?.dataset) c.set('auditDatasets', [result.dataset]);
        return c.json({ result }, result?.status === 'refused' ? 422 : 200);
      } finally {
        if (!handedOver) await rm(upload.path, { force: true });
      }
    })
    .post('/local', async (c) => {
      // Authenticated by the authorization middleware with the secret in the file beside the database.
      const principal = c.get('principal');
      if (principal?.via !== 'local') throw new UnauthenticatedError('the local hand-off needs the local secret');
      const body = parseInput(localIngestBody, await jsonBody(c));
      const files = await checkLocalFiles(body.files, body.roots);
      const results = await ingestAll(state, files.map((path) => ({ path })), { dataset: body.dataset, dryRun: body.dryRun, replace: body.replace ?? false, loadedBy: principal.name });
      c.set('auditDatasets', results.flatMap((r) => (r.dataset ? [r.dataset] : [])));
      return c.json({ results }, 200);
    });

}
