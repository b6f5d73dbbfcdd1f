/**
 * Issue 9 (analyst): an extract's report, its quarantine paged, filtered and as CSV, uploads answered
 * 202 with a Server-Sent Events progress stream, the dataset layouts the upload page matches headers
 * against, and a dataset's data quality; through the real Hono app over a real DuckDB file.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetList, DatasetQuality, ExtractReport, QuarantinePage, UploadAccepted, UploadProgress, UploadResult } from '../../server/contract/index.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { FIRE_HEADER, fireRow, render } from '../ingest/support/extracts.ts';
import { sseEvents } from '../support/server-sent-events.ts';
import { bearerFor, signedIn } from '../support/sign-in.ts';
import { disposeTemplates, makeTempDir, openTempObservatory, removeDir, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
let obs: TempObservatory;
let app: ReturnType<typeof createApp>;
let analyst: ReturnType<typeof signedIn>;
let auth: { authorization: string };
let bytes: Buffer;
let extractId = '';

/** 30 fire incidents in January and February 2018: two with unreadable dates, one with an empty one. */
function fireFile(): Buffer {
  const rows = Array.from({ length: 30 }, (_, i) => fireRow({ incident_number: `F2018${String(i).padStart(5, '0')}`, call_datetime: `${String((i % 27) + 1).padStart(2, '0')}/0${1 + (i % 2)}/2018 10:00` }));
  rows[4] = fireRow({ call_datetime: '2018-13-01' });
  rows[9] = fireRow({ call_datetime: '31/02/2018 10:00' });
  rows[20] = fireRow({ call_datetime: '' });
  return render(FIRE_HEADER, rows).bytes;
}


beforeAll(async () => {
  obs = await openTempObservatory();
  app = createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY }));
  auth = await bearerFor(obs.observatory.db, 'analyst', TODAY);
  analyst = signedIn(app, auth);
  bytes = fireFile();
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

describe('an upload by a partner', () => {
  it('loads its own dataset, and refuses another partner’s file without loading a row', async () => {
    const fire = signedIn(app, await bearerFor(obs.observatory.db, 'partner:fire', TODAY));
    const own = new FormData();
    own.set('file', new Blob([new Uint8Array(render(FIRE_HEADER, [fireRow({ incident_number: 'F2017P0001', call_datetime: '03/05/2017 10:00' })]).bytes)]), 'fire-own.csv');
    own.set('dryRun', 'true');
    const ownAnswer = await fire.request('/api/extracts', { method: 'POST', body: own });
    expect(ownAnswer.status, await ownAnswer.clone().text()).toBe(200);
    expect(UploadResult.parse(await ownAnswer.json()).result).toMatchObject({ status: 'validated', dataset: 'fire.incidents' });

    const police = await signedIn(app, await bearerFor(obs.observatory.db, 'partner:police', TODAY)).request('/api/extracts', { method: 'POST', body: (() => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(bytes)]), 'fire-by-police.csv');
      return form;
    })() });
    expect(police.status).toBe(422);
    const { result } = UploadResult.parse(await police.json());
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/police may upload only its own datasets/);
    expect(result.rowsLoaded).toBe(0);
  });

  it('follows its own upload’s progress to the report, but not another user’s job', async () => {
    const fireHeaders = await bearerFor(obs.observatory.db, 'partner:fire', TODAY);
    const fire = signedIn(app, fireHeaders);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), 'fire-own-async.csv');
    form.set('dryRun', 'true');
    const response = await fire.request('/api/extracts', { method: 'POST', body: form, headers: { prefer: 'respond-async' } });
    expect(response.status, await response.clone().text()).toBe(202);
    const accepted = UploadAccepted.parse(await response.json());
    const stream = await fire.request(accepted.progress);
    expect(stream.status).toBe(200);
    const events = sseEvents(await stream.text());
    expect(events.at(-1)?.event).toBe('report');
    expect(UploadResult.parse(JSON.parse(events.at(-1)?.data ?? '{}')).result).toMatchObject({ status: 'validated', dataset: 'fire.incidents' });
    // The police partner may not follow the fire partner's job.
    const police = await app.request(accepted.progress, { headers: await bearerFor(obs.observatory.db, 'partner:police', TODAY) });
    expect(police.status).toBe(403);
    expect(((await police.json()) as { detail: string }).detail).toMatch(/only the user who uploaded the file, or an admin/);
  });
});

