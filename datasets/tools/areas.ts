/**
 * Loads the LSOA-level calibration base for the generator: boundaries, Census 2021 population
 * (total and 65+), households, IMD 2025 score and, for a partnership, best-fit wards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCsv } from './csv.ts';
import { readAreaCollection, stringProp, toSamplingArea, type SamplingArea } from './geo.ts';

/** One LSOA 2021 with everything the rate models need. */
export interface Lsoa {
  code: string;
  name: string;
  ladCode: string;
  population: number;
  pop65: number;
  households: number;
  imdScore: number;
  /** Population-weighted relative deprivation (IMD score / mean score), 1 = average of the loaded set. */
  depIndex: number;
  wardName: string;
  area: SamplingArea;
}

/** Where the calibration inputs live; optional files fall back to neutral defaults. */
export interface AreaSources {
  boundaries: string;
  population?: string;
  households?: string;
  imd?: string;
  wardLookup?: string;
  /** Keep only codes with this prefix, or one of these prefixes (e.g. E01 for England). */
  codePrefix?: string | readonly string[];
}

const popRow = z.object({ lsoa21_code: z.string(), age_group: z.string(), usual_residents: z.coerce.number().int().nonnegative() });
const hhRow = z.object({ lsoa21_code: z.string(), households: z.coerce.number().optional(), count: z.coerce.number().optional() });
const imdRow = z.object({ lsoa21_code: z.string(), IMD_score: z.coerce.number() }).loose();
const wardRow = z.object({ lsoa21_code: z.string(), ward_name: z.string() }).loose();

/** Loads and joins the calibration inputs; LSOAs missing from a file get that file's neutral default. */
export function loadAreas(src: AreaSources): Lsoa[] {
  const features = readAreaCollection(src.boundaries);
  const pop = new Map<string, number>();
  const pop65 = new Map<string, number>();
  if (src.population) {
    for (const r of readCsv(src.population, popRow)) {
      pop.set(r.lsoa21_code, (pop.get(r.lsoa21_code) ?? 0) + r.usual_residents);
      if (/65/.test(r.age_group)) pop65.set(r.lsoa21_code, (pop65.get(r.lsoa21_code) ?? 0) + r.usual_residents);
    }
  }
  const households = new Map<string, number>();
  if (src.households) {
    // Accepts both the pilot's households.csv and the raw TS011 rows (sum of `count` over dimensions).
    for (const r of readCsv(src.households, hhRow)) {
      households.set(r.lsoa21_code, (households.get(r.lsoa21_code) ?? 0) + (r.households ?? r.count ?? 0));
    }
  }
  const imd = new Map<string, number>();
  if (src.imd) for (const r of readCsv(src.imd, imdRow)) imd.set(r.lsoa21_code, r.IMD_score);
  const wards = new Map<string, string>();
  if (src.wardLookup && existsSync(src.wardLookup)) for (const r of readCsv(src.wardLookup, wardRow)) wards.set(r.lsoa21_code, r.ward_name);

  const lsoas: Lsoa[] = [];
  for (const f of features) {
    const code = stringProp(f, 'code', 'LSOA21CD');
    if (src.codePrefix !== undefined && ![src.codePrefix].flat().some((prefix) => code.startsWith(prefix))) continue;
    const population = pop.get(code) ?? 1600;
    lsoas.push({
      code,
      name: stringProp(f, 'name', 'LSOA21NM'),
      ladCode: stringProp(f, 'lad_code', 'LAD_CODE', 'LADCD_ACTIVE'),
      population,
      pop65: pop65.get(code) ?? Math.round(population * 0.19),
      households: households.get(code) ?? Math.round(population / 2.35),
      imdScore: imd.get(code) ?? 20,
      depIndex: 1,
      wardName: wards.get(code) ?? '',
      area: toSamplingArea(code, f.geometry),
    });
  }
  lsoas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const totalPop = lsoas.reduce((s, l) => s + l.population, 0);
  const meanScore = lsoas.reduce((s, l) => s + l.imdScore * l.population, 0) / Math.max(1, totalPop);
  for (const l of lsoas) l.depIndex = l.imdScore / (meanScore || 1);
  return lsoas;
}

/** The pilot-style partnership folder layout, used when `--partnership` is given. */
export function partnershipSources(dir: string): AreaSources {
  return {
    boundaries: join(dir, 'geography', 'lsoa21.geojson'),
    population: join(dir, 'reference', 'population_age6.csv'),
    households: join(dir, 'reference', 'households.csv'),
    imd: join(dir, 'reference', 'imd2025.csv'),
    wardLookup: join(dir, 'lookups', 'lsoa21_ward_lad.csv'),
  };
}

/**
 * National inputs from the open data folder (open-data.ts): English E01 LSOAs only by default (IMD 2025 is
 * England-only), or every LSOA of England and Wales (35,672) with `wales` (Welsh LSOAs then take the
 * neutral IMD default).
 */
export function nationalSources(dataDir: string, options: { wales?: boolean } = {}): AreaSources {
  return {
    boundaries: join(dataDir, 'boundaries-england-wales', 'lsoa21_england_wales_simplified.geojson.gz'),
    population: join(dataDir, 'population', 'census2021_usual_residents_lsoa21_age6_england_wales.csv.gz'),
    households: join(dataDir, 'population', 'census2021_ts011_households_by_deprivation_dimensions_lsoa21_england_wales.csv.gz'),
    imd: join(dataDir, 'imd2025', 'imd2025_england_lsoa21.csv.gz'),
    codePrefix: options.wales ? ['E01', 'W01'] : 'E01',
  };
}

/** Reads a small JSON file and validates it. */
export function readJson<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
