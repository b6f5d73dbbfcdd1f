/**
 * Issue 9 (partners and admin): agreements with their deadlines and plain-English
 * text, a partner's window and who used its data, and the admin's user routes,
 * through the real Hono app over the pilot's DuckDB file. A partner sees only its
 * own agreements and window (403 for another's); the user routes call the same
 * functions as the CLI and answer a token's secret once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../pipeline/access/user-store.ts';
import { AgreementDetail, AgreementList, AuditLog, IssuedToken, PartnerUsage, PartnerWindow, Problem, UserList } from '../../server/contract/index.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';

const TODAY = '2026-11-23';
let pilot: LoadedPilot;
let app: ReturnType<LoadedPilot['app']>;

beforeAll(async () => {
  pilot = await loadPilot();
  app = pilot.app(TODAY);
}, 180_000);
afterAll(async () => pilot?.close());

async function get(path: string, role: string): Promise<Response> {
  return app.request(path, { headers: pilot.auth(role) });
}

async function post(path: string, role: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { ...pilot.auth(role) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return app.request(path, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

describe('GET /api/agreements', () => {
  it('lists the latest version of every agreement for staff, with end and review warnings judged on today', async () => {
    const response = await get('/api/agreements', 'admin');
    expect(response.status).toBe(200);
    const list = AgreementList.parse(await response.json());
    expect(list.today).toBe(TODAY);
    expect(list.agreements.map((a) => a.partner)).toEqual(['council', 'fire', 'health', 'health', 'police']);
    const levels = Object.fromEntries(list.agreements.map((a) => [a.id, [a.deadlines.review?.daysLeft, a.deadlines.level]]));
    // Council's review is on 18 December 2026 (25 days), health activity's on 29 January 2027 (67 days); police, fire and A&E assaults' on 31 March 2027 (128 days).
    expect(levels).toEqual({
      'DSA-CSR-COUNCIL-SERVICE-REQUESTS': [25, 'within-30-days'],
      'DSA-CSR-NHS-ACTIVITY': [67, 'within-90-days'],
      'DSA-CSR-FIRE-INCIDENTS': [128, 'ok'],
      'DSA-CSR-NHS-AE-ASSAULT': [128, 'ok'],
      'DSA-CSR-POLICE-STREET-CRIME': [128, 'ok'],
    });
    const attention = AgreementList.parse(await (await get('/api/agreements?attention=true', 'admin')).json());
    expect(attention.agreements.map((a) => a.partner)).toEqual(['council', 'health']);
  });

  it('shows a partner only its own agreements', async () => {
    const list = AgreementList.parse(await (await get('/api/agreements', 'partner:police')).json());
    expect(list.agreements.map((a) => a.id)).toEqual(['DSA-CSR-POLICE-STREET-CRIME']);
  });

  it('warns of an agreement ending within 30 days, and says when it has ended', async () => {
    const late = pilot.app('2030-03-10');
    const list = AgreementList.parse(await (await late.request('/api/agreements', { headers: pilot.auth('admin') })).json());
    expect(list.agreements.every((a) => a.deadlines.validity.level === 'within-30-days' && a.deadlines.validity.daysLeft === 21)).toBe(true);
    const ended = AgreementDetail.parse(await (await pilot.app('2030-04-02').request('/api/agreements/DSA-CSR-FIRE-INCIDENTS', { headers: pilot.auth('admin') })).json());
    expect(ended.deadlines).toMatchObject({ inForce: false, level: 'passed' });
    expect(ended.plainEnglish.find((s) => s.id === 'validity')?.sentences[1]).toMatch(/^It ended 2 days ago: no new extract can be loaded/);
  });
});

describe('GET /api/agreements/{id}', () => {
  it('gives the agreement in full and in plain English, with the indicators on it and the next purge', async () => {
    const response = await get('/api/agreements/DSA-CSR-HEALTH-ACTIVITY'.replace('HEALTH-ACTIVITY', 'NHS-ACTIVITY'), 'partner:health');
    expect(response.status).toBe(200);
    const agreement = AgreementDetail.parse(await response.json());
    expect(agreement).toMatchObject({ partner: 'health', dataset: 'health.activity', finestGeography: 'lsoa', suppression: { threshold: 5, roundingBase: null }, reviewOn: '2027-01-29' });
    expect(agreement.indicators.map((i) => i.id).sort()).toEqual(['ae-attendances', 'emergency-admissions', 'emergency-admissions-annual', 'falls-admissions-65plus']);
    // Extracts were loaded today in the test (real clock), kept 1,825 days: the purge is due the day after the last day.
    expect(agreement.retention.extractsHeld).toBeGreaterThan(0);
    const loadedOn = new Date().toISOString().slice(0, 10);
    const due = new Date(`${loadedOn}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 1826);
    expect(agreement.retention.nextPurgeDue).toBe(due.toISOString().slice(0, 10));
    const text = Object.fromEntries(agreement.plainEnglish.map((s) => [s.id, s.sentences]));
    expect(text.publication?.[1]).toMatch(/any count from 1 to 4 is not published/);
    expect(text.access?.[0]).toBe('Raw rows, including rows set aside in quarantine, may be seen by administrators and analysts.');
    expect(text.validity?.[1]).toBe('Warning: it is due for review on 29 January 2027 (in 67 days).');
    expect(text.indicators?.[0]).toMatch(/^4 indicators are built on it: /);
  });

  it('refuses a partner another partner’s agreement with a 403 problem, and answers 404 for an unknown one', async () => {
    const refused = await get('/api/agreements/DSA-CSR-POLICE-STREET-CRIME', 'partner:fire');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Problem.parse(await refused.json()).detail).toMatch(/^you do not have access to agreement DSA-CSR-POLICE-STREET-CRIME/);
    const missing = await get('/api/agreements/NO-SUCH', 'admin');
    expect(missing.status).toBe(404);
    expect(Problem.parse(await missing.json()).detail).toMatch(/no agreement "NO-SUCH"/);
    expect((await get('/api/agreements/DSA-CSR-FIRE-INCIDENTS?version=9', 'admin')).status).toBe(404);
    expect((await get('/api/agreements', 'public')).status).toBe(403);
  });
});

describe('GET /api/partners/{id}', () => {
  it('is a partner’s window: its agreements, extract history and the indicators its data feeds', async () => {
    const response = await get('/api/partners/fire', 'partner:fire');
    expect(response.status).toBe(200);
    const window = PartnerWindow.parse(await response.json());
    expect(window).toMatchObject({ id: 'fire', datasets: ['fire.incidents'] });
    expect(window.agreements.map((a) => a.id)).toEqual(['DSA-CSR-FIRE-INCIDENTS']);
    const fireResults = pilot.results.filter((r) => r.partner === 'fire');
    expect(window.extractSummary.extracts).toBe(fireResults.length);
    expect(window.extractSummary.rowsLoaded).toBe(fireResults.filter((r) => r.status === 'loaded').reduce((sum, r) => sum + r.rowsLoaded, 0));
    expect(window.extracts.every((e) => e.extractId.startsWith('EX-'))).toBe(true);
    expect(window.indicators.map((i) => i.id)).toEqual(expect.arrayContaining(['fire-incidents-all', 'fire-false-alarm-share', 'deliberate-secondary-fires']));
    expect(window.indicators.some((i) => i.id === 'all-crime')).toBe(false);
  });

  it('refuses a partner another partner’s window; 404 for an unknown partner', async () => {
    const refused = await get('/api/partners/police', 'partner:fire');
    expect(refused.status).toBe(403);
    expect(Problem.parse(await refused.json()).detail).toMatch(/you do not have access to partner "police"/);
    expect((await get('/api/partners/police/usage', 'partner:fire')).status).toBe(403);
    expect((await get('/api/partners/water', 'admin')).status).toBe(404);
    expect((await get('/api/partners/police', 'analyst')).status).toBe(200);
    expect((await get('/api/partners/police/usage', 'analyst')).status).toBe(403);
  });
});

describe('GET /api/partners/{id}/usage', () => {
  it('counts successful reads of figures built on the partner’s data by ISO week, role and indicator, as JSON and CSV', async () => {
    const fresh = pilot.app(TODAY);
    for (let i = 0; i < 3; i++) await fresh.request(`/api/indicators/all-crime/values?level=lad&period=2019-0${i + 1}`, { headers: pilot.auth('executive') });
    await fresh.request('/api/indicators/all-crime/series?area=E07000118', { headers: pilot.auth('analyst') });
    await fresh.request('/api/indicators/fire-incidents-all/values?level=lad&period=2019-Q1', { headers: pilot.auth('executive') });
    const policeExtract = pilot.results.find((r) => r.partner === 'police' && r.status === 'loaded')?.extractId;
    // Refused (another partner's raw rows): not a use of the data, so not counted.
    expect((await fresh.request(`/api/extracts/${policeExtract}/quarantine`, { headers: pilot.auth('partner:fire') })).status).toBe(403);
    const response = await fresh.request('/api/partners/police/usage', { headers: pilot.auth('partner:police') });
    expect(response.status).toBe(200);
    const usage = PartnerUsage.parse(await response.json());
    const week = usage.rows[0]?.week ?? '';
    expect(week).toMatch(/^\d{4}-W\d{2}$/);
    const figures = usage.rows.filter((r) => r.week === week && r.action === 'read-figures' && r.indicator === 'all-crime');
    expect(figures.map((r) => [r.role, r.requests, r.users]).sort()).toEqual([
      ['analyst', 1, 1],
      ['executive', 3, 1],
    ]);
    expect(usage.rows.some((r) => r.indicator === 'fire-incidents-all')).toBe(false);
    expect(usage.rows.some((r) => r.role === 'partner:fire')).toBe(false);
    const csv = await fresh.request('/api/partners/police/usage?format=csv', { headers: pilot.auth('admin') });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('usage-police.csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('week,week_start,role,action,indicator,requests,users');
    expect(lines).toContain(`${week},${usage.rows[0]?.weekStart},executive,read-figures,all-crime,3,1`);
    const none = PartnerUsage.parse(await (await fresh.request('/api/partners/police/usage?to=2000-01-01', { headers: pilot.auth('admin') })).json());
    expect(none.rows).toEqual([]);
    expect((await fresh.request('/api/partners/police/usage?from=yesterday', { headers: pilot.auth('admin') })).status).toBe(400);
  });
});

describe('the admin’s user routes', () => {
  it('adds a user with a role, issues a token shown once that signs in, and disables the user', async () => {
    const added = await post('/api/users', 'admin', { name: 'new-analyst', role: 'analyst' });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ name: 'new-analyst', role: 'analyst', disabled: false });
    const issued = await post('/api/users/new-analyst/tokens', 'admin', { expires: '2027-01-31' });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const token = IssuedToken.parse(await issued.json());
    expect(token).toMatchObject({ name: 'new-analyst', role: 'analyst', expires: '2027-01-31' });
    expect(token.token).toMatch(/^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const asNew = await app.request('/api/extracts', { headers: { authorization: `Bearer ${token.token}` } });
    expect(asNew.status).toBe(200);
    const list = UserList.parse(await (await get('/api/users', 'admin')).json());
    expect(list.users.find((u) => u.name === 'new-analyst')).toMatchObject({ role: 'analyst', activeTokens: 1, disabled: false });
    expect(JSON.stringify(list)).not.toContain(token.token.slice(-20));
    // The same store the CLI's `user list` reads.
    expect((await listUsers(pilot.observatory.db, TODAY)).some((u) => u.name === 'new-analyst')).toBe(true);
    const disabled = await post('/api/users/new-analyst/disable', 'admin');
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ name: 'new-analyst', disabled: true });
    // A new app (no cache of checked tokens) refuses the token at once.
    expect((await pilot.app(TODAY).request('/api/extracts', { headers: { authorization: `Bearer ${token.token}` } })).status).toBe(401);
  });

  it('refuses a taken name, an unknown role, an unknown user, disabling oneself, and non-admins, naming the field', async () => {
    const taken = await post('/api/users', 'admin', { name: 'demo-admin', role: 'admin' });
    expect(taken.status).toBe(400);
    expect(Problem.parse(await taken.json())).toMatchObject({ parameter: 'name', detail: expect.stringContaining('a user "demo-admin" already exists') });
    const role = await post('/api/users', 'admin', { name: 'someone', role: 'boss' });
    expect(role.status).toBe(400);
    expect(Problem.parse(await role.json()).parameter).toBe('role');
    expect((await post('/api/users/nobody-here/tokens', 'admin')).status).toBe(404);
    const self = await post('/api/users/demo-admin/disable', 'admin');
    expect(self.status).toBe(400);
    expect(Problem.parse(await self.json()).detail).toMatch(/you may not disable yourself/);
    expect((await post('/api/users', 'analyst', { name: 'x', role: 'analyst' })).status).toBe(403);
    expect((await get('/api/users', 'partner:police')).status).toBe(403);
    const form = await app.request('/api/users', { method: 'POST', headers: { ...pilot.auth('admin'), 'content-type': 'text/plain' }, body: '{"name":"x","role":"admin"}' });
    expect(form.status).toBe(415);
  });

  it('audits each change, and the audit filters by user and action', async () => {
    await post('/api/users', 'admin', { name: 'audited-exec', role: 'executive' });
    const response = await get('/api/audit?user=demo-admin&action=add-user', 'admin');
    expect(response.status).toBe(200);
    const log = AuditLog.parse(await response.json());
    expect(log.events.length).toBeGreaterThan(0);
    expect(log.events.every((e) => e.actor === 'demo-admin' && e.action === 'add-user')).toBe(true);
    expect(log.events.map((e) => e.outcome)).toContain(201);
    expect(JSON.stringify(log)).not.toContain('obs_');
  });
});