describe('an upload sent with Prefer: respond-async', () => {
  it('answers 202 with the job, whose progress stream ends with the report', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), 'fire-2018-jan-feb.csv');
    const response = await analyst.request('/api/extracts', { method: 'POST', body: form, headers: { prefer: 'respond-async' } });
    expect(response.status).toBe(202);
    const accepted = UploadAccepted.parse(await response.json());
    expect(response.headers.get('location')).toBe(accepted.progress);
    expect(accepted.bytes).toBe(bytes.length);

    const stream = await analyst.request(accepted.progress);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(await stream.text());
    const progress = events.filter((e) => e.event === 'progress').map((e) => UploadProgress.parse(JSON.parse(e.data)));
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.at(-1)?.rows).toBe(30);
    expect(events.at(-1)?.event).toBe('report');
    const { result } = UploadResult.parse(JSON.parse(events.at(-1)?.data ?? '{}'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 30, rowsLoaded: 27, rowsQuarantined: 3, dataset: 'fire.incidents' });
    extractId = result.extractId ?? '';

    // A finished job replays its last state and report to a late follower.
    const again = sseEvents(await (await analyst.request(accepted.progress)).text());
    expect(again.map((e) => e.event)).toEqual(['progress', 'report']);
  });

  it('may be followed only by its uploader (or an admin); an unknown job is a 404', async () => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), 'again.csv');
    form.set('dryRun', 'true');
    const accepted = UploadAccepted.parse(await (await analyst.request('/api/extracts', { method: 'POST', body: form, headers: { prefer: 'respond-async' } })).json());
    const other = await bearerFor(obs.observatory.db, 'admin', TODAY);
    await (await app.request(accepted.progress, { headers: other })).text();
    const stranger = await app.request(accepted.progress, { headers: await bearerFor(obs.observatory.db, 'partner:fire', TODAY) });
    expect(stranger.status).toBe(403);
    const missing = await analyst.request('/api/extracts/jobs/00000000-0000-4000-8000-000000000000/progress');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('ends with a problem event when the file is refused, and without Prefer still answers when done', async () => {
    const refused = new FormData();
    refused.set('file', new Blob(['not,a,known,layout\n1,2,3,4\n']), 'nonsense.csv');
    const accepted = UploadAccepted.parse(await (await analyst.request('/api/extracts', { method: 'POST', body: refused, headers: { prefer: 'respond-async' } })).json());
    const events = sseEvents(await (await analyst.request(accepted.progress)).text());
    const { result } = UploadResult.parse(JSON.parse(events.at(-1)?.data ?? '{}'));
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/matches no column name|fits no known dataset/);

    const sync = new FormData();
    sync.set('file', new Blob([new Uint8Array(bytes)]), 'sync.csv');
    const response = await analyst.request('/api/extracts', { method: 'POST', body: sync });
    expect(response.status).toBe(200);
    expect(UploadResult.parse(await response.json()).result.status).toBe('unchanged');
  });
});

describe('a browser’s multipart upload', () => {
  it('is read with its boundary as sent: browsers use mixed case (----WebKitFormBoundary…), which must not be lower-cased', async () => {
    const boundary = '----WebKitFormBoundaryAbCdEfGh12345';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="browser.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await analyst.request('/api/extracts', { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(response.status).toBe(200);
    expect(['unchanged', 'validated']).toContain(UploadResult.parse(await response.json()).result.status);
  });
});

