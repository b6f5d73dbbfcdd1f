/**
 * Issue 10: the access table is the one statement of who may do what. This walks
 * it for every endpoint and every role (and no credentials), through the real
 * Hono app over the pilot's DuckDB file, and checks the data-level rules the
 * agreements decide: a partner sees only its own extracts and quarantine, raw rows
 * go only to the roles access.rawRows names, and figures only to the roles
 * access.aggregates names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TABLE, roleKind, type AccessRule } from '../../server/access/access-table.ts';
import { PSEUDONYMISED } from '../../server/access/pseudonym-mask.ts';
import { roleSchema } from '../../pipeline/access/role.ts';
import { addUser, createToken } from '../../pipeline/access/user-store.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';

let pilot: LoadedPilot;
let app: ReturnType<LoadedPilot['app']>;
const extractOf: Record<string, string> = {};
/** A token of role-table-target, for the revocation row. */
let targetTokenId = '';

const ROLES = ['admin', 'analyst', 'executive', 'partner:police', 'partner:fire', 'partner:health', 'public'] as const;
type Caller = (typeof ROLES)[number] | 'no credentials';

beforeAll(async () => {
  pilot = await loadPilot();
  app = pilot.app();
  for (const dataset of ['police.street_crime', 'fire.incidents', 'health.activity']) {
    const loaded = pilot.results.filter((r) => r.dataset === dataset && r.status === 'loaded');
    const chosen = loaded.find((r) => r.rowsQuarantined > 0) ?? loaded[0];
    if (!chosen?.extractId) throw new Error(`the pilot loaded no ${dataset} extract`);
    extractOf[dataset] = chosen.extractId;
  }
  await addUser(pilot.observatory.db, 'role-table-target', 'executive');
  targetTokenId = (await createToken(pilot.observatory.db, 'role-table-target', { today: '2026-11-23', label: 'for the role table' })).id;
}, 180_000);
afterAll(async () => pilot?.close());

function headers(caller: Caller): Record<string, string> {
  return caller === 'no credentials' ? {} : pilot.auth(caller);
}

/** A concrete request for each row of the table. */
function sample(rule: AccessRule): { path: string; init: RequestInit } {
  const key = `${rule.method} ${rule.path}`;
  switch (key) {
    case 'POST /api/session':
      return { path: '/api/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'demo-executive', token: pilot.tokens.executive }) } };
    case 'DELETE /api/session':
      return { path: '/api/session', init: { method: 'DELETE' } };
    case 'POST /api/extracts': {
      const form = new FormData();
      form.set('file', new Blob(['not,an,extract\n1,2,3\n']), 'tiny.csv');
      form.set('dryRun', 'true');
      return { path: '/api/extracts', init: { method: 'POST', body: form } };
    }
    case 'POST /api/users':
      return { path: '/api/users', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `role-table-${Math.random().toString(36).slice(2, 10)}`, role: 'executive' }) } };
    case 'POST /api/users/:name/disable':
      // A user made for this, so no demo user the walk signs in as is disabled.
      return { path: '/api/users/role-table-target/disable', init: { method: 'POST' } };
    case 'POST /api/users/:name/tokens':
      return { path: '/api/users/role-table-target/tokens', init: { method: 'POST' } };
    case 'GET /api/users/:name/tokens':
      return { path: '/api/users/role-table-target/tokens', init: { method: 'GET' } };
    case 'DELETE /api/users/:name/tokens/:id':
      // Only the admin's request reaches the route (revoking again answers the same token); every other role is refused first.
      return { path: `/api/users/role-table-target/tokens/${targetTokenId}`, init: { method: 'DELETE' } };
    case 'POST /api/extracts/local':
      return {
        path: '/api/extracts/local',
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ files: ['/etc/hostname'], roots: ['/etc'], dataset: null, dryRun: true }) },
      };
    default: {
      const path = rule.path
        .replace('/api/indicators/:id/values', '/api/indicators/all-crime/values?level=ward&period=2019-01')
        .replace('/api/indicators/:id/series', '/api/indicators/all-crime/series?area=E07000118')
        .replace('/api/indicators/:id/lineage', '/api/indicators/all-crime/lineage?area=E07000118&period=2019-01')
        .replace(':code', 'E07000118')
        .replace(':level', 'lad')
        .replace('/api/extracts/:id/quarantine', `/api/extracts/${extractOf['police.street_crime']}/quarantine`)
        .replace('/api/agreements/:id', '/api/agreements/DSA-CSR-POLICE-STREET-CRIME')
        .replace('/api/partners/:id', '/api/partners/police')
        .replace('/api/extracts/jobs/:id/progress', '/api/extracts/jobs/00000000-0000-4000-8000-000000000000/progress')
        .replace('/api/extracts/jobs/:id/status', '/api/extracts/jobs/00000000-0000-4000-8000-000000000000/status')
        .replace(/^\/api\/extracts\/:id$/, `/api/extracts/${extractOf['police.street_crime']}`)
        .replace('/api/datasets/:id/quality', '/api/datasets/police.street_crime/quality');
      return { path, init: { method: rule.method } };
    }
  }
}

