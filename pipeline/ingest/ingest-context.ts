import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Papa from 'papaparse';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { loadAgreements } from '../agreements/load-agreements.ts';
import type { ObservatoryConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { DATASETS, datasetTableDdl } from '../datasets/registry.ts';
import type { Partnership } from '../partnership/partnership.ts';
import { LsoaLocator } from '../placement/lsoa-locator.ts';
import { RecordPlacer, normalisePostcode, type Lsoa11Mapping } from '../placement/record-placer.ts';
import { Pseudonymiser } from './pseudonymiser.ts';

/** Everything an ingest needs besides the file: the database, agreements, placement and keys. */
export type IngestContext = {
  db: Database;
  agreements: Agreement[];
  placer: RecordPlacer;
  pseudonymiser: Pseudonymiser;
  loadedBy: string;
};

/** Creates the dataset tables if missing. */
export async function ensureDatasetTables(db: Database): Promise<void> {
  for (const module of DATASETS) await db.exec(datasetTableDdl(module));
}

function readPostcodes(file: string | null): Map<string, string> | null {
  if (!file) return null;
  const parsed = Papa.parse<{ postcode: string; lsoa21_code: string }>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  return new Map(parsed.data.map((row) => [normalisePostcode(row.postcode), row.lsoa21_code]));
}

/** Builds the placement reference from the loaded geography (LSOA polygons, 2011→2021 lookup). */
export async function createRecordPlacer(db: Database, postcodeFile: string | null): Promise<RecordPlacer> {
  const shapes = await db.all(`SELECT code, geometry FROM area_geometry WHERE level = 'lsoa'`);
  const areas = shapes.map((row) => ({ code: String(row.code), geometry: JSON.parse(String(row.geometry)) as Polygon | MultiPolygon }));
  const mappings = await db.all(`SELECT lsoa11_code, lsoa21_code, share_of_lsoa11 FROM lsoa11_lsoa21 ORDER BY lsoa11_code, lsoa21_code`);
  const lsoa11To21 = new Map<string, Lsoa11Mapping[]>();
  for (const row of mappings) {
    const list = lsoa11To21.get(String(row.lsoa11_code)) ?? [];
    list.push({ lsoa21: String(row.lsoa21_code), shareOfLsoa11: Number(row.share_of_lsoa11) });
    lsoa11To21.set(String(row.lsoa11_code), list);
  }
  return new RecordPlacer({
    locator: new LsoaLocator(areas),
    lsoa21Codes: new Set(areas.map((a) => a.code)),
    lsoa11To21,
    postcodes: readPostcodes(postcodeFile),
  });
}

/** Creates the ingest context for a partnership whose reference data is already loaded. */
export async function createIngestContext(db: Database, partnership: Partnership, config: ObservatoryConfig): Promise<IngestContext> {
  await ensureDatasetTables(db);
  return {
    db,
    agreements: loadAgreements(partnership.dir),
    placer: await createRecordPlacer(db, partnership.files.postcodeLookup),
    pseudonymiser: Pseudonymiser.fromConfig({
      key: config.pseudonymKey,
      keyFile: config.pseudonymKeyFile ?? join(dirname(config.databasePath), 'pseudonym.key'),
    }),
    loadedBy: config.user,
  };
}
