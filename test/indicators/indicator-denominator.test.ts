/**
 * The pilot's false alarm share (false alarms as a percentage of all fire incidents attended, a
 * proportion whose denominator is the indicator fire-incidents-all) through the real ingest, DuckDB
 * build and API, on a small fire extract whose every figure is worked out by hand below.
 *
 * One quarter, 2019-Q1, incidents placed in seven LSOAs of two Chorley wards (threshold 3):
 *
 *   ward                 LSOA        incidents  false alarms  remainder (incidents − false alarms)
 *   Chorley North East   E01024978      10          4            6
 *                        E01024979      20          5           15
 *                        E01024980      12         11            1   ← small
 *   Chorley South East   E01024938       2          0            2   ← small, and so is the count of incidents
 *   & Heath Charnock     E01024939       9          3            6
 *                        E01024940       0          0            0   ← nothing to divide by
 *                        E01024941      30         15           15
 *   wards: North East 42 / 20, South East 41 / 18; Chorley and the partnership 83 / 38; South Ribble 0 / 0.
 *
 * Disclosure control, as the build runs it:
 * - E01024938: 2 incidents is small, so fire-incidents-all is withheld there; E01024939 (the smallest
 *   other count of the ward) is withheld beside it so that the ward total does not give it away.
 *   The share is withheld in both for its denominator; their false alarms (0 and 3) stay published.
 * - E01024980: 12 incidents and 11 false alarms would give away 1 incident that was not a false
 *   alarm, so the false alarms are withheld there, and in E01024978 (the smallest other false alarm
 *   count of the ward) so that the ward's false alarms do not give them away; the share with them.
 * - Everything else is published: 5/20 = 25%, 15/30 = 50%, the wards 20/42 and 18/41, Chorley and the
 *   partnership 38/83, with Wilson score intervals written out below.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { csvLine } from '../../datasets/tools/csv.ts';
import { lonLatToBng, randomPointIn, readAreaCollection, stringProp, toSamplingArea } from '../../datasets/tools/geo.ts';
import { Rng } from '../../datasets/tools/rng.ts';
import type { JsonRow } from '../../pipeline/db/database.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { PUBLIC_REASON_CONFIDENTIAL } from '../../pipeline/indicators/disclosure/public-reason.ts';
import { bearerFor } from '../support/sign-in.ts';
import { createApp } from '../../server/app.ts';
import { IndicatorValues, type AreaFigure } from '../../web/src/api/client.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { disposeTemplates, openTempObservatory, PILOT_DIR, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';

const TODAY = '2026-11-23';
const PARTNERSHIP = 'chorley-south-ribble';
const CHORLEY = 'E07000118';
const SOUTH_RIBBLE = 'E07000126';
const NORTH_EAST = 'E05013067';
const SOUTH_EAST = 'E05013070';

/** Incidents and false alarms placed in each LSOA over the quarter. */
const DESIGN: Record<string, { incidents: number; alarms: number }> = {
  E01024978: { incidents: 10, alarms: 4 },
  E01024979: { incidents: 20, alarms: 5 },
  E01024980: { incidents: 12, alarms: 11 },
  E01024938: { incidents: 2, alarms: 0 },
  E01024939: { incidents: 9, alarms: 3 },
  E01024940: { incidents: 0, alarms: 0 },
  E01024941: { incidents: 30, alarms: 15 },
};

