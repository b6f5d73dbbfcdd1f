/**
 * Builds a temporary England and Wales partnership folder (the `datasets/<partnership>/` layout) for
 * the national-scale indicator benchmark. Not a real partnership: it exists to time the
 * pipeline at the size of all LSOAs of England and Wales.
 *
 * - LSOA 2021 boundaries: the simplified England and Wales file, all 35,672 codes (E01 and W01), or
 *   English codes only with `{ wales: false }`.
 * Inputs: the open data folder (datasets/tools/open-data.ts; datasets/tools/fetch-open-data.ts fills it).
 * - Ward level: there is no national ward lookup in the open data, so each "ward" is the group
 *   of LSOAs sharing an MSOA-style name (LSOA "Hartlepool 009A" → group "Hartlepool 009"), coded
 *   `<LAD code>W<nnn>` in order of first appearance within the LAD (e.g. E06000001W001). The name
 *   alone is not a key: after the 2023 reorganisations one LAD holds LSOAs named after several old
 *   districts (Cumberland: "Allerdale 005", "Carlisle 005"). These are MSOA-sized groups, not
 *   electoral wards. Their geometry (and the LADs') is the LSOA polygons collected into one
 *   MultiPolygon, not dissolved.
 * - LAD: the LAD_CODE property of each LSOA; its name is the first LSOA's name without the MSOA suffix.
 * - Population and households: Census 2021 England and Wales files (households = sum of TS011 counts).
 * - IMD 2025: the England LSOA 2021 file as is (Welsh LSOAs have no IMD 2025 score).
 * - LSOA 2011→2021: identity (every code maps to itself, "unchanged"); the generated extracts use 2021 codes.
 * - Agreements and indicators: copied from the pilot.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { csvLine } from '../datasets/tools/csv.ts';
import { NATIONAL_OPEN_DATA, requireOpenDataDir } from '../datasets/tools/open-data.ts';
const PILOT = resolve(import.meta.dirname, '..', 'datasets', 'chorley-south-ribble');

type Geometry = { type: 'Polygon'; coordinates: unknown[] } | { type: 'MultiPolygon'; coordinates: unknown[] };
type SourceFeature = { type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry };

export type NationalPartnership = { dir: string; lsoas: number; wards: number; lads: number };

function readText(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

function readRows(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readText(path), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message ?? 'parse error'}`);
  return parsed.data;
}

/** The polygons of a geometry, as MultiPolygon members. */
function polygonsOf(geometry: Geometry): unknown[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function writeCollection(path: string, features: readonly { code: string; name: string; extra?: Record<string, string>; geometry: Geometry }[]): void {
  const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: { code: f.code, name: f.name, ...f.extra }, geometry: f.geometry }));
  writeFileSync(path, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}

function writeCsv(path: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  writeFileSync(path, `${[csvLine(header), ...rows.map((r) => csvLine(r))].join('\n')}\n`);
}

/**
 * Writes the England and Wales partnership folder into `dir` (extracts are generated separately into
 * `dir/extracts`); `lads` keeps those local authorities only (a county-sized part, for benchmarks).
 */
