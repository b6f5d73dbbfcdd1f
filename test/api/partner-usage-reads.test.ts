/**
 * Issue 9 (who used a partner's data): an area profile, the multi-agency view and
 * the indicator catalogue show figures built on several partners' data at once, so
 * each read counts in the usage of every partner whose data it showed, under its
 * own action (read-profile, read-multi-agency, read-catalogue) with no indicator,
 * and not in a partner whose data it did not show. Through the real Hono app over
 * a DuckDB file loaded with the pilot's police and fire extracts only: council's
 * and health's indicators have no figures there, so nothing read draws on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE_ACTIONS } from '../../pipeline/access/partner-usage.ts';
import { ACCESS_TABLE } from '../../server/access/access-table.ts';
import { AreaProfile, AuditLog, ExtractList, IndicatorList, PartnerUsage } from '../../server/contract/index.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';

const TODAY = '2026-11-23';
/** Chorley: a district of the pilot. */
const AREA = 'E07000118';
let pilot: LoadedPilot;

beforeAll(async () => {
  pilot = await loadPilot({ partners: ['police', 'fire'] });
}, 180_000);
afterAll(async () => pilot?.close());

/** A partner's usage rows as an admin reads them, through the given app. */
async function usageOf(app: ReturnType<LoadedPilot['app']>, partner: string): Promise<PartnerUsage['rows']> {
  const response = await app.request(`/api/partners/${partner}/usage`, { headers: pilot.auth('admin') });
  expect(response.status).toBe(200);
  return PartnerUsage.parse(await response.json()).rows;
}

/** The usage rows of one action as [role, indicator, requests, users]. */
function counted(rows: PartnerUsage['rows'], action: string) {
  return rows.filter((r) => r.action === action).map((r) => [r.role, r.indicator, r.requests, r.users]);
}

