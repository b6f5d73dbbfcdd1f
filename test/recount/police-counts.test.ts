/**
 * The foundation's "Done when": the counts per LSOA agree with the extracts.
 *
 * The three real data.police.uk files (and, as a second source, one month of the
 * generated council file) are loaded into a fresh observatory and the indicators
 * built; the figures are then read through the real HTTP API. Separately, and
 * without any pipeline code, the same raw CSV files are recounted: parsed with
 * papaparse, filtered as the indicator definition says, and each point located
 * by testing it against every LSOA polygon in turn with turf (no spatial index).
 * Every LSOA, ward and local-authority figure must agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import Papa from 'papaparse';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { disposeTemplates, openTempObservatory, PILOT_DIR, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const POLICE_MONTHS = ['2018-11', '2018-12', '2019-01'] as const;
const policeFile = (month: string) => join(PILOT_DIR, 'extracts', 'police', `${month}-lancashire-street.csv`);
const COUNCIL_FILE = join(PILOT_DIR, 'extracts', 'council', 'generated-council-service-requests-2019-Q1.csv');

type Level = 'lsoa' | 'ward' | 'lad' | 'partnership';
type ServedValue = { area: string; numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean; suppressionReason: string | null };
type ValuesResponse = { level: Level; period: { id: string }; values: ServedValue[] };

// ---------------------------------------------------------------------------
// The independent recount: raw files, the published boundaries and lookup, turf.
// ---------------------------------------------------------------------------

const lsoaFeatures = (
  JSON.parse(readFileSync(join(PILOT_DIR, 'geography', 'lsoa21.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string }>
).features;

/** LSOA 2021 → ward and local authority, from the published best-fit lookup. */
const lsoaParents = new Map(
  Papa.parse<{ lsoa21_code: string; ward_code: string; lad_code: string }>(readFileSync(join(PILOT_DIR, 'lookups', 'lsoa21_ward_lad.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data.map((row) => [row.lsoa21_code, { ward: row.ward_code, lad: row.lad_code }]),
);

/** Every LSOA whose polygon holds the point, testing all 140 polygons; memoised per distinct point. */
const naiveCache = new Map<string, string[]>();
function lsoasHolding(longitude: number, latitude: number): string[] {
  const key = `${longitude},${latitude}`;
  let found = naiveCache.get(key);
  if (!found) {
    found = lsoaFeatures.filter((feature: Feature<Polygon | MultiPolygon, { code: string }>) => booleanPointInPolygon([longitude, latitude], feature)).map((f) => f.properties.code);
    naiveCache.set(key, found);
  }
  return found;
}

type Recount = {
  /** Matching records per LSOA 2021. */
  byLsoa: Map<string, number>;
  /** Matching records whose point is in no pilot LSOA (elsewhere in Lancashire or beyond). */
  outside: number;
  /** Matching records with no usable location. */
  unlocated: number;
  /** Matching records whose point lies on a boundary shared by two LSOAs. */
  onBoundary: number;
};

function recountPoints(points: { longitude: number; latitude: number }[], unlocated: number): Recount {
  const byLsoa = new Map<string, number>();
  let outside = 0;
  let onBoundary = 0;
  for (const { longitude, latitude } of points) {
    const holders = lsoasHolding(longitude, latitude);
    if (holders.length === 0) outside++;
    else {
      if (holders.length > 1) onBoundary++;
      byLsoa.set(holders[0]!, (byLsoa.get(holders[0]!) ?? 0) + 1);
    }
  }
  return { byLsoa, outside, unlocated, onBoundary };
}

type PoliceRow = { 'Crime ID': string; Month: string; Longitude: string; Latitude: string; 'LSOA code': string; 'Crime type': string };

/** All-crime for a month from a raw data.police.uk file: rows of the month, crime type not anti-social behaviour (all-crime.json). */
function recountPolice(month: string): Recount & { rows: number } {
  const parsed = Papa.parse<PoliceRow>(readFileSync(policeFile(month), 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const crimes = parsed.data.filter((row) => row.Month === month && row['Crime type'] !== 'Anti-social behaviour');
  const located = crimes.filter((row) => row.Longitude !== '' && row.Latitude !== '');
  const unlocated = crimes.filter((row) => row.Longitude === '' || row.Latitude === '');
  // A row without coordinates but with an LSOA code would be placed by its code; the real files have none,
  // so every crime is either a point or unlocatable, and the point recount is the whole count.
  expect(unlocated.filter((row) => row['LSOA code'] !== '')).toEqual([]);
  return { ...recountPoints(located.map((row) => ({ longitude: Number(row.Longitude), latitude: Number(row.Latitude) })), unlocated.length), rows: parsed.data.length };
}

/** Every row of a raw data.police.uk file: how many have a point in no pilot LSOA, and how many have no point. */
function recountWholeFile(month: string): { outside: number; unlocated: number } {
  const parsed = Papa.parse<PoliceRow>(readFileSync(policeFile(month), 'utf8'), { header: true, skipEmptyLines: true });
  let outside = 0;
  let unlocated = 0;
  for (const row of parsed.data) {
    if (row.Longitude === '' || row.Latitude === '') unlocated++;
    else if (lsoasHolding(Number(row.Longitude), Number(row.Latitude)).length === 0) outside++;
  }
  return { outside, unlocated };
}

/** EPSG:27700 as published at https://epsg.io/27700 (proj4 definition, 7-parameter Helmert to WGS84). */
const EPSG_27700 =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

type CouncilRow = { received_date: string; service: string; easting: string; northing: string };

/** Fly-tipping reports received in a month, from the raw council file (fly-tipping.json: service in [fly_tipping]). */
function recountFlyTipping(month: string): Recount {
  const [year, mm] = month.split('-');
  const parsed = Papa.parse<CouncilRow>(readFileSync(COUNCIL_FILE, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const matching = parsed.data.filter((row) => {
    const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(row.received_date.trim());
    return date !== null && date[3] === year && Number(date[2]) === Number(mm) && row.service.trim().toLowerCase() === 'fly_tipping';
  });
  const points: { longitude: number; latitude: number }[] = [];
  let unlocated = 0;
  for (const row of matching) {
    const easting = Number(row.easting);
    const northing = Number(row.northing);
    // No coordinates (postcode only: the pilot has no postcode lookup) or 0,0 cannot be placed.
    if (row.easting.trim() === '' || row.northing.trim() === '' || (easting === 0 && northing === 0)) {
      unlocated++;
      continue;
    }
    const [longitude, latitude] = proj4(EPSG_27700, 'WGS84', [easting, northing]) as [number, number];
    points.push({ longitude, latitude });
  }
  return recountPoints(points, unlocated);
}

/** Sums LSOA counts to wards or local authorities through the lookup. */
function rollUp(byLsoa: Map<string, number>, level: 'ward' | 'lad'): Map<string, number> {
  const out = new Map<string, number>();
  for (const [lsoa, n] of byLsoa) {
    const parent = lsoaParents.get(lsoa);
    expect(parent, `${lsoa} is in the ward/LAD lookup`).toBeDefined();
    out.set(parent![level], (out.get(parent![level]) ?? 0) + n);
  }
  return out;
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------
// The observatory: the same files through ingest, build and the HTTP API.
// ---------------------------------------------------------------------------

let obs: TempObservatory;
let app: ReturnType<typeof createApp>;

async function served(indicator: string, level: Level, period: string): Promise<ServedValue[]> {
  const response = await app.request(`/api/indicators/${indicator}/values?level=${level}&period=${period}`);
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as ValuesResponse;
  expect(body.period.id).toBe(period);
  return body.values;
}

beforeAll(async () => {
  obs = await openTempObservatory();
  for (const month of POLICE_MONTHS) {
    const result = await obs.ingest(policeFile(month), { today: TODAY });
    expect(result.status).toBe('loaded');
  }
  expect((await obs.ingest(COUNCIL_FILE, { today: TODAY })).status).toBe('loaded');
  const { observatory } = obs;
  await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true }, TODAY);
  app = createApp(observatoryState(observatory, { webDir: null, today: () => TODAY }));
});

afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

describe('police: all recorded crime per LSOA agrees with an independent recount of the real extracts', () => {
  it('uses the all-crime definition the recount assumes (everything but anti-social behaviour, monthly, police only)', () => {
    const definition = obs.observatory.definitions.find((d) => d.id === 'all-crime');
    expect(definition).toMatchObject({
      kind: 'counted',
      grain: 'month',
      numerator: { parts: [{ dataset: 'police.street_crime', where: [{ field: 'crime_type', notIn: ['Anti-social behaviour'] }] }] },
    });
  });

  describe.each(POLICE_MONTHS)('%s', (month) => {
    let recount: ReturnType<typeof recountPolice>;
    beforeAll(() => {
      recount = recountPolice(month);
    });

    it('is a real whole-force file: most crimes are outside the pilot, and the pilot has hundreds', () => {
      expect(recount.rows).toBeGreaterThan(15_000);
      expect(recount.outside).toBeGreaterThan(total(recount.byLsoa));
      expect(total(recount.byLsoa)).toBeGreaterThan(1000);
      expect(recount.byLsoa.size).toBeGreaterThan(120);
      // No snapped point sits on an LSOA boundary, so the recount's placement is unambiguous.
      expect(recount.onBoundary).toBe(0);
    });

    it('gives every one of the 140 LSOAs exactly the recounted number of crimes, none withheld', async () => {
      const values = await served('all-crime', 'lsoa', month);
      expect(values).toHaveLength(140);
      const servedCounts = new Map(values.map((v) => [v.area, v.numerator]));
      const expected = new Map(lsoaFeatures.map((f) => [f.properties.code, recount.byLsoa.get(f.properties.code) ?? 0]));
      expect(servedCounts).toEqual(expected);
      // The police agreement's threshold is 0: nothing is suppressed, at any level.
      expect(values.filter((v) => v.suppressed || v.suppressionReason !== null)).toEqual([]);
    });

    it('gives each ward the sum of its LSOAs in the recount', async () => {
      const values = await served('all-crime', 'ward', month);
      expect(values).toHaveLength(37);
      expect(values.filter((v) => v.suppressed)).toEqual([]);
      const wards = rollUp(recount.byLsoa, 'ward');
      expect(new Map(values.map((v) => [v.area, v.numerator]))).toEqual(new Map(values.map((v) => [v.area, wards.get(v.area) ?? 0])));
      expect(values.reduce((n, v) => n + (v.numerator ?? 0), 0)).toBe(total(recount.byLsoa));
    });

    it('gives Chorley, South Ribble and the partnership the sums of the recount', async () => {
      const lads = await served('all-crime', 'lad', month);
      expect(lads.filter((v) => v.suppressed)).toEqual([]);
      expect(new Map(lads.map((v) => [v.area, v.numerator]))).toEqual(rollUp(recount.byLsoa, 'lad'));
      const partnership = await served('all-crime', 'partnership', month);
      expect(partnership.map((v) => [v.numerator, v.suppressed])).toEqual([[total(recount.byLsoa), false]]);
    });
  });

  it('loaded the rows of each file in the pilot, counted those elsewhere apart and quarantined only those with no location', async () => {
    for (const month of POLICE_MONTHS) {
      const log = await obs.all(
        `SELECT rows_read, rows_loaded, rows_quarantined, rows_outside_area FROM extract_log WHERE file_name = $name AND status = 'loaded'`,
        { name: `${month}-lancashire-street.csv` },
      );
      expect(log).toHaveLength(1);
      const row = log[0] as { rows_read: number; rows_loaded: number; rows_quarantined: number; rows_outside_area: number };
      expect(row.rows_read).toBe(recountPolice(month).rows);
      const whole = recountWholeFile(month);
      expect({ loaded: row.rows_loaded, quarantined: row.rows_quarantined, outside: row.rows_outside_area }).toEqual({
        loaded: row.rows_read - whole.outside - whole.unlocated,
        quarantined: whole.unlocated,
        outside: whole.outside,
      });
      // About 80% of a whole-force file lies outside Chorley and South Ribble.
      expect(row.rows_outside_area / row.rows_read).toBeGreaterThan(0.75);
    }
  });
});

describe('council: fly-tipping in Jan 2019 agrees with an independent recount of the council extract', () => {
  const month = '2019-01';
  let recount: Recount;
  beforeAll(() => {
    recount = recountFlyTipping(month);
  });

  it('recounts a non-trivial month', () => {
    expect(total(recount.byLsoa)).toBeGreaterThan(50);
    expect(recount.onBoundary).toBe(0);
  });

  /**
   * The council agreement withholds counts of 1 or 2 (threshold 3), then withholds more cells so
   * that none can be recovered by subtraction. Every figure shown must equal the recount; every
   * figure withheld must say why, show no number, and if withheld as small be 1 or 2 in the recount.
   */
  function expectAgreement(values: ServedValue[], expected: Map<string, number>) {
    for (const v of values) {
      const n = expected.get(v.area) ?? 0;
      if (!v.suppressed) {
        expect(v.numerator, v.area).toBe(n);
        continue;
      }
      expect(v.numerator, `${v.area} is withheld, not zero`).toBeNull();
      expect(v.value).toBeNull();
      expect(v.suppressionReason).toMatch(/small number|subtraction/);
      if (v.suppressionReason?.startsWith('small number')) expect([1, 2], v.area).toContain(n);
    }
  }

  it('shows each LSOA figure equal to the recount, or withholds it for disclosure control', async () => {
    const values = await served('fly-tipping', 'lsoa', month);
    expect(values).toHaveLength(140);
    expectAgreement(values, recount.byLsoa);
    // Every LSOA recounted as 1 or 2 is withheld.
    for (const v of values) if ([1, 2].includes(recount.byLsoa.get(v.area) ?? 0)) expect(v.suppressed, v.area).toBe(true);
    expect(values.filter((v) => !v.suppressed).length).toBeGreaterThan(0);
  });

  it('shows each ward, local authority and the partnership equal to the summed recount where shown', async () => {
    expectAgreement(await served('fly-tipping', 'ward', month), rollUp(recount.byLsoa, 'ward'));
    const lads = await served('fly-tipping', 'lad', month);
    expect(lads.filter((v) => v.suppressed)).toEqual([]);
    expect(new Map(lads.map((v) => [v.area, v.numerator]))).toEqual(rollUp(recount.byLsoa, 'lad'));
    const partnership = await served('fly-tipping', 'partnership', month);
    expect(partnership.map((v) => v.numerator)).toEqual([total(recount.byLsoa)]);
  });
});
