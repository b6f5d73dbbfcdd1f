/**
 * Builders for the small extracts the ingest tests write byte for byte: rows in
 * each partner layout, points well inside named LSOAs, and the rendering
 * (encoding, BOM, line endings, trailing blank lines) of datasets/tools/writer.ts,
 * which also says on which editor line each row starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon, centroid, pointToPolygonDistance } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { COUNCIL_HEADER } from '../../../datasets/tools/council.ts';
import { FIRE_HEADER } from '../../../datasets/tools/fire.ts';
import { lonLatToBng } from '../../../datasets/tools/geo.ts';
import { HEALTH_HEADER } from '../../../datasets/tools/health.ts';
import { POLICE_HEADER } from '../../../datasets/tools/police.ts';
import { Rng } from '../../../datasets/tools/rng.ts';
import { CLEAN, renderCsv, type FileStyle, type Rendered } from '../../../datasets/tools/writer.ts';
import { bngToWgs84 } from '../../../pipeline/placement/british-national-grid.ts';
import type { TempObservatory } from '../../support/temp-observatory.ts';
import { PILOT_DIR } from '../../support/temp-observatory.ts';

export { COUNCIL_HEADER, FIRE_HEADER, HEALTH_HEADER, POLICE_HEADER };

/** A point chosen well inside one LSOA 2021: WGS84 to six decimals and whole-metre BNG, both inside. */
export type InteriorPoint = { lsoa21: string; longitude: string; latitude: string; easting: string; northing: string };

type LsoaFeature = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

let lsoaFeatures: Map<string, LsoaFeature> | null = null;

function lsoaFeature(code: string): LsoaFeature {
  lsoaFeatures ??= new Map(
    (JSON.parse(readFileSync(join(PILOT_DIR, 'geography', 'lsoa21.geojson'), 'utf8')) as { features: LsoaFeature[] }).features.map((f) => [
      f.properties.code,
      f,
    ]),
  );
  const feature = lsoaFeatures.get(code);
  if (!feature) throw new Error(`${code} is not an LSOA of the pilot partnership`);
  return feature;
}

const interiorPoints = new Map<string, InteriorPoint>();

/**
 * A point at least 40 m inside the LSOA (so rounding to whole metres or to six
 * decimals cannot move it across a boundary): the centroid if it qualifies,
 * else the first seeded random point that does.
 */
export function pointInLsoa(code: string): InteriorPoint {
  const cached = interiorPoints.get(code);
  if (cached) return cached;
  const feature = lsoaFeature(code);
  const [minX, minY, maxX, maxY] = bbox(feature.geometry);
  const rng = new Rng(2026, `interior-${code}`);
  const candidates = function* (): Generator<[number, number]> {
    yield centroid(feature).geometry.coordinates as [number, number];
    for (let i = 0; i < 5000; i++) yield [minX + rng.next() * (maxX - minX), minY + rng.next() * (maxY - minY)];
  };
  for (const [lon, lat] of candidates()) {
    if (!booleanPointInPolygon([lon, lat], feature)) continue;
    if (Math.abs(pointToPolygonDistance([lon, lat], feature, { units: 'meters' })) < 40) continue;
    const [easting, northing] = lonLatToBng(lon, lat);
    const [bLon, bLat] = bngToWgs84(easting, northing);
    if (!booleanPointInPolygon([bLon, bLat], feature)) continue;
    const point = { lsoa21: code, longitude: lon.toFixed(6), latitude: lat.toFixed(6), easting: String(easting), northing: String(northing) };
    interiorPoints.set(code, point);
    return point;
  }
  throw new Error(`no interior point found in ${code}`);
}

function bbox(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0] ?? 0);
  const ys = rings.flat().map((p) => p[1] ?? 0);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Pilot LSOAs the tests use by name (see lookups/lsoa11_lsoa21.csv). */
export const LSOA = {
  /** Chorley 014A: the same code in 2011 and 2021. */
  unchanged: 'E01024915',
  /** Chorley 014B: another unchanged code, used for a supplied code that disagrees with the point. */
  unchangedOther: 'E01024916',
  /** A 2011 code that split into four 2021 LSOAs (E01034340–E01034343). */
  split11: 'E01024919',
  /** One of the four 2021 LSOAs E01024919 split into. */
  splitPart21: 'E01034341',
  /** A 2011 code that merged with E01024932 into E01034339. */
  merged11: 'E01024929',
  merged21: 'E01034339',
  /** Birmingham 008D: a real LSOA far outside the partnership. */
  outside: 'E01009233',
} as const;

