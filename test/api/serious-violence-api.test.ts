/**
 * GET /api/serious-violence through the contract, on the pilot loaded and built for real: police
 * violence beside A&E assault attendances, their combined demand, the areas high on both, and the
 * disclosure control across the two sources (a withheld A&E figure stays withheld, and its combined
 * demand with it, since the published police count would give it away).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, IndicatorValues, Problem, SeriousViolenceView } from '../../server/contract/index.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';

let pilot: LoadedPilot;
// One app for every request: the audit buffer belongs to the app, so a second app would not see the first's reads.
let app: ReturnType<LoadedPilot['app']>;
let lsoa: SeriousViolenceView;

async function get(path: string, role = 'analyst'): Promise<Response> {
  return app.request(path, { headers: pilot.auth(role) });
}

async function view(path: string): Promise<SeriousViolenceView> {
  const response = await get(path);
  expect(response.status, `${path} → ${await response.clone().text()}`).toBe(200);
  return SeriousViolenceView.parse(await response.json());
}

async function values(indicator: string, level: string, period: string): Promise<IndicatorValues> {
  const response = await get(`/api/indicators/${indicator}/values?level=${level}&period=${period}`);
  expect(response.status).toBe(200);
  return IndicatorValues.parse(await response.json());
}

beforeAll(async () => {
  pilot = await loadPilot();
  app = pilot.app();
  lsoa = await view('/api/serious-violence');
}, 600_000);

afterAll(async () => {
  await pilot?.close();
});

describe('GET /api/serious-violence', () => {
  it('sets police violence, A&E assault and combined demand side by side for every LSOA at the latest financial year', async () => {
    expect(lsoa.level).toBe('lsoa');
    expect(lsoa.period.id).toBe('FY2018-19');
    expect(lsoa.inputs.police.id).toBe('violent-crime-annual');
    expect(lsoa.inputs.hospital.id).toBe('ae-assault-attendances');
    const published = await values('violent-crime-annual', 'lsoa', 'FY2018-19');
    expect(lsoa.areas.map((a) => a.area).sort()).toEqual(published.values.map((v) => v.area).sort());
    // The partnership's rates: police violence at tens per 1,000, A&E assault at about 3.5 per 1,000.
    expect(lsoa.partnership.police).toBeGreaterThan(10);
    expect(lsoa.partnership.hospital).toBeGreaterThan(2);
    expect(lsoa.partnership.hospital).toBeLessThan(5);
    expect(lsoa.partnership.combined).toBeCloseTo((lsoa.partnership.police ?? 0) + (lsoa.partnership.hospital ?? 0), 6);
  });

  it('answers the published figures, value and CI, exactly as the values endpoint does', async () => {
    for (const [key, id] of [['police', 'violent-crime-annual'], ['hospital', 'ae-assault-attendances']] as const) {
      const published = new Map((await values(id, 'lsoa', 'FY2018-19')).values.map((v) => [v.area, v]));
      for (const area of lsoa.areas) {
        const figure = published.get(area.area)!;
        expect(area[key].withheld, `${id} ${area.area}`).toBe(figure.suppressed);
        expect([area[key].value, area[key].lower, area[key].upper, area[key].count]).toEqual(figure.suppressed ? [null, null, null, null] : [figure.value, figure.lower, figure.upper, figure.numerator]);
      }
    }
    // Combined demand: the two published counts added, wherever both are published.
    for (const area of lsoa.areas.filter((a) => !a.police.withheld && !a.hospital.withheld)) {
      expect(area.combined.count).toBe(area.police.count! + area.hospital.count!);
      expect(area.combined.value).toBeCloseTo(area.police.value! + area.hospital.value!, 6);
    }
  });

  it('lists exactly the areas whose police and A&E confidence intervals both lie above the partnership’s rates, first', () => {
    const expected = lsoa.areas.filter((a) => !a.police.withheld && !a.hospital.withheld && a.police.lower! > lsoa.partnership.police! && a.hospital.lower! > lsoa.partnership.hospital!);
    expect(lsoa.highOnBoth).toEqual(expected.map((a) => a.area));
    expect(lsoa.highOnBoth.length).toBeGreaterThan(0);
    expect(lsoa.areas.slice(0, lsoa.highOnBoth.length).every((a) => a.highOnBoth)).toBe(true);
  });

  it('keeps a withheld A&E figure withheld, and its combined demand too, since the published police count would give it away', () => {
    const withheld = lsoa.areas.filter((a) => a.hospital.withheld);
    expect(withheld.length).toBeGreaterThan(0);
    expect(lsoa.unjudged).toBe(lsoa.areas.filter((a) => a.police.withheld || a.hospital.withheld).length);
    for (const area of withheld) {
      expect(area.hospital).toMatchObject({ value: null, lower: null, upper: null, count: null, significantlyHigh: null });
      expect(area.hospital.withheldReason).toMatch(/^withheld/);
      expect(area.highOnBoth).toBe(false);
      expect(area.combined).toMatchObject({ value: null, count: null, withheld: true });
    }
  });

  it('answers wards too, and a chosen period', async () => {
    const wards = await view('/api/serious-violence?level=ward&period=FY2017-18');
    expect(wards.level).toBe('ward');
    expect(wards.period).toEqual({ id: 'FY2017-18', label: expect.any(String) });
    const published = await values('ae-assault-attendances', 'ward', 'FY2017-18');
    expect(wards.areas.map((a) => a.area).sort()).toEqual(published.values.map((v) => v.area).sort());
    expect(wards.areas.every((a) => a.area.startsWith('E05'))).toBe(true);
  });

  it('refuses a level other than LSOA or ward, and a malformed period, with a problem naming the field; an unpublished period is not found', async () => {
    for (const [path, status, detail] of [
      ['/api/serious-violence?level=lad', 400, /level/],
      ['/api/serious-violence?period=2019-13', 400, /period/],
      ['/api/serious-violence?period=FY2010-11', 404, /FY2010-11/],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(Problem.parse(await response.json()).detail).toMatch(detail);
    }
  });

  it('is for the partnership’s own staff: a partner and the public are refused', async () => {
    expect((await get('/api/serious-violence', 'executive')).status).toBe(200);
    expect((await get('/api/serious-violence', 'partner:health')).status).toBe(403);
    expect((await get('/api/serious-violence', 'public')).status).toBe(403);
  });

  it('writes each read to the audit with the datasets behind it', async () => {
    await get('/api/serious-violence?level=ward');
    const response = await get('/api/audit?user=demo-analyst', 'admin');
    const { events } = AuditLog.parse(await response.json());
    const read = events.find((e) => e.route === '/api/serious-violence' && e.outcome === 200);
    expect(read).toMatchObject({ actor: 'demo-analyst', action: 'read-serious-violence' });
    expect(read?.datasets).toEqual(['health.ae_assault_attendances', 'police.street_crime']);
  });
});