/** Where the agreements, not the role, decide: the pilot's multi-agency view includes health figures, which health's agreement shows only to staff and to health itself. */
const DATA_LEVEL_REFUSALS: Record<string, readonly Caller[]> = {
  'GET /api/multi-agency': ['partner:police', 'partner:fire', 'public'],
  // A police extract and dataset: other partners may not see them.
  'GET /api/extracts/:id/quarantine': ['partner:fire', 'partner:health'],
  // Police's agreement and window: other partners may not open them.
  'GET /api/agreements/:id': ['partner:fire', 'partner:health'],
  'GET /api/partners/:id': ['partner:fire', 'partner:health'],
  'GET /api/partners/:id/usage': ['partner:fire', 'partner:health'],
  'GET /api/extracts/:id': ['partner:fire', 'partner:health'],
  'GET /api/datasets/:id/quality': ['partner:fire', 'partner:health'],
};

/** What the table (and the agreements, for the rows above) say the caller gets: 401, 403, or an answer. */
function expected(rule: AccessRule, caller: Caller): 401 | 403 | 'allowed' {
  if (rule.who === 'local') return 401;
  if (rule.who === 'anyone') return 'allowed';
  if (caller === 'no credentials') return 401;
  if (!rule.who.includes(roleKind(roleSchema.parse(caller)))) return 403;
  if (DATA_LEVEL_REFUSALS[`${rule.method} ${rule.path}`]?.includes(caller)) return 403;
  return 'allowed';
}

describe('the access table', () => {
  it('has exactly one row for every route the API serves', () => {
    const served = new Set(
      app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*')).map((r) => `${r.method} ${r.path}`),
    );
    const rows = ACCESS_TABLE.map((r) => `${r.method} ${r.path}`);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...served].sort()).toEqual([...rows].sort());
  });

  it('is enforced for every endpoint and every role, including no credentials', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const rule of ACCESS_TABLE) {
      for (const caller of [...ROLES, 'no credentials'] as const) {
        const { path, init } = sample(rule);
        const response = await app.request(path, { ...init, headers: { ...headers(caller), ...(init.headers as Record<string, string> | undefined) } });
        const want = expected(rule, caller);
        const got = response.status;
        const ok = want === 'allowed' ? got !== 401 && got !== 403 && got < 500 : got === want;
        if (!ok) mismatches.push(`${rule.method} ${path} as ${caller}: expected ${want}, got ${got} ${(await response.text()).slice(0, 200)}`);
        if (got === 401 || got === 403) expect(response.headers.get('content-type')).toContain('application/problem+json');
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(ACCESS_TABLE.length * (ROLES.length + 1));
  });

  it('answers 404 for an API path it does not list, whoever asks', async () => {
    for (const caller of ['admin', 'no credentials'] as const) {
      expect((await app.request('/api/people', { headers: headers(caller) })).status).toBe(404);
      expect((await app.request('/api/extracts', { method: 'DELETE', headers: headers(caller) })).status).toBe(404);
    }
  });
});

