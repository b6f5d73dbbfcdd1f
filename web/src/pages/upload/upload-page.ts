/**
 * /upload: choose or drop a CSV; a worker reads only its start (so a 1 GB file does not freeze the
 * page) and the preview shows the first rows, the encoding and delimiter found, the dataset and
 * agreement the header matches (by the pipeline's own rules), the header mapping and the problems
 * already visible. Then the upload with its progress (bytes, then rows), cancellable until it has
 * loaded (while sending, and while the server has it queued or is reading it), and the extract's report.
 */
import type { DatasetLayout, IngestReport } from '../../../../server/contract/index.ts';
import { el } from '../../components/dom.ts';
import { setPageState, showPageError } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { facts, table } from '../extracts-common/extract-parts.ts';
import { extractsApi } from '../extracts-common/extracts-api.ts';
import { reportView } from '../extract-report/report-view.ts';
import type { StartOfFile } from './file-start.ts';
import { previewFile } from './preview-rules.ts';
import { follow, startUpload, uploadJobStatus, type Transfer } from './upload-transfer.ts';
import '../extracts-common/extracts.css';

const ROWS_SHOWN = 10;

/** What the page says of a cancelled upload, in plain words. */
function cancelledWords(file: string): string {
  return `The upload of ${file} was cancelled. Nothing from it was loaded: the data and the published figures are as they were.`;
}
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

type WorkerAnswer = { ok: true; start: StartOfFile } | { ok: false; message: string };