describe('an extract’s report', () => {
  it('says what was read, loaded and quarantined, what the agreement kept and dropped, the SHA-256, who loaded it and what it changed', async () => {
    const response = await analyst.request(`/api/extracts/${extractId}`);
    expect(response.status).toBe(200);
    const report = ExtractReport.parse(await response.json());
    expect(report).toMatchObject({ extractId, rowsRead: 30, rowsLoaded: 27, rowsQuarantined: 3, rowsOutsideArea: 0, loadedBy: 'test-analyst', file: 'fire-2018-jan-feb.csv', periodStart: '2018-01', periodEnd: '2018-02' });
    expect(report.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(report.agreement?.id).toBe('DSA-CSR-FIRE-INCIDENTS');
    expect(report.fields.pseudonymised).toEqual(['incident_number']);
    expect(report.fields.dropped).toEqual(expect.arrayContaining(['caller_name', 'address', 'easting', 'northing']));
    expect(report.fields.kept).not.toContain('caller_name');
    expect(Object.values(report.quarantineReasons).reduce((a, b) => a + b, 0)).toBe(3);
    expect(report.rawValuesVisible).toBe(true);
    expect(report.indicators.find((i) => i.id === 'fire-incidents-all')?.periods).toEqual(['2018-Q1']);
    expect(report.replaced).toEqual([]);
    expect(report.supersededBy).toBeNull();
  });

  it('names what it replaced and what replaced it', async () => {
    const dir = await makeTempDir();
    try {
      const revised = render(FIRE_HEADER, [...Array.from({ length: 5 }, () => fireRow({ call_datetime: '03/01/2018 09:00' })), fireRow({ call_datetime: '03/02/2018 09:00' })]).bytes;
      const newer = await obs.ingest(await writeExtract(dir, 'fire-2018-jan-feb-revised.csv', revised), { today: TODAY, replace: true });
      expect(newer.status).toBe('loaded');
      const old = ExtractReport.parse(await (await analyst.request(`/api/extracts/${extractId}`)).json());
      expect(old.supersededBy).toBe(newer.extractId);
      const replacing = ExtractReport.parse(await (await analyst.request(`/api/extracts/${newer.extractId}`)).json());
      expect(replacing.replaced).toEqual([extractId]);
    } finally {
      await removeDir(dir);
    }
  });

  it('is a 404 problem for an unknown extract and a 403 for another partner’s', async () => {
    expect((await analyst.request('/api/extracts/EX-999999')).status).toBe(404);
    const police = await app.request(`/api/extracts/${extractId}`, { headers: await bearerFor(obs.observatory.db, 'partner:police', TODAY) });
    expect(police.status).toBe(403);
    expect(((await police.json()) as { detail: string }).detail).toMatch(/another partner/);
  });
});

describe('an extract’s quarantine', () => {
  it('is paged in line order, with every reason and its count', async () => {
    const first = QuarantinePage.parse(await (await analyst.request(`/api/extracts/${extractId}/quarantine?limit=2`)).json());
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => r.line)).toEqual([6, 11]);
    const second = QuarantinePage.parse(await (await analyst.request(`/api/extracts/${extractId}/quarantine?limit=2&offset=2`)).json());
    expect(second.rows.map((r) => r.line)).toEqual([22]);
    expect(first.reasons.reduce((n, r) => n + r.rows, 0)).toBe(3);
    expect(first.rows[0]?.keptValues?.incident_number).toBe('(pseudonymised)');
    expect(first.rows[0]?.keptValues).not.toHaveProperty('caller_name');
  });

  it('filters by reason, and downloads as CSV with the kept values', async () => {
    const page = QuarantinePage.parse(await (await analyst.request(`/api/extracts/${extractId}/quarantine`)).json());
    const empty = page.reasons.find((r) => /empty/.test(r.reason));
    expect(empty?.rows).toBe(1);
    const filtered = QuarantinePage.parse(await (await analyst.request(`/api/extracts/${extractId}/quarantine?reason=${encodeURIComponent(empty?.reason ?? '')}`)).json());
    expect(filtered.rows.map((r) => r.line)).toEqual([22]);
    const csv = await analyst.request(`/api/extracts/${extractId}/quarantine?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`${extractId}-quarantine.csv`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^line,field,reason,/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^6,call_datetime,/);
  });

  it('refuses a limit over 1,000 naming the parameter', async () => {
    const response = await analyst.request(`/api/extracts/${extractId}/quarantine?limit=5000`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { parameter: string }).parameter).toBe('limit');
  });
});

describe('the datasets', () => {
  it('list each layout with date formats and what the agreement does with each column; a partner sees its own', async () => {
    const { datasets } = DatasetList.parse(await (await analyst.request('/api/datasets')).json());
    expect(datasets.map((d) => d.id).sort()).toEqual(['council.service_requests', 'fire.incidents', 'health.activity', 'health.ae_assault_attendances', 'police.street_crime']);
    const fire = datasets.find((d) => d.id === 'fire.incidents');
    const field = (name: string) => fire?.fields.find((f) => f.name === name);
    expect(field('call_datetime')).toMatchObject({ dateFormat: 'uk-date-time', handling: 'kept', required: true });
    expect(field('caller_name')).toMatchObject({ personal: true, handling: 'dropped' });
    expect(field('incident_number')?.handling).toBe('pseudonymised');
    expect(fire?.agreement).toMatchObject({ id: 'DSA-CSR-FIRE-INCIDENTS', inForce: true });
    const police = datasets.find((d) => d.id === 'police.street_crime');
    expect(police?.fields.find((f) => f.name === 'month')).toMatchObject({ handling: 'used', dateFormat: 'month' });
    const own = DatasetList.parse(await (await app.request('/api/datasets', { headers: await bearerFor(obs.observatory.db, 'partner:fire', TODAY) })).json());
    expect(own.datasets.map((d) => d.id)).toEqual(['fire.incidents']);
  });

  it('report quality: rows per month against the usual, freshness against the last whole month, quarantine per extract', async () => {
    const response = await analyst.request('/api/datasets/fire.incidents/quality');
    expect(response.status).toBe(200);
    const quality = DatasetQuality.parse(await response.json());
    expect(quality.freshness).toMatchObject({ latestMonth: '2018-02', expectedMonth: '2026-10', fresh: false });
    expect(quality.freshness.monthsBehind).toBe(104);
    expect(quality.periods.map((p) => [p.period, p.rows])).toEqual([['2018-01', 5], ['2018-02', 1]]);
    // The first upload was replaced: only the extract in force is listed.
    expect(quality.extracts).toHaveLength(1);
    expect(quality.extracts[0]?.quarantineRate).toBe(0);
    expect((await app.request('/api/datasets/police.street_crime/quality', { headers: await bearerFor(obs.observatory.db, 'partner:fire', TODAY) })).status).toBe(403);
    expect((await analyst.request('/api/datasets/nope.nothing/quality')).status).toBe(404);
  });
});
