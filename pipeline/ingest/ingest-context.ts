import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { loadAgreements } from '../agreements/load-agreements.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { ObservatoryConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { jsonText } from '../db/typed-rows.ts';
import { DATASETS, datasetTablesDdl } from '../datasets/registry.ts';
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
  /** The day whose agreements apply when an ingest names none. */
  clock: Clock;
  /** Tests only: awaited once a load's stage is filled, so a test can hold an ingest mid-way (to cancel it) without relying on timing. */
  testPause?: (point: 'staged', signal: AbortSignal | null) => Promise<void>;
};

/** Creates the dataset tables if missing. */
export async function ensureDatasetTables(db: Database): Promise<void> {
  for (const module of DATASETS) for (const ddl of datasetTablesDdl(module)) await db.exec(ddl);
}

function readPostcodes(file: string | null): Map<string, string> | null {
  if (!file) return null;
  const parsed = Papa.parse<{ postcode: string; lsoa21_code: string }>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  return new Map(parsed.data.map((row) => [normalisePostcode(row.postcode), row.lsoa21_code]));
}

/**
 * An LSOA polygon as area_geometry holds it. Its GeoJSON was checked when the reference data was
 * loaded; here only its type and the presence of coordinates are, since walking every coordinate of
 * 35,000 national LSOAs through zod would cost seconds at each start.
 */
const lsoaShapeRow = z.object({
  code: z.string(),
  geometry: jsonText(
    z.custom<Polygon | MultiPolygon>(
      (value) =>
        typeof value === 'object' && value !== null && 'type' in value && (value.type === 'Polygon' || value.type === 'MultiPolygon') &&
        'coordinates' in value && Array.isArray(value.coordinates),
      'is not a GeoJSON Polygon or MultiPolygon',
    ),
  ),
});

/** Builds the placement reference from the loaded geography (LSOA polygons, 2011→2021 lookup). */
export async function createRecordPlacer(db: Database, postcodeFile: string | null): Promise<RecordPlacer> {
  const areas = await db.all(`SELECT code, geometry FROM area_geometry WHERE level = 'lsoa'`, {}, lsoaShapeRow);
  const mappings = await db.all(
    `SELECT lsoa11_code, lsoa21_code, share_of_lsoa11 FROM lsoa11_lsoa21 ORDER BY lsoa11_code, lsoa21_code`,
    {},
    z.object({ lsoa11_code: z.string(), lsoa21_code: z.string(), share_of_lsoa11: z.number() }),
  );
  const lsoa11To21 = new Map<string, Lsoa11Mapping[]>();
  for (const row of mappings) {
    const list = lsoa11To21.get(row.lsoa11_code) ?? [];
    list.push({ lsoa21: row.lsoa21_code, shareOfLsoa11: row.share_of_lsoa11 });
    lsoa11To21.set(row.lsoa11_code, list);
  }
  return new RecordPlacer({
    locator: new LsoaLocator(areas),
    lsoa21Codes: new Set(areas.map((a) => a.code)),
    lsoa11To21,
    postcodes: readPostcodes(postcodeFile),
  });
}

/** Creates the ingest context for a partnership whose reference data is already loaded. */
export async function createIngestContext(db: Database, partnership: Partnership, config: ObservatoryConfig, clock: Clock = systemClock): Promise<IngestContext> {
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
    clock,
  };
}