export function buildNationalPartnership(dir: string, options: { wales?: boolean; lads?: readonly string[] } = {}): NationalPartnership {
  const wales = options.wales ?? true;
  const keep = options.lads ? new Set(options.lads) : null;
  const DATA = requireOpenDataDir(undefined, NATIONAL_OPEN_DATA.map((f) => f.path));
  for (const sub of ['geography', 'lookups', 'reference', 'extracts']) mkdirSync(join(dir, sub), { recursive: true });
  const collection = JSON.parse(readText(join(DATA, 'boundaries-england-wales', 'lsoa21_england_wales_simplified.geojson.gz'))) as { features: SourceFeature[] };
  const lsoas = collection.features
    .map((f) => ({ code: String(f.properties.LSOA21CD), name: String(f.properties.LSOA21NM), lad: String(f.properties.LAD_CODE), geometry: f.geometry }))
    .filter((l) => l.code.startsWith('E01') || (wales && l.code.startsWith('W01')))
    .filter((l) => keep === null || keep.has(l.lad))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const wards = new Map<string, { code: string; name: string; lad: string; polygons: unknown[] }>();
  const lads = new Map<string, { name: string; polygons: unknown[]; groups: number }>();
  const lookup: string[][] = [];
  for (const l of lsoas) {
    const group = l.name.replace(/[A-Z]$/, '');
    const lad = lads.get(l.lad) ?? { name: group.replace(/ \d{3}$/, ''), polygons: [], groups: 0 };
    lads.set(l.lad, lad);
    lad.polygons.push(...polygonsOf(l.geometry));
    const key = `${l.lad}|${group}`;
    let ward = wards.get(key);
    if (!ward) {
      lad.groups += 1;
      ward = { code: `${l.lad}W${String(lad.groups).padStart(3, '0')}`, name: group, lad: l.lad, polygons: [] };
      wards.set(key, ward);
    }
    ward.polygons.push(...polygonsOf(l.geometry));
    lookup.push([l.code, l.name, ward.code, group, l.lad, lad.name]);
  }
  writeCollection(join(dir, 'geography', 'lsoa21.geojson'), lsoas.map((l) => ({ code: l.code, name: l.name, extra: { lad_code: l.lad }, geometry: l.geometry })));
  writeCollection(
    join(dir, 'geography', 'wards.geojson'),
    [...wards.values()].map((w) => ({ code: w.code, name: w.name, extra: { lad_code: w.lad }, geometry: { type: 'MultiPolygon', coordinates: w.polygons } })),
  );
  writeCollection(join(dir, 'geography', 'lads.geojson'), [...lads].map(([code, l]) => ({ code, name: l.name, geometry: { type: 'MultiPolygon', coordinates: l.polygons } })));
  writeCsv(join(dir, 'lookups', 'lsoa21_ward_lad.csv'), ['lsoa21_code', 'lsoa21_name', 'ward_code', 'ward_name', 'lad_code', 'lad_name'], lookup);
  writeCsv(
    join(dir, 'lookups', 'lsoa11_lsoa21.csv'),
    ['lsoa11_code', 'lsoa21_code', 'share_of_lsoa11', 'share_of_lsoa21', 'relationship'],
    lsoas.map((l) => [l.code, l.code, '1.0000', '1.0000', 'unchanged']),
  );

  const included = new Set(lsoas.map((l) => l.code));
  const population = readRows(join(DATA, 'population', 'census2021_usual_residents_lsoa21_age6_england_wales.csv.gz'))
    .filter((r) => included.has(r.lsoa21_code ?? ''))
    .map((r) => [r.lsoa21_code ?? '', r.lsoa21_name ?? '', r.age_group ?? '', r.usual_residents ?? '0']);
  writeCsv(join(dir, 'reference', 'population_age6.csv'), ['lsoa21_code', 'lsoa21_name', 'age_group', 'usual_residents'], population);
  const households = new Map<string, number>();
  for (const r of readRows(join(DATA, 'population', 'census2021_ts011_households_by_deprivation_dimensions_lsoa21_england_wales.csv.gz'))) {
    const code = r.lsoa21_code ?? '';
    if (included.has(code)) households.set(code, (households.get(code) ?? 0) + Number(r.count ?? 0));
  }
  writeCsv(join(dir, 'reference', 'households.csv'), ['lsoa21_code', 'households'], [...households].map(([code, n]) => [code, String(n)]));
  writeFileSync(join(dir, 'reference', 'imd2025.csv'), readText(join(DATA, 'imd2025', 'imd2025_england_lsoa21.csv.gz')));

  cpSync(join(PILOT, 'agreements'), join(dir, 'agreements'), { recursive: true });
  cpSync(join(PILOT, 'indicators'), join(dir, 'indicators'), { recursive: true });
  const localAuthorities = [...lads].map(([code, l]) => ({ code, name: l.name })).sort((a, b) => (a.code < b.code ? -1 : 1));
  writeFileSync(join(dir, 'partnership.json'), `${JSON.stringify({ id: 'england-wales-bench', name: 'England and Wales (benchmark)', localAuthorities }, null, 2)}\n`);
  return { dir, lsoas: lsoas.length, wards: wards.size, lads: lads.size };
}