/** Reads the start of a file in the preview worker. */
function readStart(worker: Worker, file: File): Promise<StartOfFile> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => (event.data.ok ? resolve(event.data.start) : reject(new Error(event.data.message)));
    worker.onerror = (event) => reject(new Error(event.message || 'the preview could not read the file'));
    worker.postMessage(file);
  });
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB` : `${count(Math.ceil(bytes / 1024))} KB`;
}

/** Mounts the upload page. */
export async function mountUploadPage(root: HTMLElement): Promise<void> {
  root.classList.add('extract-pages');
  setPageState('loading');
  document.title = 'Upload an extract – Neighbourhood Observatory';
  let layouts: DatasetLayout[];
  try {
    layouts = (await extractsApi.datasets()).datasets;
  } catch (error) {
    root.replaceChildren(el('h1', null, 'Upload an extract'));
    showPageError(root, error);
    return;
  }
  const worker = new Worker(new URL('./preview-worker.ts', import.meta.url), { type: 'module' });

  const chooser = el('section', 'chooser');
  const label = el('label', 'drop-zone');
  label.htmlFor = 'file';
  label.append(el('strong', null, 'Choose a CSV file'), el('span', null, ' or drop it here. Nothing is sent until you press Upload.'));
  const input = el('input');
  input.type = 'file';
  input.id = 'file';
  input.accept = '.csv,text/csv,text/plain';
  chooser.append(label, input);

  const preview = el('section', 'preview');
  preview.setAttribute('aria-labelledby', 'preview-heading');
  preview.hidden = true;
  const transfer = el('section', 'transfer');
  transfer.hidden = true;
  const status = el('p', 'status');
  status.id = 'upload-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const result = el('section', 'result');
  result.id = 'upload-report';

  root.replaceChildren(
    el('h1', null, 'Upload an extract'),
    el('p', null, `The observatory recognises ${layouts.map((l) => l.title).join('; ')}. Each row is loaded, quarantined with its line and reason, or counted as outside the area; personal data the agreement does not allow is dropped before storage.`),
    chooser,
    preview,
    transfer,
    status,
    result,
  );

  let chosen: File | null = null;
  let running: Transfer | null = null;
  /** A cancel was asked and has not been answered by the end of the job yet. */
  let cancelling = false;

  const showPreview = async (file: File) => {
    chosen = file;
    result.replaceChildren();
    transfer.hidden = true;
    status.textContent = `Reading the start of ${file.name}…`;
    preview.hidden = false;
    preview.replaceChildren(el('h2', null, 'Checking the file'));
    let start: StartOfFile;
    try {
      start = await readStart(worker, file);
    } catch (error) {
      preview.replaceChildren(el('h2', null, 'The file could not be read'), el('p', 'error', error instanceof Error ? error.message : String(error)));
      status.textContent = '';
      return;
    }
    const found = previewFile(layouts, start);
    const heading = el('h2', null, `Preview of ${file.name}`);
    heading.id = 'preview-heading';
    const problems = el('ul', 'problems');
    problems.id = 'preview-problems';
    for (const problem of found.problems) {
      const item = el('li', `problem ${problem.severity}`);
      item.append(el('strong', null, problem.severity === 'refusal' ? 'Refused: ' : problem.severity === 'warning' ? 'Warning: ' : 'Note: '), problem.text);
      problems.append(item);
    }
    if (found.problems.length === 0) problems.append(el('li', 'problem note', 'No problem seen in the first rows.'));
    const encoding = `${start.encoding.encoding === 'windows-1252' ? 'Windows-1252 (not UTF-8: accented letters and £ will be read as Windows-1252)' : start.encoding.encoding.toUpperCase()}${start.encoding.byteOrderMark ? ', with a byte-order mark' : ''}`;
    const agreement = found.dataset?.agreement;
    preview.replaceChildren(
      heading,
      facts([
        ['Size', size(file.size)],
        ['Encoding', encoding],
        ['Delimiter', DELIMITER_NAMES[start.delimiter] ?? start.delimiter],
        ['Dataset', found.dataset ? `${found.dataset.title} (${found.dataset.id})` : 'none matches'],
        ['Partner', found.dataset?.partnerName ?? found.dataset?.partner ?? '—'],
        ['Agreement', agreement ? `${agreement.id} version ${agreement.version}, valid ${agreement.validFrom} to ${agreement.validTo}${agreement.inForce ? '' : ' (not in force)'}` : '—'],
        ['Rows checked', `${count(start.rows.length)}${start.truncated ? ' (the start of the file)' : ' (the whole file)'}`],
      ]),
      el('h3', null, 'What the observatory will do'),
      problems,
      table('Header mapping', ['Column in the file', 'Field', 'What happens to it'], found.mapping.map((m) => [m.column, m.field?.name ?? '—', m.note])),
      table(`The first ${Math.min(ROWS_SHOWN, start.rows.length)} rows`, ['Line', ...start.header], start.rows.slice(0, ROWS_SHOWN).map((r) => [String(r.line), ...r.cells]), 'data-table first-rows'),
    );
    const refused = found.problems.some((p) => p.severity === 'refusal');
    const upload = el('button', 'primary', 'Upload');
    upload.type = 'button';
    upload.id = 'upload';
    const cancel = el('button', null, 'Cancel');
    cancel.type = 'button';
    cancel.id = 'cancel';
    cancel.disabled = true;
    const bar = el('progress');
    bar.id = 'upload-progress';
    bar.max = 1;
    bar.value = 0;
    const barLabel = el('label', null, 'Progress');
    barLabel.htmlFor = 'upload-progress';
    transfer.replaceChildren(el('h2', null, 'Upload'), refused ? el('p', 'notice', 'The preview expects the observatory to refuse this file; you can still send it to get the refusal in the extract log.') : '', upload, cancel, barLabel, bar);
    transfer.hidden = false;
    status.textContent = `Checked the first ${count(start.rows.length)} rows of ${file.name}.`;
    const send = (replace: boolean) => {
      if (!chosen) return;
      upload.disabled = true;
      cancel.disabled = false;
      input.disabled = true;
      bar.removeAttribute('value');
      result.replaceChildren();
      const file = chosen;
      running = startUpload(file, {
        onBytes: (sent, total) => {
          bar.max = total;
          bar.value = sent;
          status.textContent = `Sending: ${size(sent)} of ${size(total)}.`;
        },
        onAccepted: (accepted) => {
          // The job's URL reproduces this page: reloaded later (even after a restart), it shows what became of the upload.
          history.replaceState(null, '', `/upload?job=${encodeURIComponent(accepted.jobId)}`);
          status.textContent = 'The observatory has the file and is reading it. You can still cancel until it has loaded.';
        },
        onProgress: (progress) => {
          if (progress.totalBytes > 0) {
            bar.max = progress.totalBytes;
            bar.value = progress.bytesRead;
          }
          // Rebuilding the indicators: the rows are loaded, so it is too late to cancel.
          if (progress.phase === 'rebuilding' || progress.phase === 'done') cancel.disabled = true;
          // A cancelled job's last progress comes just before the problem that says so: keep the cancel's words.
          if (cancelling || progress.phase === 'cancelled') return;
          const phase = progress.phase === 'rebuilding' ? 'Loaded; rebuilding the indicators' : progress.phase === 'queued' ? 'Waiting for the database' : 'Reading';
          status.textContent = `${phase}: ${count(progress.rows)} rows processed.`;
        },
        onCancelled: () => cancelled(file.name),
        onReport: (report: IngestReport) => {
          running = null;
          cancelling = false;
          cancel.disabled = true;
          input.disabled = false;
          bar.max = 1;
          bar.value = 1;
          status.textContent = report.status === 'refused' ? `The observatory refused ${report.file}.` : report.status === 'unchanged' ? `${report.file} was loaded before as ${report.extractId ?? ''}; nothing changed.` : `Done: ${report.file} is ${report.extractId ?? ''}.`;
          if (report.status === 'refused' && report.replaces.length > 0) {
            upload.disabled = false;
            result.replaceChildren(replacementQuestion(report, () => send(true)));
          } else void showReport(result, report);
        },
        onProblem: (message) => {
          running = null;
          cancelling = false;
          upload.disabled = false;
          cancel.disabled = true;
          input.disabled = false;
          bar.value = 0;
          status.textContent = '';
          result.replaceChildren(Object.assign(el('div', 'error', message), { role: 'alert' }));
        },
      }, { replace });
    };
    upload.onclick = () => send(false);
    // Said once, whether the cancel's answer or the progress stream's last event comes first.
    const cancelled = (name: string) => {
      running = null;
      cancelling = false;
      upload.disabled = false;
      cancel.disabled = true;
      input.disabled = false;
      bar.max = 1;
      bar.value = 0;
      status.textContent = 'Upload cancelled: nothing from it was loaded.';
      const words = el('p', 'outcome', cancelledWords(name));
      words.id = 'upload-cancelled';
      result.replaceChildren(words);
      // The focused Cancel button is now disabled: keep keyboard focus on the page's next step.
      if (document.activeElement === cancel || document.activeElement === document.body) upload.focus();
    };
    cancel.onclick = async () => {
      const current = running;
      if (!current || cancelling) return;
      cancelling = true;
      cancel.disabled = true;
      status.textContent = 'Cancelling the upload…';
      const answer = await current.cancel();
      if (answer.kind === 'stopped' || answer.kind === 'cancelled') cancelled(chosen?.name ?? 'the file');
      else if (answer.kind === 'cancelling') status.textContent = 'Cancelling: the observatory stops reading the file at its next check, before anything is loaded.';
      else if (answer.kind === 'refused') {
        // Too late (it has loaded) or not sent: the stream goes on to the report, which says what happened.
        cancelling = false;
        status.textContent = `Could not cancel: ${answer.message}`;
      } else cancelling = false;
    };
  };

  const jobId = new URLSearchParams(location.search).get('job');
  if (jobId) await showJob(jobId, status, result);

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void showPreview(file);
  });
  for (const target of [label, chooser]) {
    target.addEventListener('dragover', (event) => {
      event.preventDefault();
      chooser.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => chooser.classList.remove('dragging'));
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      chooser.classList.remove('dragging');
      const file = event.dataTransfer?.files[0];
      if (file) void showPreview(file);
    });
  }
  setPageState('ready');
}

/** An earlier upload's job, from /upload?job=: its progress if it still runs, else its report or what stopped it. */
async function showJob(jobId: string, status: HTMLElement, result: HTMLElement): Promise<void> {
  const alert = (text: string) => result.replaceChildren(Object.assign(el('div', 'error', text), { role: 'alert', id: 'job-problem' }));
  let job;
  try {
    job = await uploadJobStatus(jobId);
  } catch (error) {
    alert(`Upload job ${jobId}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  status.textContent = `Upload of ${job.file}: ${job.message}`;
  if (job.state === 'done' && job.result) void showReport(result, job.result);
  else if (job.state === 'running') {
    follow(`/api/extracts/jobs/${encodeURIComponent(jobId)}/progress`, {
      onBytes: () => {},
      onAccepted: () => {},
      onProgress: (progress) => (status.textContent = `Upload of ${job.file}: ${progress.phase}, ${count(progress.rows)} rows processed.`),
      onReport: (report) => void showReport(result, report),
      onProblem: alert,
      onCancelled: () => {
        status.textContent = `Upload of ${job.file}: cancelled, nothing from it was loaded.`;
        result.replaceChildren(Object.assign(el('p', 'outcome', cancelledWords(job.file)), { id: 'upload-cancelled' }));
      },
    });
  } else if (job.state === 'cancelled') result.replaceChildren(Object.assign(el('p', 'outcome', cancelledWords(job.file)), { id: 'upload-cancelled' }));
  else if (job.state === 'interrupted') alert(`The upload of ${job.file} was ${job.message}.`);
  else if (job.state === 'failed') alert(`The upload of ${job.file} ${job.message}`);
}

