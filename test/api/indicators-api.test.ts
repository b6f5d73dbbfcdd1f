import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';

type Value = {
  area: string;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  comparison: { benchmark: string; significance: string; judgement: string } | null;
};
type ValuesResponse = { level: string; period: { id: string; label: string }; values: Value[] };
type Catalogue = { indicators: { id: string; theme: string; periods: { id: string }[]; latestPeriod: string; levels: string[]; withdrawn: string | null }[] };

let pilot: LoadedPilot;
let app: ReturnType<LoadedPilot['app']>;

async function getJson<T>(path: string, expectedStatus = 200): Promise<T> {
  const response = await app.request(path);
  expect(response.status, `${path} → ${await response.clone().text()}`).toBe(expectedStatus);
  return (await response.json()) as T;
}

beforeAll(async () => {
  pilot = await loadPilot();
  app = pilot.app();
});
afterAll(async () => pilot?.close());

describe('the pilot partnership loads end to end', () => {
  it('loads every extract, refusing none, and every row is loaded, quarantined or outside the area', () => {
    expect(pilot.results.length).toBeGreaterThanOrEqual(48);
    expect(pilot.results.filter((r) => r.status !== 'loaded')).toEqual([]);
    for (const r of pilot.results) expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsQuarantined + r.rowsOutsideArea);
  });
});

describe('GET /api/indicators', () => {
  it('lists at least 16 indicators across at least four themes, each with periods at every level it publishes', async () => {
    const { indicators } = await getJson<Catalogue>('/api/indicators');
    expect(indicators.length).toBeGreaterThanOrEqual(16);
    expect(new Set(indicators.map((i) => i.theme)).size).toBeGreaterThanOrEqual(4);
    for (const i of indicators) {
      expect(i.periods.length, i.id).toBeGreaterThan(0);
      expect(i.latestPeriod).toBe(i.periods[i.periods.length - 1]?.id);
      expect(i.withdrawn).toBeNull();
    }
    const crime = indicators.find((i) => i.id === 'all-crime');
    expect(crime?.levels).toEqual(['lsoa', 'ward', 'lad', 'partnership']);
    expect(crime?.periods.map((p) => p.id)).toContain('2019-01');
  });
});

