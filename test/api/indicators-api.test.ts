import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import {
  AreaCollection,
  AreaIndex,
  AreaProfile,
  Health,
  IndicatorLineage,
  IndicatorList,
  IndicatorSeries,
  IndicatorValues,
  MultiAgencyView,
  Problem,
} from '../../server/contract/index.ts';
import { FIGURE_COLUMNS } from '../../server/formats/figures-download.ts';
import { loadPilot, type LoadedPilot } from '../support/pilot-observatory.ts';
import { signedIn } from '../support/sign-in.ts';

type Value = IndicatorValues['values'][number];

let pilot: LoadedPilot;
/** The pilot's app, every request signed in as the demo analyst (sign-in is required). */
let app: ReturnType<typeof signedIn>;

/** GETs a path and parses the answer with the contract's schema for it (a 200), or the problem schema. */
async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  const response = await app.request(path);
  expect(response.status, `${path} → ${await response.clone().text()}`).toBe(200);
  return schema.parse(await response.json());
}

async function problem(path: string, expectedStatus: number): Promise<Problem> {
  const response = await app.request(path);
  expect(response.status, `${path} → ${await response.clone().text()}`).toBe(expectedStatus);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return Problem.parse(await response.json());
}

beforeAll(async () => {
  pilot = await loadPilot();
  app = signedIn(pilot.app(), pilot.auth());
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
    const { indicators } = await get('/api/indicators', IndicatorList);
    expect(indicators.length).toBeGreaterThanOrEqual(16);
    expect(new Set(indicators.map((i) => i.theme)).size).toBeGreaterThanOrEqual(4);
    for (const i of indicators) {
      expect(i.periods.length, i.id).toBeGreaterThan(0);
      expect(i.latestPeriod).toBe(i.periods[i.periods.length - 1]?.id);
      expect(i.withdrawn).toBeNull();
    }
    const crime = indicators.find((i) => i.id === 'all-crime');
    expect(crime?.levels).toEqual(['lsoa', 'ward', 'lad', 'partnership', 'locality']);
    expect(crime?.periods.map((p) => p.id)).toContain('2019-01');
  });
});