/** BNG and WGS84 points far outside the partnership (central London; Birmingham). */
export const OUTSIDE_BNG = { easting: '530000', northing: '180000' };
export const OUTSIDE_WGS84 = { longitude: '-1.885285', latitude: '52.559189' };

type FireField = (typeof FIRE_HEADER)[number];
type CouncilField = (typeof COUNCIL_HEADER)[number];
type HealthField = (typeof HEALTH_HEADER)[number];
type PoliceField = (typeof POLICE_HEADER)[number];

function rowOf<F extends string>(header: readonly F[], values: Record<F, string>, overrides: Partial<Record<F, string>>): string[] {
  return header.map((field) => overrides[field] ?? values[field]);
}

/** A valid fire incident in LSOA E01024915 unless overridden. */
export function fireRow(overrides: Partial<Record<FireField, string>> = {}): string[] {
  const point = pointInLsoa(LSOA.unchanged);
  return rowOf(
    FIRE_HEADER,
    {
      incident_number: 'F20180100001',
      call_datetime: '14/01/2018 19:05',
      incident_group: 'Fire',
      incident_type: 'Secondary fire',
      property_category: 'Outdoor',
      property_type: 'Wheelie bin',
      deliberate: 'Yes',
      easting: point.easting,
      northing: point.northing,
      ward_name: 'Adlington & Anderton',
      caller_name: 'Amelia Ashworth',
      address: '12 Larkspur Close, Chorley, PR7 4XX',
    },
    overrides,
  );
}

/** A valid council service request located by easting/northing in LSOA E01024915 unless overridden. */
export function councilRow(overrides: Partial<Record<CouncilField, string>> = {}): string[] {
  const point = pointInLsoa(LSOA.unchanged);
  return rowOf(
    COUNCIL_HEADER,
    {
      case_ref: 'SR-2018-000001',
      received_date: '03/01/2018',
      service: 'fly_tipping',
      postcode: 'PR7 4XX',
      easting: point.easting,
      northing: point.northing,
      uprn: '100012345678',
      ward_name: 'Adlington & Anderton',
      complainant_name: 'Oliver Rigby',
      complainant_phone: '07700 900123',
    },
    overrides,
  );
}

/** A valid health count for LSOA 2021 E01024915 unless overridden. */
export function healthRow(overrides: Partial<Record<HealthField, string>> = {}): string[] {
  return rowOf(HEALTH_HEADER, { lsoa_code: LSOA.unchanged, period: '2018-01', measure: 'emergency_admissions', count: '12' }, overrides);
}

/** A valid street crime at a point in E01024915 (with that LSOA code) unless overridden. */
export function policeRow(overrides: Partial<Record<PoliceField, string>> = {}): string[] {
  const point = pointInLsoa(LSOA.unchanged);
  return rowOf(
    POLICE_HEADER,
    {
      'Crime ID': 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
      Month: '2018-01',
      'Reported by': 'Lancashire Constabulary',
      'Falls within': 'Lancashire Constabulary',
      Longitude: point.longitude,
      Latitude: point.latitude,
      Location: 'On or near Larkspur Close',
      'LSOA code': LSOA.unchanged,
      'LSOA name': 'Chorley 014A',
      'Crime type': 'Burglary',
      'Last outcome category': 'Under investigation',
      Context: '',
    },
    overrides,
  );
}

/** Renders rows under a header in a byte-level style (UTF-8, LF by default). */
export function render(header: readonly string[], rows: readonly string[][], style: Partial<FileStyle> = {}): Rendered {
  return renderCsv(header, rows, { ...CLEAN, ...style });
}

/** One quarantined row as the tests compare it. */
export type QuarantineEntry = { line: number; field: string | null; reason: string };

/** An extract's quarantined rows in line order. */
export async function quarantineOf(obs: TempObservatory, extractId: string | null): Promise<QuarantineEntry[]> {
  const rows = await obs.all(`SELECT line_number AS line, field, reason FROM quarantine WHERE extract_id = $id ORDER BY line_number`, {
    id: extractId ?? '',
  });
  return rows.map((r) => ({ line: Number(r.line), field: r.field === null ? null : String(r.field), reason: String(r.reason) }));
}

/** Row counts of every table of the database, so a test can say "nothing changed". */
export async function tableCounts(obs: Pick<TempObservatory, 'all'>): Promise<Record<string, number>> {
  const tables = await obs.all(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const rows = await obs.all(`SELECT count(*)::INTEGER AS n FROM "${String(table_name)}"`);
    counts[String(table_name)] = Number(rows[0]?.n);
  }
  return counts;
}