describe('GET /api/indicators/{id}/values', () => {
  it('gives one figure per LSOA (140), ward (37) and local authority (2)', async () => {
    for (const [level, count] of [['lsoa', 140], ['ward', 37], ['lad', 2], ['partnership', 1]] as const) {
      const body = await getJson<ValuesResponse>(`/api/indicators/all-crime/values?level=${level}&period=2019-01`);
      expect(body.values).toHaveLength(count);
      expect(body.period).toEqual({ id: '2019-01', label: 'Jan 2019' });
    }
  });

  it('rolls LSOA counts up to wards, local authorities and the partnership, and rates are numerator / population', async () => {
    const sum = (values: Value[]) => values.reduce((n, v) => n + (v.numerator ?? 0), 0);
    const lsoa = await getJson<ValuesResponse>('/api/indicators/all-crime/values?level=lsoa&period=2019-01');
    const ward = await getJson<ValuesResponse>('/api/indicators/all-crime/values?level=ward&period=2019-01');
    const lad = await getJson<ValuesResponse>('/api/indicators/all-crime/values?level=lad&period=2019-01');
    const partnership = await getJson<ValuesResponse>('/api/indicators/all-crime/values?level=partnership&period=2019-01');
    expect(lsoa.values.every((v) => !v.suppressed)).toBe(true); // police agreement sets no threshold
    expect(sum(ward.values)).toBe(sum(lsoa.values));
    expect(sum(lad.values)).toBe(sum(lsoa.values));
    expect(partnership.values[0]?.numerator).toBe(sum(lsoa.values));
    expect(partnership.values[0]?.denominator).toBe(228_768);
    for (const v of lsoa.values) {
      expect(v.value).toBeCloseTo(((v.numerator ?? 0) / (v.denominator ?? 1)) * 1000, 9);
      expect(v.lower!).toBeLessThanOrEqual(v.value!);
      expect(v.upper!).toBeGreaterThanOrEqual(v.value!);
      expect(v.comparison?.benchmark).toMatch(/^E0700011[68]$|^E07000126$/);
    }
  });

  it('withholds small counts (0 < n < threshold) as withheld with a reason, never as zero, and protects them from subtraction', async () => {
    const values = await getJson<ValuesResponse>('/api/indicators/accidental-dwelling-fires/values?level=lsoa&period=FY2018-19');
    const wards = await getJson<ValuesResponse>('/api/indicators/accidental-dwelling-fires/values?level=ward&period=FY2018-19');
    const withheld = values.values.filter((v) => v.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    for (const v of withheld) {
      expect(v.value).toBeNull();
      expect(v.numerator).toBeNull();
      expect(v.lower).toBeNull();
      expect(v.suppressionReason).toMatch(/small number|subtraction|data provider/);
    }
    for (const v of values.values.filter((x) => !x.suppressed)) expect(v.numerator === 0 || (v.numerator ?? 0) >= 3).toBe(true);
    // In every ward whose total is published, withheld LSOAs number 0 or at least 2.
    const rows = await pilot.observatory.db.all(`SELECT code, ward_code FROM area WHERE level = 'lsoa'`);
    const wardOf = new Map(rows.map((r) => [String(r.code), String(r.ward_code)]));
    for (const w of wards.values.filter((x) => !x.suppressed)) {
      const hidden = withheld.filter((v) => wardOf.get(v.area) === w.area).length;
      expect(hidden === 0 || hidden >= 2, `ward ${w.area} has ${hidden} withheld LSOA`).toBe(true);
    }
  });

  it('answers bad input as application/problem+json with a useful detail', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/indicators/no-such-indicator/values', 404, /no indicator "no-such-indicator"/],
      ['/api/indicators/all-crime/values?level=county', 400, /level.*must be lsoa, ward, lad or partnership/],
      ['/api/indicators/all-crime/values?period=1999-01', 404, /no period "1999-01"/],
      ['/api/geographies/county', 400, /must be lsoa, ward or lad/],
      ['/api/nothing-here', 404, /no such API endpoint/],
    ];
    for (const [path, status, detail] of cases) {
      const response = await app.request(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { status: number; detail: string; title: string };
      expect(problem.status).toBe(status);
      expect(problem.detail).toMatch(detail);
    }
  });

  it('serves the same figures as an Arrow stream, withheld figures as nulls', async () => {
    const path = '/api/indicators/deliberate-secondary-fires/values?level=lsoa&period=FY2018-19';
    const json = await getJson<ValuesResponse>(path);
    const response = await app.request(`${path}&format=arrow`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await response.arrayBuffer()));
    expect(table.schema.metadata.get('indicator')).toBe('deliberate-secondary-fires');
    const rows = table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
    expect(rows.map((r) => r.area)).toEqual(json.values.map((v) => v.area));
    expect(rows.map((r) => r.numerator)).toEqual(json.values.map((v) => v.numerator));
    expect(rows.map((r) => r.value)).toEqual(json.values.map((v) => v.value));
    const withheld = rows.filter((r) => r.suppressed === true);
    expect(withheld.length, 'this indicator has withheld LSOAs in the pilot').toBeGreaterThan(0);
    expect(withheld.every((r) => r.value === null && r.numerator === null && typeof r.suppression_reason === 'string')).toBe(true);
  });

  it('withdraws a dataset’s figures from every response once its agreement has expired', async () => {
    const later = pilot.app('2031-01-01');
    const body = (await (await later.request('/api/indicators/all-crime/values?level=lsoa&period=2019-01')).json()) as ValuesResponse;
    expect(body.values.every((v) => v.suppressed && v.value === null && /expired on 2030-03-31/.test(v.suppressionReason ?? ''))).toBe(true);
    const catalogue = (await (await later.request('/api/indicators')).json()) as Catalogue;
    expect(catalogue.indicators.find((i) => i.id === 'all-crime')?.withdrawn).toMatch(/DSA-CSR-POLICE-STREET-CRIME/);
    expect(catalogue.indicators.find((i) => i.id === 'imd2025-score')?.withdrawn).toBeNull();
  });
});

describe('GET /api/geographies/{level}', () => {
  it('serves GeoJSON with GSS codes for all 140 LSOAs, 37 wards and 2 local authorities', async () => {
    for (const [level, count] of [['lsoa', 140], ['ward', 37], ['lad', 2]] as const) {
      const body = await getJson<{ type: string; features: { properties: { code: string; name: string }; geometry: { type: string } }[] }>(`/api/geographies/${level}`);
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(count);
      for (const f of body.features) expect(f.properties.code).toMatch(/^E0[157]\d{6}$/);
    }
  });
});

