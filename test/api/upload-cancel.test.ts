/**
 * Issue 9 (analyst, partner): cancelling an upload after its bytes reached the server. A queued job
 * never starts, a running one stops before its commit, and either way nothing from it is loaded:
 * no extract, no rows, no quarantine, the published figures as they were. Through the real Hono app
 * over a real DuckDB file; the ingest is held mid-way by the context's test pause, not by timing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Problem, UploadAccepted, UploadJobStatus, UploadResult } from '../../server/contract/index.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { findUploadJob } from '../../pipeline/ingest/upload-job-log.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { sseEvents } from '../support/server-sent-events.ts';
import { bearerFor, signedIn } from '../support/sign-in.ts';
import { disposeTemplates, openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
let obs: TempObservatory;
let app: ReturnType<typeof createApp>;
let analyst: ReturnType<typeof signedIn>;

/** A fire extract of `rows` incidents in a month of 2019 (none loaded before), its incident numbers starting with `prefix`. */
function fireFile(prefix: string, rows = 40, month = '03'): Buffer {
  return render(
    FIRE_HEADER,
    Array.from({ length: rows }, (_, i) => fireRow({ incident_number: `${prefix}${String(i).padStart(5, '0')}`, call_datetime: `${String((i % 27) + 1).padStart(2, '0')}/${month}/2019 10:00` })),
  ).bytes;
}


/** Sends a file with Prefer: respond-async; the 202's job. */
async function uploadAsync(name: string, bytes: Buffer): Promise<UploadAccepted> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await analyst.request('/api/extracts', { method: 'POST', body: form, headers: { prefer: 'respond-async' } });
  expect(response.status, await response.clone().text()).toBe(202);
  return UploadAccepted.parse(await response.json());
}

/** Holds the next load once its stage is filled, until released or cancelled; `reached` resolves when it is held. */
function holdNextLoad(): { reached: Promise<void>; release: () => void } {
  let reached!: () => void;
  let release!: () => void;
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  obs.observatory.ingest.testPause = async (_point, signal) => {
    delete obs.observatory.ingest.testPause;
    reached();
    await new Promise<void>((resolve) => {
      signal?.addEventListener('abort', () => resolve());
      void released.then(resolve);
    });
  };
  return { reached: reachedPromise, release };
}

/** What a cancelled upload must leave as it was: the extract log, loaded and quarantined rows, and the published figures. */
async function snapshot(): Promise<Record<string, unknown>> {
  const one = async (sql: string) => (await obs.all(sql))[0];
  return {
    extracts: await one(`SELECT count(*)::INTEGER AS n, max(extract_id) AS last FROM extract_log`),
    fire: await obs.count('fire_incidents'),
    quarantine: await obs.count('quarantine'),
    builds: await one(`SELECT count(*)::INTEGER AS n, max(build_id)::VARCHAR AS last FROM indicator_build`),
    figures: await one(`SELECT count(*)::INTEGER AS n, coalesce(sum(value), 0)::DOUBLE AS total FROM indicator_figure`),
  };
}

/** The job's stored row, once the job has written how it ended. */
async function storedEnd(jobId: string) {
  return vi.waitFor(
    async () => {
      const stored = await findUploadJob(obs.observatory.db, jobId);
      if (!stored || stored.state === 'running') throw new Error('not ended yet');
      return stored;
    },
    { timeout: 10_000, interval: 50 },
  );
}

beforeAll(async () => {
  obs = await openTempObservatory();
  app = createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY }));
  analyst = signedIn(app, await bearerFor(obs.observatory.db, 'analyst', TODAY));
}, 60_000);
afterAll(async () => {
  delete obs?.observatory.ingest.testPause;
  await obs?.dispose();
  await disposeTemplates();
});