/** The full report of the extract an upload made (refusals are in the log too). */
/** What a file held for confirmation would replace, with a button to send it again replacing them. */
function replacementQuestion(report: IngestReport, confirm: () => void): HTMLElement {
  const box = el('div', 'notice');
  box.setAttribute('role', 'alert');
  box.append(
    el('h2', null, 'This file would replace data already loaded'),
    el('p', null, `${report.file} has rows for months that these extracts already hold. Nothing was changed. The extracts it replaces are kept and can be reinstated.`),
    table(
      'Extracts it would replace',
      ['Extract', 'File', 'Months', 'Rows loaded', 'Loaded', 'By'],
      report.replaces.map((r) => [r.extractId, r.file, r.months.join(', '), count(r.rowsLoaded), r.loadedAt, r.loadedBy]),
      'data-table',
    ),
  );
  const replace = el('button', 'primary', 'Replace them with this file');
  replace.type = 'button';
  replace.id = 'confirm-replace';
  replace.onclick = () => {
    replace.disabled = true;
    confirm();
  };
  box.append(replace);
  return box;
}

async function showReport(container: HTMLElement, result: IngestReport): Promise<void> {
  if (result.status === 'refused') {
    container.replaceChildren(Object.assign(el('div', 'error', `Refused: ${result.reason ?? 'no reason given'}`), { role: 'alert' }));
    return;
  }
  if (!result.extractId) {
    container.replaceChildren(el('p', 'outcome', `Checked without loading: ${count(result.rowsLoaded)} rows would load, ${count(result.rowsQuarantined)} would be quarantined.`));
    return;
  }
  try {
    container.replaceChildren(reportView(await extractsApi.report(result.extractId)));
  } catch (error) {
    container.replaceChildren(Object.assign(el('div', 'error', error instanceof Error ? error.message : String(error)), { role: 'alert' }));
  }
}