describe('area profile, series, lineage and the multi-agency view', () => {
  it('profiles an LSOA beside its local authority and the partnership', async () => {
    const body = await getJson<{ area: { level: string; localAuthority: { code: string } }; benchmark: string; indicators: { indicator: { id: string }; area: { value: number | null } | null; benchmark: unknown; partnership: unknown; spread: { areas: number } | null }[] }>(
      '/api/areas/E01024915/profile?period=2019-03',
    );
    expect(body.area.level).toBe('lsoa');
    expect(body.benchmark).toBe('E07000118');
    expect(body.indicators.length).toBeGreaterThanOrEqual(16);
    const crime = body.indicators.find((i) => i.indicator.id === 'crime-annual');
    expect(crime?.benchmark).not.toBeNull();
    expect(crime?.partnership).not.toBeNull();
    expect(crime?.spread?.areas).toBe(140);
  });

  it('gives a monthly series with confidence intervals', async () => {
    const body = await getJson<{ points: { period: { id: string }; value: number; lower: number; upper: number }[] }>('/api/indicators/all-crime/series?area=E07000126');
    expect(body.points).toHaveLength(24);
    expect(body.points[0]?.period.id).toBe('2017-04');
    for (const p of body.points) expect(p.lower).toBeLessThan(p.upper);
  });

  it('names the extracts and agreement versions behind a figure', async () => {
    const body = await getJson<{ extracts: { file: string; partner: string; agreement: { id: string; version: string }; generated: boolean }[] }>(
      '/api/indicators/asb-combined/lineage?area=E07000118&period=FY2018-19',
    );
    const partners = new Set(body.extracts.map((e) => e.partner));
    expect(partners).toEqual(new Set(['police', 'council']));
    expect(body.extracts.some((e) => e.file === '2019-01-lancashire-street.csv' && !e.generated)).toBe(true);
    expect(body.extracts.every((e) => e.agreement.version === '1.0')).toBe(true);
  });

  it('serves the false alarm share: a percentage of the same quarter’s count of all incidents, with its lineage and profile', async () => {
    const share = await getJson<ValuesResponse>('/api/indicators/fire-false-alarm-share/values?level=lad&period=2019-Q1');
    const all = await getJson<ValuesResponse>('/api/indicators/fire-incidents-all/values?level=lad&period=2019-Q1');
    const alarms = await getJson<ValuesResponse>('/api/indicators/fire-false-alarms/values?level=lad&period=2019-Q1');
    expect(share.values).toHaveLength(2);
    for (const v of share.values) {
      // The denominator is the count fire-incidents-all publishes, not a population.
      expect(v.denominator).toBe(all.values.find((a) => a.area === v.area)?.numerator);
      expect(v.numerator).toBe(alarms.values.find((a) => a.area === v.area)?.numerator);
      expect(v.value).toBeCloseTo(((v.numerator ?? Number.NaN) / (v.denominator ?? Number.NaN)) * 100, 9);
      expect(v.lower).toBeLessThan(v.value ?? Number.NaN);
      expect(v.upper).toBeGreaterThan(v.value ?? Number.NaN);
      expect(v.upper).toBeLessThanOrEqual(100);
    }
    // Another quarter, another denominator.
    const earlier = await getJson<ValuesResponse>('/api/indicators/fire-false-alarm-share/values?level=partnership&period=2018-Q3');
    const allEarlier = await getJson<ValuesResponse>('/api/indicators/fire-incidents-all/values?level=partnership&period=2018-Q3');
    expect(earlier.values[0]?.denominator).toBe(allEarlier.values[0]?.numerator);
    const lineage = await getJson<{ extracts: { file: string; dataset: string }[] }>('/api/indicators/fire-false-alarm-share/lineage?area=E07000118&period=2019-Q1');
    expect(lineage.extracts.map((e) => e.file)).toEqual(['generated-fire-incidents-2019-Q1.csv']);
    const profile = await getJson<{ indicators: { indicator: { id: string; unit: string }; period: { id: string }; partnership: { value: number | null } | null }[] }>('/api/areas/E07000118/profile?period=2019-03');
    const inProfile = profile.indicators.find((i) => i.indicator.id === 'fire-false-alarm-share');
    expect(inProfile).toMatchObject({ indicator: { unit: '% of incidents' }, period: { id: '2019-Q1' } });
    expect(inProfile?.partnership?.value).toBeCloseTo(((share.values[0]?.numerator ?? 0) + (share.values[1]?.numerator ?? 0)) / ((share.values[0]?.denominator ?? 0) + (share.values[1]?.denominator ?? 0)) * 100, 9);
  });

  it('lists LSOAs by how many partners see significantly high demand, with re-weightable composite and its weights', async () => {
    type View = { method: string; weights: Record<string, number>; areas: { area: string; highDemandCount: number; composite: number | null; highDemand: string[] }[] };
    const even = await getJson<View>('/api/multi-agency?period=FY2018-19');
    expect(even.method).toMatch(/significantly higher/);
    expect(even.areas).toHaveLength(140);
    expect(even.areas[0]!.highDemandCount).toBeGreaterThanOrEqual(2);
    for (const a of even.areas) expect(a.highDemand.length).toBe(a.highDemandCount);
    const weighted = await getJson<View>('/api/multi-agency?period=FY2018-19&weights=crime-annual:3,housing-disrepair:0');
    expect(weighted.weights).toMatchObject({ 'crime-annual': 3, 'housing-disrepair': 0 });
    const composite = (v: View, area: string) => v.areas.find((a) => a.area === area)?.composite;
    expect(composite(weighted, 'E01024940')).not.toBeCloseTo(composite(even, 'E01024940') ?? 0, 6);
    await getJson('/api/multi-agency?weights=unknown:1', 400);
  });

  it('writes every API request to the audit log', async () => {
    await app.request('/api/health');
    const rows = await pilot.observatory.db.all(`SELECT actor, action, target, outcome FROM audit_log WHERE target = '/api/health'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ action: 'GET', outcome: '200' });
  });
});