describe('cancelling an upload the server is reading', () => {
  let loadedJob = '';
  let loadedExtract = '';

  it('stops it before its commit: 200 cancelled, nothing loaded, the status and the stream say so', async () => {
    const before = await snapshot();
    const hold = holdNextLoad();
    const accepted = await uploadAsync('fire-cancel-running.csv', fireFile('FC'));
    await hold.reached;

    const response = await analyst.request(`/api/extracts/jobs/${accepted.jobId}/cancel`, { method: 'POST' });
    expect(response.status, await response.clone().text()).toBe(200);
    const cancelled = UploadJobStatus.parse(await response.json());
    expect(cancelled).toMatchObject({ jobId: accepted.jobId, state: 'cancelled', cancelledBy: 'test-analyst', result: null });
    expect(cancelled.message).toMatch(/nothing from this upload was loaded/);

    expect(await snapshot()).toEqual(before);
    const status = UploadJobStatus.parse(await (await analyst.request(`/api/extracts/jobs/${accepted.jobId}/status`)).json());
    expect(status).toMatchObject({ state: 'cancelled', cancelledBy: 'test-analyst' });
    const events = sseEvents(await (await analyst.request(accepted.progress)).text());
    expect(events.at(-1)?.event).toBe('problem');
    const problem = Problem.parse(JSON.parse(events.at(-1)?.data ?? '{}'));
    expect(problem).toMatchObject({ type: 'urn:observatory:cancelled', title: 'Cancelled' });
    expect(problem.detail).toMatch(/cancelled by test-analyst: nothing from this upload was loaded/);

    const stored = await storedEnd(accepted.jobId);
    expect(stored).toMatchObject({ state: 'cancelled', cancelledBy: 'test-analyst' });
    // Cancelling again is answered with the same state; the database still holds nothing of it.
    expect((await analyst.request(`/api/extracts/jobs/${accepted.jobId}/cancel`, { method: 'POST' })).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves nothing half-done: the same bytes sent again load in full', async () => {
    const accepted = await uploadAsync('fire-cancel-running.csv', fireFile('FC'));
    const events = sseEvents(await (await analyst.request(accepted.progress)).text());
    const { result } = UploadResult.parse(JSON.parse(events.at(-1)?.data ?? '{}'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 40, rowsLoaded: 40 });
    loadedJob = accepted.jobId;
    loadedExtract = result.extractId ?? '';
  });

  it('is a 409 once the upload has loaded, naming its extract; a committed load is not undone', async () => {
    const before = await snapshot();
    const response = await analyst.request(`/api/extracts/jobs/${loadedJob}/cancel`, { method: 'POST' });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = Problem.parse(await response.json());
    expect(problem.detail).toContain(`has already loaded as ${loadedExtract}`);
    expect(problem.detail).toContain(`/api/extracts/${loadedExtract}`);
    expect(await snapshot()).toEqual(before);
    // An admin may cancel anyone's job, and is told the same.
    expect((await app.request(`/api/extracts/jobs/${loadedJob}/cancel`, { method: 'POST', headers: await bearerFor(obs.observatory.db, 'admin', TODAY) })).status).toBe(409);
  });

  it('is a 403 for another user’s job, and a 404 for an unknown one', async () => {
    const other = await app.request(`/api/extracts/jobs/${loadedJob}/cancel`, { method: 'POST', headers: await bearerFor(obs.observatory.db, 'partner:fire', TODAY) });
    expect(other.status).toBe(403);
    expect(Problem.parse(await other.json()).detail).toMatch(/only the user who uploaded the file, or an admin, may cancel its job/);
    expect((await analyst.request('/api/extracts/jobs/00000000-0000-4000-8000-000000000000/cancel', { method: 'POST' })).status).toBe(404);
  });
});

describe('cancelling an upload queued behind another', () => {
  it('ends it at once and it never starts, while the first loads', async () => {
    const before = await snapshot();
    const hold = holdNextLoad();
    const first = await uploadAsync('fire-first.csv', fireFile('FA', 25, '05'));
    await hold.reached;
    const second = await uploadAsync('fire-queued.csv', fireFile('FQ', 35, '06'));
    const waiting = UploadJobStatus.parse(await (await analyst.request(`/api/extracts/jobs/${second.jobId}/status`)).json());
    expect(waiting.progress?.phase).toBe('queued');

    const response = await analyst.request(`/api/extracts/jobs/${second.jobId}/cancel`, { method: 'POST' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(UploadJobStatus.parse(await response.json())).toMatchObject({ state: 'cancelled', cancelledBy: 'test-analyst' });
    const events = sseEvents(await (await analyst.request(second.progress)).text());
    expect(events.at(-1)?.event).toBe('problem');
    expect(Problem.parse(JSON.parse(events.at(-1)?.data ?? '{}')).type).toBe('urn:observatory:cancelled');

    hold.release();
    const firstEvents = sseEvents(await (await analyst.request(first.progress)).text());
    expect(UploadResult.parse(JSON.parse(firstEvents.at(-1)?.data ?? '{}')).result).toMatchObject({ status: 'loaded', rowsLoaded: 25 });
    expect(await storedEnd(second.jobId)).toMatchObject({ state: 'cancelled', cancelledBy: 'test-analyst' });

    // Only the first file's rows came in; of the second, nothing.
    const after = await snapshot();
    expect(after.fire).toBe(Number(before.fire) + 25);
    expect(await obs.all(`SELECT count(*)::INTEGER AS n FROM extract_log WHERE file_name = 'fire-queued.csv'`)).toEqual([{ n: 0 }]);
    const stored = UploadJobStatus.parse(await (await analyst.request(`/api/extracts/jobs/${second.jobId}/status`)).json());
    expect(stored.state).toBe('cancelled');
  });
});

describe('a cancelled job after a restart', () => {
  it('is still cancelled from the database: status, stream and a second cancel agree; a loaded one is still a 409', async () => {
    const hold = holdNextLoad();
    const accepted = await uploadAsync('fire-cancel-restart.csv', fireFile('FR', 20, '09'));
    await hold.reached;
    expect((await analyst.request(`/api/extracts/jobs/${accepted.jobId}/cancel`, { method: 'POST' })).status).toBe(200);
    await storedEnd(accepted.jobId);
    const loaded = await uploadAsync('fire-loaded-restart.csv', fireFile('FL', 20, '10'));
    await (await analyst.request(loaded.progress)).text();
    await storedEnd(loaded.jobId);

    // A new app over the same database: its jobs are only what upload_job remembers.
    const restarted = signedIn(createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY })), await bearerFor(obs.observatory.db, 'analyst', TODAY));
    const status = UploadJobStatus.parse(await (await restarted.request(`/api/extracts/jobs/${accepted.jobId}/status`)).json());
    expect(status).toMatchObject({ state: 'cancelled', cancelledBy: 'test-analyst', progress: null });
    expect(status.message).toMatch(/nothing from this upload was loaded/);
    const events = sseEvents(await (await restarted.request(accepted.progress)).text());
    expect(events.map((e) => e.event)).toEqual(['problem']);
    expect(Problem.parse(JSON.parse(events[0]?.data ?? '{}')).type).toBe('urn:observatory:cancelled');
    expect((await restarted.request(`/api/extracts/jobs/${accepted.jobId}/cancel`, { method: 'POST' })).status).toBe(200);
    const late = await restarted.request(`/api/extracts/jobs/${loaded.jobId}/cancel`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect(Problem.parse(await late.json()).detail).toMatch(/has already loaded as EX-\d{6}/);
  });
});
