/**
 * An upload job outlives the server process: `observatory serve` is killed (SIGKILL) while it
 * loads an uploaded extract, and started again on the same database. The job then answers
 * "interrupted … nothing from it was loaded — send it again" (not 404), through its JSON route
 * and its progress stream, and the extract log holds nothing of the file. Real processes, real
 * DuckDB file, real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csvLine } from '../../datasets/tools/csv.ts';
import { createDemoUsers } from '../../pipeline/access/user-store.ts';
import { INTERRUPTED_MESSAGE } from '../../pipeline/ingest/upload-job-log.ts';
import { ExtractList, UploadAccepted, UploadJobStatus } from '../../server/contract/index.ts';
import { POLICE_HEADER, policeRow } from '../ingest/support/extracts.ts';
import { READY_LINE } from '../support/observatory-process.ts';
import { disposeTemplates, observatoryEnv, openTempObservatory, PROJECT_ROOT, removeDir } from '../support/temp-observatory.ts';

const CLI = join(PROJECT_ROOT, 'bin', 'observatory.mjs');
const TODAY = '2026-11-23';
/** Enough rows that the ingest is still reading when the test kills the server. */
const ROWS = 400_000;

let dir: string;
let dbPath: string;
let analystToken: string;
let extract: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const obs = await openTempObservatory();
  dir = obs.dir;
  dbPath = obs.dbPath;
  const { db, agreements } = obs.observatory;
  analystToken = (await createDemoUsers(db, [...new Set(agreements.map((a) => a.partner))].sort(), { today: TODAY, days: 3650 })).find((u) => u.role === 'analyst')!.token;
  await obs.close();
  const row = policeRow({ Month: '2018-07' });
  const lines = [csvLine(POLICE_HEADER)];
  for (let i = 1; i <= ROWS; i++) {
    row[0] = i.toString(16).padStart(64, '0');
    lines.push(csvLine(row));
  }
  extract = `${lines.join('\n')}\n`;
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeDir(dir);
  await disposeTemplates();
});

/** `observatory serve` on the test database, once it says it is ready. */
async function serve(): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve'], { cwd: PROJECT_ROOT, env: { ...process.env, ...observatoryEnv(dbPath), PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = READY_LINE.exec(line);
      if (match?.[1]) resolve(`${match[1]}/`);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready: ${lines.join('\n')}`)));
  });
  return { child, baseUrl, output: () => lines.join('\n') };
}

const auth = () => ({ authorization: `Bearer ${analystToken}` });

async function job(baseUrl: string, id: string): Promise<UploadJobStatus> {
  const response = await fetch(new URL(`api/extracts/jobs/${id}/status`, baseUrl), { headers: auth() });
  expect(response.status, await response.clone().text()).toBe(200);
  return UploadJobStatus.parse(await response.json());
}

it('answers for an upload the server was loading when it was killed: interrupted, nothing loaded, send it again', async () => {
  const first = await serve();
  const form = new FormData();
  form.set('file', new Blob([extract], { type: 'text/csv' }), 'police-2018-07.csv');
  const accepted = await fetch(new URL('api/extracts', first.baseUrl), { method: 'POST', headers: { ...auth(), prefer: 'respond-async' }, body: form });
  expect(accepted.status).toBe(202);
  const { jobId } = UploadAccepted.parse(await accepted.json());

  // Wait until the job is recorded and its ingest is reading the file, then kill the server mid-ingest.
  let live = await job(first.baseUrl, jobId);
  for (let i = 0; i < 400 && live.progress?.phase === 'queued'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    live = await job(first.baseUrl, jobId);
  }
  expect(live).toMatchObject({ state: 'running', file: 'police-2018-07.csv', progress: { phase: 'reading' } });
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = await serve();
  try {
    const after = await job(second.baseUrl, jobId);
    expect(after).toMatchObject({ jobId, state: 'interrupted', file: 'police-2018-07.csv', message: INTERRUPTED_MESSAGE, progress: null, result: null });
    expect(after.finishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(second.output()).toMatch(/1 upload job\(s\) were cut short by the last stop/);

    // The progress stream, which the upload page follows, ends with the same words as a problem event.
    const stream = await fetch(new URL(`api/extracts/jobs/${jobId}/progress`, second.baseUrl), { headers: auth() });
    expect(stream.status).toBe(200);
    const events = await stream.text();
    expect(events).toContain('event: problem');
    expect(events).toContain('nothing from it was loaded');

    // Nothing from it was loaded.
    const log = ExtractList.parse(await (await fetch(new URL('api/extracts', second.baseUrl), { headers: auth() })).json());
    expect(log.extracts.some((e) => e.file === 'police-2018-07.csv')).toBe(false);

    // A job the server never recorded is a 404 that says what that means.
    const unknown = await fetch(new URL('api/extracts/jobs/00000000-0000-4000-8000-000000000000/status', second.baseUrl), { headers: auth() });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/nothing from it was loaded — send it again/);
  } finally {
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }
}, 240_000);