describe('usage of a partner’s data by reads that show several partners’ data', () => {
  it('counts an executive’s profile read in police’s usage and in fire’s as read-profile, not in health’s or council’s', async () => {
    const app = pilot.app(TODAY);
    // Twice: the second answer comes from the build cache, which must still tell the audit what it drew on.
    for (let i = 0; i < 2; i++) {
      const response = await app.request(`/api/areas/${AREA}/profile`, { headers: pilot.auth('executive') });
      expect(response.status).toBe(200);
      const shown = AreaProfile.parse(await response.json()).indicators.map((e) => e.indicator.id);
      expect(shown).toEqual(expect.arrayContaining(['all-crime', 'fire-incidents-all']));
      expect(shown).not.toContain('emergency-admissions');
    }
    expect(counted(await usageOf(app, 'police'), 'read-profile')).toEqual([['executive', null, 2, 1]]);
    expect(counted(await usageOf(app, 'fire'), 'read-profile')).toEqual([['executive', null, 2, 1]]);
    expect(await usageOf(app, 'health')).toEqual([]);
    expect(await usageOf(app, 'council')).toEqual([]);
    // The audit says what was read: the profile's area, no single indicator, the datasets behind what it showed.
    const audit = AuditLog.parse(await (await app.request('/api/audit?action=read-profile', { headers: pilot.auth('admin') })).json());
    expect(audit.events).toHaveLength(2);
    expect(audit.events[0]).toMatchObject({ role: 'executive', route: '/api/areas/:code/profile', area: AREA, indicator: null, partners: ['fire', 'police'], outcome: 200 });
    expect(audit.events[0]?.datasets).toEqual(['fire.incidents', 'police.street_crime']);
  });

  it('counts a catalogue read as read-catalogue for each partner whose data gave its indicators periods', async () => {
    const app = pilot.app(TODAY);
    const response = await app.request('/api/indicators', { headers: pilot.auth('analyst') });
    expect(response.status).toBe(200);
    // Health's indicators are listed, but with no periods: no health data was shown.
    const health = IndicatorList.parse(await response.json()).indicators.find((i) => i.id === 'emergency-admissions');
    expect(health?.periods).toEqual([]);
    expect(counted(await usageOf(app, 'police'), 'read-catalogue')).toEqual([['analyst', null, 1, 1]]);
    expect(counted(await usageOf(app, 'fire'), 'read-catalogue')).toEqual([['analyst', null, 1, 1]]);
    expect(counted(await usageOf(app, 'health'), 'read-catalogue')).toEqual([]);
  });

  it('counts a multi-agency read for the partners whose inputs it showed; a refused one for nobody', async () => {
    const app = pilot.app(TODAY);
    expect((await app.request('/api/multi-agency', { headers: pilot.auth('executive') })).status).toBe(200);
    // Health's agreement does not let police see its aggregates, so police may not see the view at all.
    expect((await app.request('/api/multi-agency', { headers: pilot.auth('partner:police') })).status).toBe(403);
    expect(counted(await usageOf(app, 'police'), 'read-multi-agency')).toEqual([['executive', null, 1, 1]]);
    expect(counted(await usageOf(app, 'fire'), 'read-multi-agency')).toEqual([['executive', null, 1, 1]]);
    expect(counted(await usageOf(app, 'health'), 'read-multi-agency')).toEqual([]);
    expect(counted(await usageOf(app, 'council'), 'read-multi-agency')).toEqual([]);
  });

  it('counts an analyst’s reads of a police extract’s report and of police’s data quality in police’s usage only', async () => {
    const app = pilot.app(TODAY);
    const list = ExtractList.parse(await (await app.request('/api/extracts', { headers: pilot.auth('analyst') })).json());
    const police = list.extracts.find((e) => e.dataset === 'police.street_crime');
    expect(police).toBeDefined();
    expect((await app.request(`/api/extracts/${police?.extractId}`, { headers: pilot.auth('analyst') })).status).toBe(200);
    expect((await app.request('/api/datasets/police.street_crime/quality', { headers: pilot.auth('analyst') })).status).toBe(200);
    const rows = await usageOf(app, 'police');
    expect(counted(rows, 'read-extract-report')).toEqual([['analyst', null, 1, 1]]);
    expect(counted(rows, 'read-data-quality')).toEqual([['analyst', null, 1, 1]]);
    const fire = await usageOf(app, 'fire');
    expect(counted(fire, 'read-extract-report')).toEqual([]);
    expect(counted(fire, 'read-data-quality')).toEqual([]);
  });

  it('counts board-page reads for the partners whose figures they showed: priorities, the risk register, interventions', async () => {
    const app = pilot.app(TODAY);
    for (const path of ['/api/priorities', '/api/priorities/community-safety', '/api/risks', '/api/interventions', '/api/interventions/burglary-target-hardening']) {
      expect((await app.request(path, { headers: pilot.auth('executive') })).status, path).toBe(200);
    }
    const police = await usageOf(app, 'police');
    expect(counted(police, 'read-priorities')).toEqual([['executive', null, 2, 1]]);
    expect(counted(police, 'read-risks')).toEqual([['executive', null, 1, 1]]);
    expect(counted(police, 'read-interventions')).toEqual([['executive', null, 2, 1]]);
    // The fire service's figures are on the priorities, the register and the arson intervention, not on the burglary one.
    const fire = await usageOf(app, 'fire');
    expect(counted(fire, 'read-priorities')).toEqual([['executive', null, 1, 1]]);
    expect(counted(fire, 'read-risks')).toEqual([['executive', null, 1, 1]]);
    expect(counted(fire, 'read-interventions')).toEqual([['executive', null, 1, 1]]);
    // Health's and the council's indicators are on the boards, but with no data loaded no figure of theirs was shown.
    expect(await usageOf(app, 'health')).toEqual([]);
    expect(await usageOf(app, 'council')).toEqual([]);
  });

  it('counts only actions the access table names, so no read is missed for a name no route records', () => {
    const actions = new Set(ACCESS_TABLE.map((rule) => rule.action));
    expect(USAGE_ACTIONS.filter((action) => !actions.has(action))).toEqual([]);
    // The reads of several partners' data each have their own action, never the one-indicator read-figures.
    const of = (path: string) => ACCESS_TABLE.find((rule) => rule.method === 'GET' && rule.path === path)?.action;
    expect([of('/api/areas/:code/profile'), of('/api/multi-agency'), of('/api/serious-violence'), of('/api/indicators')]).toEqual([
      'read-profile',
      'read-multi-agency',
      'read-serious-violence',
      'read-catalogue',
    ]);
  });
});
