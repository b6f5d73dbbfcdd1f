/**
 * Where the dataset tools and the benchmarks find real open data that is not in the repository
 * (England and Wales boundaries, Census 2021, IMD 2025, data.police.uk and Fingertips files), and
 * which prepared files the England-and-Wales benchmark needs. Nothing `npm start` or `npm test`
 * needs lives there: tests that use it are skipped, with `missingOpenDataMessage`, when it is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The environment variable that points at the open data folder. */
export const OPEN_DATA_ENV = 'OBSERVATORY_OPEN_DATA';
/** Where `fetch-open-data.ts` puts the files when the variable is not set (gitignored). */
export const DEFAULT_OPEN_DATA_DIR = resolve(import.meta.dirname, '..', '..', '.observatory', 'open-data');
/** The command that fetches the national files. */
export const FETCH_COMMAND = 'node --import tsx datasets/tools/fetch-open-data.ts';

/** The open data folder: an explicit `--data`, else `OBSERVATORY_OPEN_DATA`, else `.observatory/open-data`. */
export function openDataDir(explicit?: string): string {
  const fromEnv = process.env[OPEN_DATA_ENV];
  return resolve(explicit ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_OPEN_DATA_DIR));
}

/** The files (paths relative to the folder) that are missing from `dir`. */
export function missingOpenData(dir: string, files: readonly string[]): string[] {
  return files.filter((f) => !existsSync(join(dir, f)));
}

/** Says which files are missing from which folder and how to provide them. */
export function missingOpenDataMessage(dir: string, missing: readonly string[]): string {
  return [
    `open data missing from ${dir}: ${missing.join(', ')}.`,
    `Set ${OPEN_DATA_ENV} to a folder that has them, or fetch the England-and-Wales files with \`${FETCH_COMMAND}\``,
    `(${FETCH_COMMAND} --list names their sources).`,
  ].join(' ');
}

/** The open data folder, after checking that it holds `files`; throws with `missingOpenDataMessage` otherwise. */
export function requireOpenDataDir(explicit: string | undefined, files: readonly string[]): string {
  const dir = openDataDir(explicit);
  const missing = missingOpenData(dir, files);
  if (missing.length > 0) throw new Error(missingOpenDataMessage(dir, missing));
  return dir;
}

/** One prepared file of the national benchmark: where it goes, its bytes, and where it comes from. */
export interface OpenDataFile {
  /** Path inside the open data folder. */
  path: string;
  sha256: string;
  bytes: number;
  /** The official publisher's page for the data. */
  officialSource: string;
  /** The public snapshot the prepared file was made from, and how. */
  preparedFrom: string;
}

/**
 * The inputs of the England-and-Wales benchmark (`bench/national-partnership.ts`) and of
 * `generate-extracts.ts --national`. The hashes are those of the prepared files the code reads.
 */
export const NATIONAL_OPEN_DATA: readonly OpenDataFile[] = [
  {
    path: 'boundaries-england-wales/lsoa21_england_wales_simplified.geojson.gz',
    sha256: '4a0df7c9fc8e0562ad55dc00ccbc71ae873b606ffb7fc9bdfed371ba2c8f89ff',
    bytes: 9_340_840,
    officialSource: 'https://geoportal.statistics.gov.uk/ (ONS Open Geography Portal: LSOA December 2021 boundaries EW, generalised clipped BGC)',
    preparedFrom:
      'github.com/drkane/geo-lookups @ e20a072d5fc0918437abaa3622be63f40b71d9dd boundaries/lsoa/*.geojson (ONS BGC), merged and de-duplicated by LSOA21CD (35,672), simplified at 0.0002° keeping topology, coordinates to 5 decimals, LADCD_ACTIVE renamed LAD_CODE',
  },
  {
    path: 'population/census2021_usual_residents_lsoa21_age6_england_wales.csv.gz',
    sha256: '108a3f3971c2c8cf284567bb47106acb021406eeb36857920830ae0db07a35a2',
    bytes: 1_143_226,
    officialSource: 'https://www.ons.gov.uk/datasets/create (ONS Census 2021 custom dataset: LSOA 2021 × age, 6 categories)',
    preparedFrom: 'github.com/cwthom/hack25usefuldata @ ac00fc579549da8d5c48a4736b5b4162fcaebb32 data/census21_pop.rda, written as CSV (values unchanged), gzipped',
  },
  {
    path: 'population/census2021_ts011_households_by_deprivation_dimensions_lsoa21_england_wales.csv.gz',
    sha256: '3a8db226d933fb65d57546834104c049b40dfc09bf7f97ffe83e0391af9fdd99',
    bytes: 902_970,
    officialSource: 'https://www.nomisweb.co.uk/sources/census_2021_bulk (Census 2021 TS011, Nomis NM_2031_1)',
    preparedFrom: 'github.com/humaniverse/IMD @ 2f6c9050afee99a40041eb63b02b6b0c58850704 data/census21_deprivation_england_wales_lsoa21.rda, written as CSV (values unchanged), gzipped',
  },
  {
    path: 'imd2025/imd2025_england_lsoa21.csv.gz',
    sha256: 'b0b9a6de6a150de99b15a3515a97d8cf3b81eebb469ebd0f5850e1cf07f729f4',
    bytes: 1_741_187,
    officialSource: 'https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025 (MHCLG File 7: all ranks, scores, deciles and denominators)',
    preparedFrom: 'github.com/humaniverse/IMD @ 2f6c9050afee99a40041eb63b02b6b0c58850704 data/imd2025_england_lsoa21.rda (MHCLG File 7, columns renamed by the package), written as CSV (values unchanged), gzipped',
  },
  {
    path: 'health-fingertips/fingertips_healthdata_subset_england_nw.csv',
    sha256: 'ea648d3848b2a8e19cc7dd59a93149d534e57dcdd92f35cf3b960891d1df0c43',
    bytes: 4_047_377,
    officialSource: 'https://fingertips.phe.org.uk/ (OHID Fingertips API, indicator values)',
    preparedFrom: 'github.com/dhsc-govuk/FingertipsNext @ 151f984a7e4da71a73a8103050f5a5370097ae57 DataCreator/DataCreator/data/out/healthdata.csv, rows for England, North West areas and Lancashire',
  },
];