describe('what the agreements decide', () => {
  it('a partner lists only its own extracts, and may not ask for another partner’s', async () => {
    const own = await app.request('/api/extracts', { headers: pilot.auth('partner:police') });
    const { extracts } = (await own.json()) as { extracts: { partner: string }[] };
    expect(extracts.length).toBeGreaterThan(0);
    expect(new Set(extracts.map((e) => e.partner))).toEqual(new Set(['police']));
    expect((await app.request('/api/extracts?partner=fire', { headers: pilot.auth('partner:police') })).status).toBe(403);
    const all = (await (await app.request('/api/extracts', { headers: pilot.auth('analyst') })).json()) as { extracts: { partner: string }[] };
    expect(new Set(all.extracts.map((e) => e.partner)).size).toBe(4);
  });

  it('a partner may not read another partner’s quarantine', async () => {
    const response = await app.request(`/api/extracts/${extractOf['fire.incidents']}/quarantine`, { headers: pilot.auth('partner:police') });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/another partner/);
    expect((await app.request(`/api/extracts/${extractOf['fire.incidents']}/quarantine`, { headers: pilot.auth('partner:fire') })).status).toBe(200);
  });

  it('raw values go only to the roles access.rawRows names (health names admin and analyst, not the partner), who still sees lines and reasons', async () => {
    const path = `/api/extracts/${extractOf['health.activity']}/quarantine`;
    const partner = await app.request(path, { headers: pilot.auth('partner:health') });
    expect(partner.status).toBe(200);
    const own = (await partner.json()) as { rawValuesVisible: boolean; rawValuesWithheld: string | null; total: number; rows: { line: number; reason: string; keptValues: unknown }[] };
    expect(own.rawValuesVisible).toBe(false);
    expect(own.rawValuesWithheld).toMatch(/lets only admin, analyst see raw rows/);
    expect(own.total).toBeGreaterThan(0);
    expect(own.rows.every((r) => r.keptValues === null && r.line > 1 && r.reason.length > 0)).toBe(true);
    const csv = await (await app.request(`${path}?format=csv`, { headers: pilot.auth('partner:health') })).text();
    expect(csv.split('\r\n')[0]).toBe('line,field,reason');
    expect((await app.request(path, { headers: pilot.auth('executive') })).status).toBe(403);
    const analyst = (await (await app.request(path, { headers: pilot.auth('analyst') })).json()) as { rawValuesVisible: boolean; rows: { keptValues: unknown }[] };
    expect(analyst.rawValuesVisible).toBe(true);
    expect(analyst.rows.every((r) => r.keptValues !== null)).toBe(true);
  });

  it('no quarantined row carries a pseudonym: pseudonymised fields read "(pseudonymised)"', async () => {
    const pseudonymised = new Map(pilot.observatory.agreements.map((a) => [a.dataset, a.fields.pseudonymised.map((f) => f.name)]));
    let seen = 0;
    for (const dataset of ['police.street_crime', 'fire.incidents']) {
      const response = await app.request(`/api/extracts/${extractOf[dataset]}/quarantine`, { headers: pilot.auth('admin') });
      const { rows } = (await response.json()) as { rows: { keptValues: Record<string, string> }[] };
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const name of pseudonymised.get(dataset) ?? []) {
          if (name in row.keptValues) {
            expect(row.keptValues[name]).toBe(PSEUDONYMISED);
            seen++;
          }
        }
        // A pseudonym is a long run of hex or base64url characters; none may appear.
        for (const value of Object.values(row.keptValues)) expect(value).not.toMatch(/^[0-9a-f]{16,}$|^[A-Za-z0-9_-]{22,}$/);
      }
    }
    expect(seen, 'the pilot has quarantined rows with pseudonymised fields').toBeGreaterThan(0);
  });

  it('figures go only to roles access.aggregates names: health figures are not public, nor shown to other partners', async () => {
    const path = '/api/indicators/emergency-admissions/values?level=lad';
    expect((await app.request(path, { headers: pilot.auth('public') })).status).toBe(403);
    expect((await app.request(path, { headers: pilot.auth('partner:police') })).status).toBe(403);
    expect((await app.request(path, { headers: pilot.auth('partner:health') })).status).toBe(200);
    expect((await app.request(path, { headers: pilot.auth('executive') })).status).toBe(200);
    const catalogue = async (role: string) =>
      ((await (await app.request('/api/indicators', { headers: pilot.auth(role) })).json()) as { indicators: { id: string }[] }).indicators.map((i) => i.id);
    expect(await catalogue('public')).not.toContain('emergency-admissions');
    expect(await catalogue('public')).toContain('all-crime');
    expect(await catalogue('executive')).toContain('emergency-admissions');
  });

  it('publicAggregates decides whether published figures need sign-in', async () => {
    const open = pilot.app();
    expect((await open.request('/api/indicators/all-crime/values?level=lad&period=2019-01')).status).toBe(401);
    pilot.observatory.partnership.publicAggregates = true;
    try {
      const published = pilot.app();
      expect((await published.request('/api/indicators/all-crime/values?level=lad&period=2019-01')).status).toBe(200);
      expect((await published.request('/api/indicators/emergency-admissions/values?level=lad')).status).toBe(403);
      expect((await published.request('/api/extracts')).status).toBe(403);
    } finally {
      pilot.observatory.partnership.publicAggregates = false;
    }
  });
});