describe('the rule that withheld a figure', () => {
  const path = '/api/indicators/accidental-dwelling-fires/values?level=lsoa&period=FY2018-19';

  it('is shown to an analyst, whom every source agreement lets see raw rows', async () => {
    const analyst = signedIn(pilot.app(), pilot.auth('analyst'));
    const body = IndicatorValues.parse(await (await analyst.request(path)).json());
    const withheld = body.values.filter((v) => v.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    for (const v of withheld) expect(v.withholdingRule).toMatch(/^(small number: fewer than \d+ but more than 0|withheld so that|denominator withheld|withheld by the data provider)/);
    expect(withheld.some((v) => v.withholdingRule?.startsWith('small number'))).toBe(true);
    for (const v of body.values.filter((x) => !x.suppressed)) expect(v.withholdingRule).toBeNull();
  });

  it('is not shown to an executive, who may see aggregates but not raw rows: one public reason only', async () => {
    const executive = signedIn(pilot.app(), pilot.auth('executive'));
    const response = await executive.request(path);
    const raw = (await response.json()) as { values: Array<Record<string, unknown>> };
    expect(raw.values.some((v) => v.suppressed === true)).toBe(true);
    for (const v of raw.values) expect(v).not.toHaveProperty('withholdingRule');
    const series = (await (await executive.request('/api/indicators/accidental-dwelling-fires/series?area=E01024915')).json()) as { points: Array<Record<string, unknown>> };
    for (const point of series.points) expect(point).not.toHaveProperty('withholdingRule');
  });
});

describe('GET /api/indicators/{id}/values', () => {
  it('gives one figure per LSOA (140), ward (37) and local authority (2)', async () => {
    for (const [level, count] of [['lsoa', 140], ['ward', 37], ['lad', 2], ['partnership', 1]] as const) {
      const body = await get(`/api/indicators/all-crime/values?level=${level}&period=2019-01`, IndicatorValues);
      expect(body.values).toHaveLength(count);
      expect(body.period).toEqual({ id: '2019-01', label: 'Jan 2019' });
    }
  });

  it('rolls LSOA counts up to wards, local authorities and the partnership, and rates are numerator / population', async () => {
    const sum = (values: Value[]) => values.reduce((n, v) => n + (v.numerator ?? 0), 0);
    const lsoa = await get('/api/indicators/all-crime/values?level=lsoa&period=2019-01', IndicatorValues);
    const ward = await get('/api/indicators/all-crime/values?level=ward&period=2019-01', IndicatorValues);
    const lad = await get('/api/indicators/all-crime/values?level=lad&period=2019-01', IndicatorValues);
    const partnership = await get('/api/indicators/all-crime/values?level=partnership&period=2019-01', IndicatorValues);
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
    const values = await get('/api/indicators/accidental-dwelling-fires/values?level=lsoa&period=FY2018-19', IndicatorValues);
    const wards = await get('/api/indicators/accidental-dwelling-fires/values?level=ward&period=FY2018-19', IndicatorValues);
    const withheld = values.values.filter((v) => v.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    for (const v of withheld) {
      expect(v.value).toBeNull();
      expect(v.numerator).toBeNull();
      expect(v.lower).toBeNull();
      expect(v.suppressionReason).toMatch(/^withheld (to protect confidentiality|by the data provider)$/);
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
      ['/api/indicators/all-crime/values?level=county', 400, /level.*must be lsoa, ward, lad, partnership or locality/],
      ['/api/indicators/all-crime/values?period=1999-01', 404, /no period "1999-01"/],
      ['/api/geographies/county', 400, /must be lsoa, ward, lad or locality/],
      ['/api/nothing-here', 404, /no such API endpoint/],
      // A malformed period is a 400 naming the parameter, on every endpoint that takes one; never SQL.
      ['/api/indicators/all-crime/values?period=2019-13', 400, /period.*must be a period id/],
      ['/api/areas/E01024915/profile?period=2019-13', 400, /period.*must be a period id/],
      ['/api/indicators/all-crime/lineage?area=E07000118&period=2019-13', 400, /period.*must be a period id/],
      // Lineage answers only at the indicator's own grain: a month of a quarterly indicator would say which months had rows.
      ['/api/indicators/fire-incidents-all/lineage?area=E07000118&period=2019-02', 400, /"2019-02" is not a quarter period/],
      ['/api/multi-agency?period=2019-13', 400, /period.*must be a period id/],
      ['/api/indicators/all-crime/values?format=xlsx', 400, /format.*must be json, csv, geojson, arrow or parquet/],
      ['/api/multi-agency?weights=crime-annual:1e999', 400, /weights/],
      ['/api/multi-agency?weights=crime-annual:NaN', 400, /weights/],
      ['/api/multi-agency?weights=crime-annual:-1', 400, /weights/],
    ];
    for (const [path, status, detail] of cases) {
      const response = await app.request(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = Problem.parse(await response.json());
      expect(body.status).toBe(status);
      expect(body.detail).toMatch(detail);
      expect(body.detail).not.toMatch(/SELECT|CAST|Conversion Error|while running/i);
      expect(body.requestId, path).toMatch(/\S/);
      expect(response.headers.get('x-request-id')).toBe(body.requestId);
      if (status === 400) expect(body.parameter, path).toBeTruthy();
    }
  });

  it('takes a period in the one format the catalogue gives, on every endpoint: the profile takes a quarter as well as a month', async () => {
    const byQuarter = await get('/api/areas/E01024915/profile?period=2019-Q1', AreaProfile);
    const byMonth = await get('/api/areas/E01024915/profile?period=2019-03', AreaProfile);
    expect(byQuarter).toEqual(byMonth);
    const lineage = await get('/api/indicators/all-crime/lineage?area=E07000118&period=2019-01', IndicatorLineage);
    expect(lineage.period).toEqual({ id: '2019-01', label: 'Jan 2019' });
  });

  it('serves the same figures as an Arrow stream, withheld figures as nulls', async () => {
    const path = '/api/indicators/deliberate-secondary-fires/values?level=lsoa&period=FY2018-19';
    const json = await get(path, IndicatorValues);
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
    const later = signedIn(pilot.app('2031-01-01'), pilot.auth());
    const body = IndicatorValues.parse(await (await later.request('/api/indicators/all-crime/values?level=lsoa&period=2019-01')).json());
    expect(body.values.every((v) => v.suppressed && v.value === null && /expired on 2030-03-31/.test(v.suppressionReason ?? ''))).toBe(true);
    const catalogue = IndicatorList.parse(await (await later.request('/api/indicators')).json());
    expect(catalogue.indicators.find((i) => i.id === 'all-crime')?.withdrawn).toMatch(/DSA-CSR-POLICE-STREET-CRIME/);
    expect(catalogue.indicators.find((i) => i.id === 'imd2025-score')?.withdrawn).toBeNull();
  });
});

describe('GET /api/geographies/{level}', () => {
  it('serves GeoJSON with GSS codes for all 140 LSOAs, 37 wards and 2 local authorities', async () => {
    for (const [level, count] of [['lsoa', 140], ['ward', 37], ['lad', 2]] as const) {
      const body = await get(`/api/geographies/${level}`, AreaCollection);
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(count);
      for (const f of body.features) expect(f.properties.code).toMatch(/^E0[157]\d{6}$/);
    }
  });
});

/** The tile x/y at `zoom` holding the point (web mercator, as MapLibre asks for tiles). */
function tileOf(longitude: number, latitude: number, zoom: number): { x: number; y: number } {
  const n = 2 ** zoom;
  const radians = (latitude * Math.PI) / 180;
  return { x: Math.floor(((longitude + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n) };
}

describe('GET /api/geographies/{level}/index and /tiles/{z}/{x}/{y}: the boundaries as vector tiles', () => {
  it('indexes every area of a level with its name, a label point inside the bounds, and the bounds of the GeoJSON', async () => {
    for (const [level, count] of [['lsoa', 140], ['ward', 37], ['lad', 2]] as const) {
      const index = await get(`/api/geographies/${level}/index`, AreaIndex);
      const geography = await get(`/api/geographies/${level}`, AreaCollection);
      expect(index.areas.map((a) => [a.code, a.name])).toEqual(geography.features.map((f) => [f.properties.code, f.properties.name]));
      expect(index.areas).toHaveLength(count);
      const [west, south, east, north] = index.bounds ?? [0, 0, 0, 0];
      const longitudes = geography.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2).map((p) => p[0] ?? 0));
      expect(west).toBeCloseTo(Math.min(...longitudes), 6);
      expect(east).toBeCloseTo(Math.max(...longitudes), 6);
      for (const { label } of index.areas) {
        const [x = Number.NaN, y = Number.NaN] = label ?? [];
        expect(x >= west && x <= east && y >= south && y <= north, `${label}`).toBe(true);
      }
    }
  });

  it('serves a protobuf tile carrying the code of every LSOA it covers, 204 where there are none, and 400 for a tile that cannot exist', async () => {
    const index = await get('/api/geographies/lsoa/index', AreaIndex);
    const [west, south, east, north] = index.bounds ?? [0, 0, 0, 0];
    const { x, y } = tileOf((west + east) / 2, (south + north) / 2, 7);
    // The pilot is about 30 km across: at zoom 7 (tiles about 190 km wide here) one tile or its neighbours hold it all.
    const codes = new Set<string>();
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1], [-1, 0], [0, -1], [-1, -1], [1, -1], [-1, 1]] as const) {
      const response = await app.request(`/api/geographies/lsoa/tiles/7/${x + dx}/${y + dy}`);
      if (response.status === 204) continue;
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-protobuf');
      expect(response.headers.get('etag')).toMatch(/^"b\d+-/);
      const bytes = Buffer.from(await response.arrayBuffer());
      for (const area of index.areas) if (bytes.includes(area.code)) codes.add(area.code);
    }
    expect(codes.size).toBe(140);
    expect((await app.request('/api/geographies/lsoa/tiles/7/0/0')).status).toBe(204);
    expect((await problem('/api/geographies/lsoa/tiles/14/0/0', 400)).detail).toMatch(/at most 13/);
    expect((await problem('/api/geographies/lsoa/tiles/2/4/0', 400)).detail).toMatch(/less than 2 to the power z/);
    expect((await problem('/api/geographies/locality/tiles/2/0/0', 400)).detail).toMatch(/must be lsoa, ward or lad/);
  });
});

describe('localities: named groups of LSOAs that cut across wards', () => {
  it('serves the outlines of the 14 localities of two kinds, each with its kind and LSOAs, every LSOA in one locality of each kind', async () => {
    const body = await get('/api/geographies/locality', AreaCollection);
    expect(body.features).toHaveLength(14);
    const byKind = new Map<string, string[]>();
    for (const f of body.features) {
      expect(f.properties.kind).toBeDefined();
      byKind.set(f.properties.kind!.id, [...(byKind.get(f.properties.kind!.id) ?? []), ...(f.properties.lsoas ?? [])]);
    }
    expect([...byKind.keys()].sort()).toEqual(['neighbourhood-policing-team', 'primary-care-network']);
    for (const lsoas of byKind.values()) {
      expect(lsoas).toHaveLength(140);
      expect(new Set(lsoas).size).toBe(140);
    }
  });

  it('publishes every counted indicator for localities: the sum of their LSOAs, compared with the partnership', async () => {
    const geography = await get('/api/geographies/locality', AreaCollection);
    const lsoa = await get('/api/indicators/all-crime/values?level=lsoa&period=2019-01', IndicatorValues);
    const locality = await get('/api/indicators/all-crime/values?level=locality&period=2019-01', IndicatorValues);
    expect(locality.values).toHaveLength(14);
    const countOf = new Map(lsoa.values.map((v) => [v.area, v.numerator ?? 0]));
    for (const f of geography.features) {
      const figure = locality.values.find((v) => v.area === f.properties.code);
      expect(figure?.numerator).toBe((f.properties.lsoas ?? []).reduce((n, l) => n + (countOf.get(l) ?? 0), 0));
      expect(figure?.comparison?.benchmark).toBe('chorley-south-ribble');
    }
  });

  it('withholds a locality figure where its count is small, like any other area', async () => {
    // Fire false alarms are few by quarter: some localities are withheld, none shows a count below the threshold.
    const catalogue = await get('/api/indicators', IndicatorList);
    const alarms = catalogue.indicators.find((i) => i.id === 'accidental-dwelling-fires')!;
    expect(alarms.levels).toContain('locality');
    let withheld = 0;
    for (const period of alarms.periods) {
      const body = await get(`/api/indicators/${alarms.id}/values?level=locality&period=${period.id}`, IndicatorValues);
      for (const v of body.values) {
        if (v.suppressed) withheld++;
        else expect(v.numerator === 0 || (v.numerator ?? 0) >= 3).toBe(true);
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  it('profiles a locality beside the partnership, and gives its series', async () => {
    const profile = await get('/api/areas/pcn-1/profile', AreaProfile);
    expect(profile.area).toMatchObject({ code: 'pcn-1', level: 'locality', ward: null, localAuthority: null });
    expect(profile.benchmark).toBe('chorley-south-ribble');
    expect(profile.indicators.length).toBeGreaterThanOrEqual(16);
    const series = await get('/api/indicators/all-crime/series?area=npt-leyland', IndicatorSeries);
    expect(series.area).toMatchObject({ code: 'npt-leyland', level: 'locality' });
    expect(series.points.length).toBeGreaterThan(12);
  });
});

describe('area profile, series, lineage and the multi-agency view', () => {
  it('profiles an LSOA beside its local authority and the partnership', async () => {
    const body = await get(
      '/api/areas/E01024915/profile?period=2019-03',
      AreaProfile,
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
    const body = await get('/api/indicators/all-crime/series?area=E07000126', IndicatorSeries);
    expect(body.points).toHaveLength(24);
    expect(body.points[0]?.period.id).toBe('2017-04');
    for (const p of body.points) expect(p.lower).toBeLessThan(p.upper ?? Number.NaN);
  });

  it('names the extracts and agreement versions behind a figure', async () => {
    const body = await get(
      '/api/indicators/asb-combined/lineage?area=E07000118&period=FY2018-19',
      IndicatorLineage,
    );
    const partners = new Set(body.extracts.map((e) => e.partner));
    expect(partners).toEqual(new Set(['police', 'council']));
    expect(body.extracts.some((e) => e.file === '2019-01-lancashire-street.csv' && !e.generated)).toBe(true);
    expect(body.extracts.every((e) => e.agreement.version === '1.0')).toBe(true);
  });

  it('serves the false alarm share: a percentage of the same quarter’s count of all incidents, with its lineage and profile', async () => {
    const share = await get('/api/indicators/fire-false-alarm-share/values?level=lad&period=2019-Q1', IndicatorValues);
    const all = await get('/api/indicators/fire-incidents-all/values?level=lad&period=2019-Q1', IndicatorValues);
    const alarms = await get('/api/indicators/fire-false-alarms/values?level=lad&period=2019-Q1', IndicatorValues);
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
    const earlier = await get('/api/indicators/fire-false-alarm-share/values?level=partnership&period=2018-Q3', IndicatorValues);
    const allEarlier = await get('/api/indicators/fire-incidents-all/values?level=partnership&period=2018-Q3', IndicatorValues);
    expect(earlier.values[0]?.denominator).toBe(allEarlier.values[0]?.numerator);
    const lineage = await get('/api/indicators/fire-false-alarm-share/lineage?area=E07000118&period=2019-Q1', IndicatorLineage);
    expect(lineage.extracts.map((e) => e.file)).toEqual(['generated-fire-incidents-2019-Q1.csv']);
    // A withheld figure has no lineage to give; a published one lists the same extracts for every area.
    const lsoas = await get('/api/indicators/fire-incidents-all/values?level=lsoa&period=2019-Q1', IndicatorValues);
    const withheld = lsoas.values.find((v) => v.suppressed)!;
    const shown = lsoas.values.find((v) => !v.suppressed)!;
    expect((await get(`/api/indicators/fire-incidents-all/lineage?area=${withheld.area}&period=2019-Q1`, IndicatorLineage)).extracts).toEqual([]);
    expect((await get(`/api/indicators/fire-incidents-all/lineage?area=${shown.area}&period=2019-Q1`, IndicatorLineage)).extracts.map((e) => e.file)).toEqual([
      'generated-fire-incidents-2019-Q1.csv',
    ]);
    const profile = await get('/api/areas/E07000118/profile?period=2019-03', AreaProfile);
    const inProfile = profile.indicators.find((i) => i.indicator.id === 'fire-false-alarm-share');
    expect(inProfile).toMatchObject({ indicator: { unit: '% of incidents' }, period: { id: '2019-Q1' } });
    expect(inProfile?.partnership?.value).toBeCloseTo(((share.values[0]?.numerator ?? 0) + (share.values[1]?.numerator ?? 0)) / ((share.values[0]?.denominator ?? 0) + (share.values[1]?.denominator ?? 0)) * 100, 9);
  });

  it('lists LSOAs by how many partners see significantly high demand, with re-weightable composite and its weights', async () => {
    type View = MultiAgencyView;
    const even = await get('/api/multi-agency?period=FY2018-19', MultiAgencyView);
    expect(even.method).toMatch(/significantly higher/);
    expect(even.areas).toHaveLength(140);
    expect(even.areas[0]!.highDemandCount).toBeGreaterThanOrEqual(2);
    for (const a of even.areas) expect(a.highDemand.length).toBe(a.highDemandCount);
    const weighted = await get('/api/multi-agency?period=FY2018-19&weights=crime-annual:3,housing-disrepair:0', MultiAgencyView);
    expect(weighted.weights).toMatchObject({ 'crime-annual': 3, 'housing-disrepair': 0 });
    const composite = (v: View, area: string) => v.areas.find((a) => a.area === area)?.composite;
    expect(composite(weighted, 'E01024940')).not.toBeCloseTo(composite(even, 'E01024940') ?? 0, 6);
    await problem('/api/multi-agency?weights=unknown:1', 400);
  });

  it('writes every request that reads data to the audit, with who asked', async () => {
    await app.request('/api/indicators/all-crime/values?level=ward&period=2019-01');
    const response = await app.request('/api/audit?user=demo-analyst', { headers: pilot.auth('admin') });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { actor: string; role: string; action: string; indicator: string | null; outcome: number }[] };
    expect(events).toContainEqual(expect.objectContaining({ actor: 'demo-analyst', role: 'analyst', action: 'read-figures', indicator: 'all-crime', outcome: 200 }));
  });
});

describe('HTTP hygiene', () => {
  it('shows no file paths in /api/health', async () => {
    const health = await get('/api/health', Health);
    expect(JSON.stringify(health)).not.toMatch(/\/|\\|duckdb/);
    expect(health.builtAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('answers a path outside /api that is no page of the web app with a 404 page, and an unknown API path with a 404 problem', async () => {
    const page = await app.request('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Page not found');
    const api = await app.request('/api/indicators/all-crime/nothing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });

  it('sends a strict Content-Security-Policy that lets MapLibre start its workers from blob:', async () => {
    const response = await app.request('/api/health');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives figures and boundaries an ETag and Cache-Control, answers 304 to a client that has them, and gzips when asked', async () => {
    for (const path of ['/api/indicators/all-crime/values?level=lsoa&period=2019-01', '/api/geographies/lsoa']) {
      const first = await app.request(path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"b\d+-/);
      expect(first.headers.get('cache-control'), path).toContain('no-cache');
      const again = await app.request(path, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status, path).toBe(304);
      const zipped = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding'), path).toBe('gzip');
      expect(zipped.headers.get('etag'), path).toBe(etag);
    }
  });

  it('serves figures again from the database after a build: the cached answer is dropped with its build', async () => {
    const path = '/api/indicators/all-crime/values?level=ward&period=2019-01';
    const before = await app.request(path);
    const etagBefore = before.headers.get('etag');
    const summary = await buildIndicators(pilot.observatory.db, pilot.observatory.definitions, pilot.observatory.agreements, { full: true }, '2026-11-23');
    const after = await app.request(path, { headers: { 'if-none-match': etagBefore ?? '' } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toMatch(new RegExp(`^"b${summary.buildId}-`));
    expect(IndicatorValues.parse(await after.json()).values).toEqual(IndicatorValues.parse(await before.json()).values);
    // A full build with the attacker's linear programs takes about a minute alone, several when the machine is shared.
  }, 600_000);
});

describe('downloads of published figures', () => {
  const path = '/api/indicators/deliberate-secondary-fires/values?level=lsoa&period=FY2018-19';

  it('gives CSV with the same columns and rows as the JSON, metadata naming sources, agreements and suppression first', async () => {
    const json = await get(path, IndicatorValues);
    const response = await app.request(`${path}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('deliberate-secondary-fires-lsoa-FY2018-19.csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    const comments = lines.filter((l) => l.startsWith('# '));
    expect(comments.join('\n')).toMatch(/# sources: .*fire/);
    expect(comments.join('\n')).toMatch(/# agreements: DSA-/);
    expect(comments.join('\n')).toMatch(/# suppression: .*below \d+ withheld/);
    const rows = lines.slice(comments.length);
    expect(rows[0]).toBe(FIGURE_COLUMNS.map((c) => c.name).join(','));
    expect(rows).toHaveLength(json.values.length + 1);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(json.values.map((v) => v.area));
  });

  it('gives Parquet and GeoJSON with the same columns and rows, and the metadata', async () => {
    const json = await get(path, IndicatorValues);
    const parquet = await (await app.request(`${path}&format=parquet`)).arrayBuffer();
    const rows = await parquetReadObjects({ file: parquet });
    expect(Object.keys(rows[0] ?? {})).toEqual(FIGURE_COLUMNS.map((c) => c.name));
    expect(rows.map((r) => r.area)).toEqual(json.values.map((v) => v.area));
    expect(rows.map((r) => r.value)).toEqual(json.values.map((v) => v.value));
    const metadata = new Map(parquetMetadata(parquet).key_value_metadata?.map((kv) => [kv.key, kv.value]));
    expect(metadata.get('indicator')).toBe('deliberate-secondary-fires');
    expect(metadata.get('suppression')).toMatch(/withheld/);

    const geojson = (await (await app.request(`${path}&format=geojson`)).json()) as { metadata: Record<string, string>; features: { id: string; properties: Record<string, unknown>; geometry: { type: string } | null }[] };
    expect(geojson.metadata.agreements).toMatch(/DSA-/);
    expect(geojson.features.map((f) => f.id)).toEqual(json.values.map((v) => v.area));
    expect(Object.keys(geojson.features[0]?.properties ?? {})).toEqual(FIGURE_COLUMNS.map((c) => c.name));
    expect(geojson.features.every((f) => f.geometry && /Polygon/.test(f.geometry.type))).toBe(true);
  });
});
