/**
 * Sends a file to POST /api/extracts with `Prefer: respond-async`: bytes sent come from
 * XMLHttpRequest's upload progress (fetch cannot report them), then rows from the job's
 * Server-Sent Events stream, then the report or the problem. Cancellable while the bytes are sent
 * (the request is aborted) and, once the server has the file, while it is queued or reading
 * (POST /api/extracts/jobs/{id}/cancel: the ingest stops before its commit and nothing is loaded).
 */
import { Problem, UploadAccepted, UploadJobStatus, UploadProgress, UploadResult, type IngestReport } from '../../../../server/contract/index.ts';

export type TransferEvents = {
  onBytes(sent: number, total: number): void;
  onAccepted(accepted: UploadAccepted): void;
  onProgress(progress: UploadProgress): void;
  onReport(result: IngestReport): void;
  onProblem(message: string): void;
  /** The job was cancelled (by this page or elsewhere): nothing from it was loaded. */
  onCancelled(message: string): void;
};

/** What a cancel did: stopped the sending, cancelled the job, asked it to stop (it stops at its next check), or could not (too late: the message says why). */
export type CancelAnswer = { kind: 'stopped' } | { kind: 'cancelled' } | { kind: 'cancelling' } | { kind: 'refused'; message: string } | { kind: 'idle' };

export type Transfer = { cancel(): Promise<CancelAnswer> };

/** The problem type a cancelled job's stream ends with. */
const CANCELLED_TYPE = 'urn:observatory:cancelled';

/** Cancels an upload job the server has (POST /api/extracts/jobs/{id}/cancel). */
export async function cancelUploadJob(jobId: string): Promise<CancelAnswer> {
  let response: Response;
  try {
    response = await fetch(`/api/extracts/jobs/${encodeURIComponent(jobId)}/cancel`, { method: 'POST', headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'refused', message: 'The cancel could not be sent: the connection to the observatory failed. The upload may still load.' };
  }
  const text = await response.text();
  if (response.status === 200) return { kind: 'cancelled' };
  if (response.status === 202) return { kind: 'cancelling' };
  return { kind: 'refused', message: problemText(text, response.status) };
}

function problemText(text: string, status: number): string {
  try {
    const problem = Problem.partial().safeParse(JSON.parse(text));
    if (problem.success && problem.data.detail) return problem.data.detail;
  } catch {
    // Not a problem document.
  }
  if (status === 401) return 'You are not signed in, or your session has ended: sign in and upload again.';
  return `The observatory answered ${status}.`;
}

/** An upload job's state (GET /api/extracts/jobs/{id}/status): kept by the server across a restart. */
export async function uploadJobStatus(jobId: string): Promise<UploadJobStatus> {
  const response = await fetch(`/api/extracts/jobs/${encodeURIComponent(jobId)}/status`, { headers: { accept: 'application/json' } });
  const text = await response.text();
  if (!response.ok) throw new Error(problemText(text, response.status));
  return UploadJobStatus.parse(JSON.parse(text));
}

/** Follows a job's progress stream until its report or problem. */
export function follow(progressUrl: string, events: TransferEvents): EventSource {
  const source = new EventSource(progressUrl);
  let finished = false;
  source.addEventListener('progress', (event) => events.onProgress(UploadProgress.parse(JSON.parse((event as MessageEvent<string>).data))));
  source.addEventListener('report', (event) => {
    finished = true;
    source.close();
    events.onReport(UploadResult.parse(JSON.parse((event as MessageEvent<string>).data)).result);
  });
  source.addEventListener('problem', (event) => {
    finished = true;
    source.close();
    const data = (event as MessageEvent<string>).data;
    const problem = Problem.partial().safeParse(JSON.parse(data));
    if (problem.success && problem.data.type === CANCELLED_TYPE) events.onCancelled(problem.data.detail ?? 'The upload was cancelled: nothing from it was loaded.');
    else events.onProblem(problemText(data, 500));
  });
  source.onerror = () => {
    if (finished) return;
    source.close();
    events.onProblem('The progress stream was lost. The server may still be loading the file, or may have restarted: reload this page in a minute to see what became of it (the extract log has every upload that loaded).');
  };
  return source;
}

/** Starts the upload; cancel() stops it while the bytes are being sent, and cancels its job once the server has the file (until it has loaded). */
export function startUpload(file: File, events: TransferEvents, options: { replace?: boolean } = {}): Transfer {
  const xhr = new XMLHttpRequest();
  let sending = true;
  let jobId: string | null = null;
  xhr.open('POST', '/api/extracts');
  xhr.setRequestHeader('Prefer', 'respond-async');
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.upload.onprogress = (event) => events.onBytes(event.loaded, event.lengthComputable ? event.total : file.size);
  xhr.onload = () => {
    sending = false;
    if (xhr.status === 202) {
      const accepted = UploadAccepted.parse(JSON.parse(xhr.responseText));
      jobId = accepted.jobId;
      events.onAccepted(accepted);
      follow(accepted.progress, events);
    } else events.onProblem(problemText(xhr.responseText, xhr.status));
  };
  xhr.onerror = () => {
    sending = false;
    events.onProblem('The file could not be sent: the connection to the observatory failed.');
  };
  xhr.onabort = () => {
    sending = false;
  };
  const form = new FormData();
  if (options.replace === true) form.set('replace', 'true');
  form.set('file', file, file.name);
  xhr.send(form);
  return {
    cancel: async () => {
      if (sending) {
        xhr.abort();
        return { kind: 'stopped' };
      }
      return jobId ? cancelUploadJob(jobId) : { kind: 'idle' };
    },
  };
}
