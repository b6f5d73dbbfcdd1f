/**
 * Sends a file to POST /api/extracts with `Prefer: respond-async`: bytes sent come from
 * XMLHttpRequest's upload progress (fetch cannot report them), then rows from the job's
 * Server-Sent Events stream, then the report or the problem. Cancellable while the bytes are sent.
 */
import { Problem, UploadAccepted, UploadJobStatus, UploadProgress, UploadResult, type IngestReport } from '../../../../server/contract/index.ts';

export type TransferEvents = {
  onBytes(sent: number, total: number): void;
  onAccepted(accepted: UploadAccepted): void;
  onProgress(progress: UploadProgress): void;
  onReport(result: IngestReport): void;
  onProblem(message: string): void;
};

export type Transfer = { cancel(): boolean };

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
    events.onProblem(problemText((event as MessageEvent<string>).data, 500));
  });
  source.onerror = () => {
    if (finished) return;
    source.close();
    events.onProblem('The progress stream was lost. The server may still be loading the file, or may have restarted: reload this page in a minute to see what became of it (the extract log has every upload that loaded).');
  };
  return source;
}

/** Starts the upload; cancel() stops it while the bytes are being sent (once the server has the file, its ingest runs to the end). */
export function startUpload(file: File, events: TransferEvents, options: { replace?: boolean } = {}): Transfer {
  const xhr = new XMLHttpRequest();
  let sending = true;
  xhr.open('POST', '/api/extracts');
  xhr.setRequestHeader('Prefer', 'respond-async');
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.upload.onprogress = (event) => events.onBytes(event.loaded, event.lengthComputable ? event.total : file.size);
  xhr.onload = () => {
    sending = false;
    if (xhr.status === 202) {
      const accepted = UploadAccepted.parse(JSON.parse(xhr.responseText));
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
    cancel: () => {
      if (!sending) return false;
      xhr.abort();
      return true;
    },
  };
}