/** The fire extract: each LSOA's incidents at random points inside it, spread over the three months. */
function fireExtract(): string {
  const rng = new Rng(20190101, 'indicator-denominator');
  const lsoas = new Map(readAreaCollection(join(PILOT_DIR, 'geography', 'lsoa21.geojson')).map((f) => [stringProp(f, 'code'), toSamplingArea(stringProp(f, 'code'), f.geometry)]));
  const lines = [csvLine(['incident_number', 'call_datetime', 'incident_group', 'incident_type', 'property_category', 'property_type', 'deliberate', 'easting', 'northing', 'ward_name', 'caller_name', 'address'])];
  let n = 0;
  for (const [code, { incidents, alarms }] of Object.entries(DESIGN)) {
    const area = lsoas.get(code);
    if (!area) throw new Error(`no LSOA ${code} in the pilot's boundaries`);
    for (let i = 0; i < incidents; i++) {
      const [e, north] = lonLatToBng(...randomPointIn(area, rng));
      const month = `0${(n % 3) + 1}`;
      const [group, type] = i < alarms ? ['False Alarm', 'False alarm - Apparatus'] : i % 2 ? ['Fire', 'Secondary fire'] : ['Special Service', 'Flooding'];
      lines.push(csvLine([`F-D-${String(++n).padStart(4, '0')}`, `15/${month}/2019 10:00`, group, type, 'Outdoor', 'Grassland', 'No', e, north, '', 'A Caller', '']));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Wilson score limits for r out of n, in percent, written out (z for 95%). */
function wilson(r: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const centre = 2 * r + z * z;
  const spread = z * Math.sqrt(z * z + 4 * r * (1 - r / n));
  return [(100 * (centre - spread)) / (2 * (n + z * z)), (100 * (centre + spread)) / (2 * (n + z * z))];
}

// The API is read through the web client's own contract, so the test checks what the map page relies on.
type Figure = AreaFigure;

let obs: TempObservatory;
let app: ReturnType<typeof createApp>;
let auth: { authorization: string };
let extractId: string;

beforeAll(async () => {
  obs = await openTempObservatory();
  const result = await obs.ingest(await writeExtract(obs.dir, 'generated-fire-incidents-2019-Q1-small.csv', fireExtract()), { today: TODAY });
  expect(result.status, result.reason ?? '').toBe('loaded');
  extractId = result.extractId ?? '';
  const { db, definitions, agreements } = obs.observatory;
  await buildIndicators(db, definitions, agreements, { full: true }, TODAY);
  app = createApp(observatoryState(obs.observatory, { webDir: null, today: () => TODAY }));
  auth = await bearerFor(obs.observatory.db, 'analyst', TODAY);
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

/** One indicator's figures for 2019-Q1 at one level, through the API, by area code. */
async function figures(indicator: string, level: 'lsoa' | 'ward' | 'lad' | 'partnership'): Promise<Map<string, Figure>> {
  const response = await app.request(`/api/indicators/${indicator}/values?level=${level}&period=2019-Q1`, { headers: auth });
  expect(response.status).toBe(200);
  return new Map(IndicatorValues.parse(await response.json()).values.map((v) => [v.area, v]));
}

async function shareOf(area: string, level: 'lsoa' | 'ward' | 'lad' | 'partnership'): Promise<Figure> {
  const figure = (await figures('fire-false-alarm-share', level)).get(area);
  if (!figure) throw new Error(`no share for ${area}`);
  return figure;
}

describe('the false alarm share over the real pipeline', () => {
  it('places every incident in the LSOA it was drawn in (the premise of the figures below)', async () => {
    const rows = await obs.all(
      `SELECT lsoa21_code, count(*)::INTEGER AS incidents, count(*) FILTER (WHERE incident_group = 'False Alarm')::INTEGER AS alarms
       FROM fire_incidents GROUP BY lsoa21_code ORDER BY lsoa21_code`,
    );
    const placed = Object.fromEntries(rows.map((r: JsonRow) => [String(r.lsoa21_code), { incidents: Number(r.incidents), alarms: Number(r.alarms) }]));
    expect(placed).toEqual(Object.fromEntries(Object.entries(DESIGN).filter(([, d]) => d.incidents > 0)));
  });

  it('publishes numerator, denominator, value and Wilson interval where nothing is withheld', async () => {
    const expected: [string, 'lsoa' | 'ward' | 'lad' | 'partnership', number, number][] = [
      ['E01024979', 'lsoa', 5, 20],
      ['E01024941', 'lsoa', 15, 30],
      [NORTH_EAST, 'ward', 20, 42],
      [SOUTH_EAST, 'ward', 18, 41],
      [CHORLEY, 'lad', 38, 83],
      [PARTNERSHIP, 'partnership', 38, 83],
    ];
    for (const [area, level, r, n] of expected) {
      const figure = await shareOf(area, level);
      const [lower, upper] = wilson(r, n);
      expect(figure, area).toMatchObject({ numerator: r, denominator: n, suppressed: false, suppressionReason: null });
      expect(figure.value, area).toBeCloseTo((100 * r) / n, 10);
      expect(figure.lower, area).toBeCloseTo(lower, 10);
      expect(figure.upper, area).toBeCloseTo(upper, 10);
    }
    // The written-out limits agree with published tables: 5 of 20 is 11.19% to 46.87%, 38 of 83 is 35.49% to 56.45%.
    expect(wilson(5, 20).map((x) => x.toFixed(2))).toEqual(['11.19', '46.87']);
    expect(wilson(38, 83).map((x) => x.toFixed(2))).toEqual(['35.49', '56.45']);
  });

  it('gives no value where no incident was attended (a denominator of 0), withholding nothing', async () => {
    for (const [area, level] of [['E01024940', 'lsoa'], [SOUTH_RIBBLE, 'lad']] as const) {
      expect(await shareOf(area, level)).toMatchObject({ numerator: 0, denominator: 0, value: null, lower: null, upper: null, suppressed: false, suppressionReason: null });
    }
  });

  it('withholds the share, its numerator and denominator where the count of all incidents is withheld', async () => {
    const all = await figures('fire-incidents-all', 'lsoa');
    const alarms = await figures('fire-false-alarms', 'lsoa');
    expect(all.get('E01024938')).toMatchObject({ suppressed: true, numerator: null, suppressionReason: PUBLIC_REASON_CONFIDENTIAL });
    expect(all.get('E01024939')).toMatchObject({ suppressed: true, numerator: null, suppressionReason: PUBLIC_REASON_CONFIDENTIAL });
    for (const [area, falseAlarms] of [['E01024938', 0], ['E01024939', 3]] as const) {
      // The false alarms themselves are not withheld, yet the share shows nothing.
      expect(alarms.get(area)).toMatchObject({ suppressed: false, numerator: falseAlarms });
      // Value, interval, numerator and denominator are all withheld, not only the value.
      expect(await shareOf(area, 'lsoa')).toMatchObject({
        area,
        value: null,
        numerator: null,
        denominator: null,
        lower: null,
        upper: null,
        suppressed: true,
        suppressionReason: PUBLIC_REASON_CONFIDENTIAL,
      });
    }
  });

  it('withholds false alarms where all incidents − false alarms would be a small number, and beside them in the ward', async () => {
    const all = await figures('fire-incidents-all', 'lsoa');
    const alarms = await figures('fire-false-alarms', 'lsoa');
    for (const area of ['E01024980', 'E01024978']) {
      expect(alarms.get(area)).toMatchObject({ suppressed: true, numerator: null, suppressionReason: PUBLIC_REASON_CONFIDENTIAL });
      // The share shows the denominator (published by fire-incidents-all) but nothing of its numerator.
      expect(await shareOf(area, 'lsoa')).toMatchObject({ suppressed: true, numerator: null, value: null, suppressionReason: PUBLIC_REASON_CONFIDENTIAL, denominator: DESIGN[area]!.incidents });
      expect(all.get(area)).toMatchObject({ suppressed: false, numerator: DESIGN[area]!.incidents });
    }
  });

  it('names the fire extract behind a share in its lineage, and shows the share in an area profile', async () => {
    const lineage = await app.request(`/api/indicators/fire-false-alarm-share/lineage?area=E01024979&period=2019-Q1`, { headers: auth });
    expect(lineage.status).toBe(200);
    const body = z.object({ extracts: z.array(z.object({ extractId: z.string(), dataset: z.string() })) }).parse(await lineage.json());
    expect(body.extracts).toEqual([expect.objectContaining({ extractId, dataset: 'fire.incidents' })]);
    const profile = await app.request('/api/areas/E01024979/profile?period=2019-03', { headers: auth });
    expect(profile.status).toBe(200);
    const indicators = z
      .object({ indicators: z.array(z.object({ indicator: z.object({ id: z.string() }), area: z.object({ value: z.number().nullable() }).nullable() })) })
      .parse(await profile.json()).indicators;
    expect(indicators.find((i) => i.indicator.id === 'fire-false-alarm-share')?.area?.value).toBe(25);
  });
});
